"""Credit check at order confirmation beside the community module (issue 12, item 6): not
a test, a printed table.

Three databases, measured in one process, in interleaved rounds (alternating order):

* ``plain``: Odoo 11 with sale_management and stock (sale_stock), the Chinese chart: the
  host's own confirmation, no credit policy;
* ``oca``: a copy of ``plain`` (same generated data) with the OCA modules
  ``sale_financial_risk`` + ``account_financial_risk`` (PyPI ``odoo11-addon-*``, installed
  with ``pip install --no-deps --target .csm/oca/pkg`` and put on the addons path of this
  benchmark only: never a dependency of the add-on), the customer's open invoices and open
  orders included in its risk;
* ``ours``: the credit benchmark's database (``bench_credit``) with this add-on.

For N = 0, 1 000, 10 000, 50 000 open invoices (and as many open orders) of the customer,
generated with SQL (``bench.bench_credit.Generator``): the median time and SQL query count of
``action_confirm`` of a new one-line quotation (cold record cache, rolled back), and each
policy's overhead over plain.  Then the concurrency case in both policy databases: 4
quotations confirmed at the same moment from 4 connections (Odoo's retry of serialization
failures emulated) against a credit limit that allows one.

    .venv/bin/python -m bench.bench_credit_peers [--sizes 0,1000,10000,50000] [--runs 9]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench.bench_credit import DEFAULT_CONF, ROOT, _ensure_database, _reexec_in_venv

OCA_DIR = ROOT / '.csm' / 'oca'
OCA_ADDONS = OCA_DIR / 'pkg' / 'odoo' / 'addons'
OCA_PACKAGES = ['odoo11-addon-sale-financial-risk==11.0.3.0.0',
                'odoo11-addon-account-financial-risk==11.0.3.1.0']
PEERS_CONF = ROOT / '.csm' / 'odoo_peers.conf'
HOST_MODULES = 'sale_management,stock,l10n_cn_standard'
DEFAULT_SIZES = (0, 1000, 10000, 50000)


def _say(message):
    print('[bench] %s' % message, flush=True)


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog='bench.bench_credit_peers', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--db', default='csm_h4_bench', help="this add-on's database (the "
                        "credit benchmark's, created when missing)")
    parser.add_argument('--plain-db', default='csm_peer_plain')
    parser.add_argument('--oca-db', default='csm_peer_oca')
    parser.add_argument('-c', '--config', default=str(DEFAULT_CONF))
    parser.add_argument('--sizes', default=','.join(str(size) for size in DEFAULT_SIZES))
    parser.add_argument('--runs', type=int, default=9)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--race-rounds', type=int, default=3,
                        help='repetitions of the concurrency case per policy')
    parser.add_argument('--update', action='store_true', help='upgrade the add-on first')
    return parser.parse_args(argv)


# ---------------------------------------------------------------------- set-up
def _oca_addons():
    """The OCA modules from PyPI, without their dependencies, in a folder of their own."""
    if (OCA_ADDONS / 'sale_financial_risk').exists() and (OCA_ADDONS / 'account_financial_risk').exists():
        return
    _say('downloading %s' % ', '.join(OCA_PACKAGES))
    pip = [sys.executable, '-m', 'pip']
    subprocess.run(pip + ['download', '--no-deps', '-d', str(OCA_DIR / 'dl')] + OCA_PACKAGES,
                   check=True)
    if (OCA_DIR / 'pkg').exists():
        shutil.rmtree(str(OCA_DIR / 'pkg'))
    subprocess.run(pip + ['install', '--no-deps', '--target', str(OCA_DIR / 'pkg')]
                   + sorted(str(path) for path in (OCA_DIR / 'dl').glob('*.whl')), check=True)


def _peers_conf(config):
    """odoo.conf with the OCA folder appended to the addons path (this benchmark only)."""
    lines = []
    for line in Path(config).read_text().splitlines():
        if line.startswith('addons_path'):
            line = '%s,%s' % (line, OCA_ADDONS)
        lines.append(line)
    PEERS_CONF.write_text('\n'.join(lines) + '\n')
    return PEERS_CONF


def _odoo(*args):
    started = time.time()
    command = [sys.executable, '-m', 'csm_host.odoo_main', '-c', str(PEERS_CONF),
               '--log-level', 'warn', '--stop-after-init'] + list(args)
    if subprocess.run(command, cwd=str(ROOT)).returncode:
        sys.exit('[bench] odoo %s failed' % ' '.join(args))
    return time.time() - started


def _module_installed(connect, db, module):
    import psycopg2
    try:
        connection = connect('postgres')
        with connection, connection.cursor() as cr:
            cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', [db])
            exists = cr.fetchone()
        connection.close()
        if not exists:
            return False
        connection = connect(db)
        with connection, connection.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
            row = cr.fetchone()
        connection.close()
        return bool(row) and row[0] == 'installed'
    except psycopg2.Error:
        return False


# ---------------------------------------------------------------------- measurements
class Side(object):
    """One database: its registry, the generated customers, one confirmation measured."""

    def __init__(self, name, db, sizes, policy):
        import odoo
        from odoo import SUPERUSER_ID, api
        from bench.bench_credit import Generator
        self.name = name
        self.policy = policy      # None, 'oca', 'ours'
        self.registry = odoo.registry(db)
        self.cr = self.registry.cursor()
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        generator = Generator(self.env)
        self.customers = {size: generator.customer(size) for size in sizes}
        self.product = generator.product
        if policy == 'oca':
            # open invoices and open orders count in the risk (as the add-on's exposure)
            for partner in self.customers.values():
                partner.write({'risk_invoice_open_include': True, 'risk_sale_order_include': True})
            # customers generated after the module's installation (SQL, no compute): its
            # stored line fields as its computes give them for a confirmed, uninvoiced line
            self.cr.execute("""
                UPDATE sale_order_line sol
                SET commercial_partner_id = p.commercial_partner_id, risk_amount = sol.price_total
                FROM res_partner p
                WHERE p.id = sol.order_partner_id AND sol.order_partner_id IN %s
                  AND sol.commercial_partner_id IS NULL""",
                            [tuple(partner.id for partner in self.customers.values())])
        self.cr.commit()

    def close(self):
        self.cr.rollback()
        self.cr.close()

    def _quotation(self, partner):
        return self.env['sale.order'].create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 2,
                                   'price_unit': 150.0, 'tax_id': [(6, 0, [])]})]})

    def confirm(self, size, host_only=False):
        """(ms, queries) of confirming a new quotation, cold record cache, rolled back."""
        cr = self.cr
        cr.execute('SAVEPOINT bench_run')
        try:
            order = self._quotation(self.customers[size])
            self.env.cache.invalidate()
            queries = cr.sql_log_count
            started = time.perf_counter()
            if host_only:
                from odoo.addons.customer_service_mgmt.models.sale_order import SaleOrder
                result = super(SaleOrder, order).action_confirm()
            else:
                result = order.action_confirm()
            elapsed = (time.perf_counter() - started) * 1000.0
            count = cr.sql_log_count - queries
            assert result is True and order.state == 'sale', \
                '%s: the benchmark order was not confirmed: %r' % (self.name, result)
            return elapsed, count
        finally:
            cr.execute('ROLLBACK TO SAVEPOINT bench_run')
            self.env.clear()


def measure(sides, sizes, runs, warmup):
    """{(side name, size): [(ms, queries)]}, interleaved rounds in alternating order."""
    figures = [(side, size, False) for side in sides for size in sizes]
    figures += [(side, size, True) for side in sides if side.policy == 'ours' for size in sizes]
    samples = {(side.name + (' host' if host else ''), size): [] for side, size, host in figures}
    for run in range(warmup + runs):
        for side, size, host in (figures if run % 2 else figures[::-1]):
            sample = side.confirm(size, host_only=host)
            if run >= warmup:
                samples[(side.name + (' host' if host else ''), size)].append(sample)
        if run >= warmup:
            _say('round %d/%d' % (run - warmup + 1, runs))
    return samples


# ---------------------------------------------------------------------- concurrency case
def race(db, policy, tag, confirmations=4, amount=600.0, limit=1000.0):
    """4 quotations of 600 confirmed at once against a limit of 1 000 (one passes);
    returns (confirmed, confirmed total, limit, retries, errors)."""
    import odoo
    import psycopg2
    from odoo import SUPERUSER_ID, api
    from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        values = {'name': 'Bench race %s' % tag, 'is_company': True, 'customer': True,
                  'credit_limit': limit}
        if policy == 'oca':
            values.update(risk_invoice_open_include=True, risk_sale_order_include=True)
        partner = env['res.partner'].create(values)
        product = env['product.product'].create({
            'name': 'Bench race service %s' % tag, 'type': 'service', 'invoice_policy': 'order',
            'taxes_id': [(6, 0, [])]})
        order_ids = [env['sale.order'].create({
            'partner_id': partner.id, 'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': 1, 'price_unit': amount,
                'tax_id': [(6, 0, [])]})]}).id for _i in range(confirmations)]
        partner_id = partner.id
    barrier = threading.Barrier(confirmations, timeout=60)
    counters = {'retries': 0, 'errors': []}
    lock = threading.Lock()

    def confirm(order_id):
        threading.current_thread().dbname = db
        try:
            barrier.wait()
            for tries in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
                try:
                    with api.Environment.manage(), registry.cursor() as cr:
                        api.Environment(cr, SUPERUSER_ID, {})['sale.order'].browse(order_id).action_confirm()
                    return
                except psycopg2.OperationalError as error:
                    # odoo/service/model.py: roll back, wait at random, try again
                    if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY \
                            or tries == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                        raise
                    with lock:
                        counters['retries'] += 1
                    time.sleep(random.uniform(0.0, 0.05 * 2 ** tries))
        except Exception as error:
            counters['errors'].append('%s: %s' % (type(error).__name__, error))

    threads = [threading.Thread(target=confirm, args=(order_id,)) for order_id in order_ids]
    # the serialization failures retried are logged as errors by odoo.sql_db: counted instead
    with odoo.tools.mute_logger('odoo.sql_db'):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    with api.Environment.manage(), registry.cursor() as cr:
        cr.execute("SELECT COUNT(*), COALESCE(SUM(amount_total), 0) FROM sale_order "
                   "WHERE partner_id = %s AND state = 'sale'", [partner_id])
        confirmed, total = cr.fetchone()
    return confirmed, total, limit, counters['retries'], counters['errors']


# ---------------------------------------------------------------------- main
def _table(samples, sizes, sides):
    med = statistics.median
    names = [side.name for side in sides] + ['ours host']
    headers = ['N'] + ['%s ms' % name for name in names] + ['OCA overhead ms', 'ours overhead ms',
                                                          'ours - host (same db) ms'] \
        + ['SQL %s' % name for name in names] + ['SQL OCA policy', 'SQL ours policy']
    lines = []
    for size in sizes:
        ms = {name: med(s[0] for s in samples[(name, size)]) for name in names}
        sql = {name: med(s[1] for s in samples[(name, size)]) for name in names}
        paired = med(a[0] - b[0] for a, b in zip(samples[('ours', size)], samples[('ours host', size)]))
        lines.append(['{:,}'.format(size)] + ['%.1f' % ms[name] for name in names]
                     + ['%+.1f' % (ms['oca'] - ms['plain']), '%+.1f' % (ms['ours'] - ms['plain']),
                        '%+.1f' % paired] + ['%d' % sql[name] for name in names]
                     + ['%+d' % (sql['oca'] - sql['plain']), '%+d' % (sql['ours'] - sql['ours host'])])
    widths = [max([len(h)] + [len(line[i]) for line in lines]) for i, h in enumerate(headers)]
    out = ['| ' + ' | '.join(h.ljust(w) for h, w in zip(headers, widths)) + ' |',
           '|' + '|'.join('-' * (w + 2) for w in widths) + '|']
    out += ['| ' + ' | '.join(c.rjust(w) for c, w in zip(line, widths)) + ' |' for line in lines]
    return '\n'.join(out)


def main(argv=None):
    _reexec_in_venv('bench.bench_credit_peers')
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    sizes = [int(size) for size in args.sizes.split(',') if size.strip()]
    _ensure_database(args)           # ours: the credit benchmark's database
    _oca_addons()
    _peers_conf(args.config)
    from bench.bench_credit_load import _connector
    connect = _connector(args.config)
    notes = []

    from csm_host import compat
    compat.apply()
    import odoo
    from odoo import api
    odoo.tools.config.parse_config(['-c', str(PEERS_CONF), '--log-level', 'warn'])

    if not _module_installed(connect, args.plain_db, 'sale_management'):
        _say('creating %s with %s (a few minutes)' % (args.plain_db, HOST_MODULES))
        _odoo('-d', args.plain_db, '-i', HOST_MODULES, '--without-demo', 'all')
    with api.Environment.manage():
        Side('plain', args.plain_db, sizes, None).close()   # generates the missing customers
    if not _module_installed(connect, args.oca_db, 'sale_financial_risk'):
        odoo.sql_db.close_db(args.plain_db)
        connection = connect('postgres')
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % args.oca_db)
            cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (args.oca_db, args.plain_db))
        connection.close()
        _say('installing sale_financial_risk in %s (a copy of %s)' % (args.oca_db, args.plain_db))
        seconds = _odoo('-d', args.oca_db, '-i', 'sale_financial_risk')
        connection = connect(args.oca_db)
        with connection, connection.cursor() as cr:
            cr.execute('SELECT COUNT(*) FROM sale_order_line')
            lines = cr.fetchone()[0]
            cr.execute('SELECT COUNT(*) FROM sale_order_line WHERE commercial_partner_id IS NULL')
            missing = cr.fetchone()[0]
            # work-around of the pre_init_hook's NULL comparison (see the README)
            cr.execute("""UPDATE sale_order_line sol SET commercial_partner_id = p.commercial_partner_id
                          FROM res_partner p WHERE p.id = sol.order_partner_id
                          AND sol.commercial_partner_id IS NULL""")
        connection.close()
        notes.append('OCA install on %s (%d sale lines): %.0f s; its pre_init_hook left '
                     'commercial_partner_id NULL on %d of %d sale lines (fixed by the bench)'
                     % (args.oca_db, lines, seconds, missing, lines))
        _say(notes[-1])

    with api.Environment.manage():
        sides = [Side('plain', args.plain_db, sizes, None), Side('oca', args.oca_db, sizes, 'oca'),
                 Side('ours', args.db, sizes, 'ours')]
        samples = measure(sides, sizes, args.runs, args.warmup)
        for side in sides:
            side.close()
        races = []
        for round_ in range(args.race_rounds):
            for name, db, policy in (('oca', args.oca_db, 'oca'), ('ours', args.db, 'ours')):
                races.append((name, race(db, policy, '%s-%s' % (uuid.uuid4().hex[:6], round_))))
    print()
    print('Credit check at confirmation, plain Odoo 11 / OCA sale_financial_risk / this add-on: '
          'median of %d interleaved rounds (after %d warm-up), one-line quotation, cold cache'
          % (args.runs, args.warmup))
    print('Machine: %d CPUs, load average %.1f / %.1f / %.1f (1 / 5 / 15 min) at the end'
          % ((os.cpu_count() or 0,) + tuple(os.getloadavg())))
    for note in notes:
        print(note)
    print()
    print(_table(samples, sizes, sides))
    print()
    print('plain: %s; oca: the same + sale_financial_risk; ours: this add-on\'s database; '
          'ours host: the host\'s action_confirm in that database (the MRO after the add-on), '
          'ours - host: median of the paired differences; SQL OCA policy: SQL oca - SQL plain; '
          'SQL ours policy: SQL ours - SQL ours host' % HOST_MODULES)
    print()
    print('Concurrency case: 4 quotations of 600 confirmed at once, credit limit 1 000 (one fits)')
    print('| policy | round | confirmed | confirmed total | limit | overdraft | retries | errors |')
    print('|--------|-------|-----------|-----------------|-------|-----------|---------|--------|')
    for index, (name, (confirmed, total, limit, retries, errors)) in enumerate(races):
        print('| %s | %d | %d | %.0f | %.0f | %s | %d | %s |' % (
            name, index // 2 + 1, confirmed, total, limit,
            'YES (%.0f over)' % (total - limit) if total > limit else 'no', retries,
            '; '.join(errors)[:120] or '-'))


if __name__ == '__main__':
    main()
