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
failures emulated) against a credit limit that allows one.  From the project root::

    .venv/bin/python -m bench.bench_credit_peers [--sizes 0,1000,10000,50000] [--runs 9]
"""
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench import harness
from bench.bench_credit import DEFAULT_SIZES, Generator
from bench.harness import ROOT, Column, say

OCA_DIR = ROOT / '.csm' / 'oca'
OCA_ADDONS = OCA_DIR / 'pkg' / 'odoo' / 'addons'
OCA_PACKAGES = ['odoo11-addon-sale-financial-risk==11.0.3.0.0',
                'odoo11-addon-account-financial-risk==11.0.3.1.0']
PEERS_CONF = ROOT / '.csm' / 'odoo_peers.conf'
HOST_MODULES = 'sale_management,stock,l10n_cn_standard'


# ---------------------------------------------------------------------- set-up
def _oca_addons():
    """The OCA modules from PyPI, without their dependencies, in a folder of their own."""
    if (OCA_ADDONS / 'sale_financial_risk').exists() and (OCA_ADDONS / 'account_financial_risk').exists():
        return
    say('downloading %s' % ', '.join(OCA_PACKAGES))
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
    harness.odoo_run(PEERS_CONF, *args)
    return time.time() - started


# ---------------------------------------------------------------------- measurements
class Side(object):
    """One database: its registry, the generated customers, one confirmation measured."""

    def __init__(self, name, db, sizes, policy):
        import odoo
        from odoo import SUPERUSER_ID, api
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
            if host_only:   # the host's implementation
                result = harness.host_method(order, 'action_confirm')()
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
            say('round %d/%d' % (run - warmup + 1, runs))
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
def _table_rows(samples, sizes, names):
    med = statistics.median
    rows = []
    for size in sizes:
        ms = {name: med(s[0] for s in samples[(name, size)]) for name in names}
        sql = {name: med(s[1] for s in samples[(name, size)]) for name in names}
        paired = med(a[0] - b[0] for a, b in zip(samples[('ours', size)], samples[('ours host', size)]))
        rows.append([size] + [ms[name] for name in names]
                    + [ms['oca'] - ms['plain'], ms['ours'] - ms['plain'], paired]
                    + [sql[name] for name in names]
                    + [sql['oca'] - sql['plain'], sql['ours'] - sql['ours host']])
    return rows


def _columns(names):
    return ([Column('N', fmt='{:,}')] + [Column(name, 'ms', '%.1f') for name in names]
            + [Column(title, 'ms', '%+.1f') for title in ('OCA overhead', 'ours overhead',
                                                         'ours - host (same db)')]
            + [Column('SQL %s' % name, fmt='%d') for name in names]
            + [Column('SQL OCA policy', fmt='%+d'), Column('SQL ours policy', fmt='%+d')])


RACE_COLUMNS = [Column('policy'), Column('round', fmt='%d'), Column('confirmed', fmt='%d'),
                Column('confirmed total', fmt='%.0f'), Column('limit', fmt='%.0f'),
                Column('overdraft'), Column('serialization retries', fmt='%d'),
                Column('errors')]


def main(argv=None):
    parser = harness.arguments('bench.bench_credit_peers', __doc__, db='csm_h4_bench')
    parser.add_argument('--plain-db', default='csm_peer_plain')
    parser.add_argument('--oca-db', default='csm_peer_oca')
    parser.add_argument('--sizes', default=','.join(str(size) for size in DEFAULT_SIZES))
    harness.runs_arguments(parser, runs=9, warmup=2)
    parser.add_argument('--race-rounds', type=int, default=3,
                        help='repetitions of the concurrency case per policy')
    args = harness.parse(parser, argv)
    sizes = harness.sizes(args.sizes)
    harness.ensure_database(args)           # ours: the credit benchmark's database
    _oca_addons()
    _peers_conf(args.config)
    connect = harness.connector(args.config)
    notes = []

    odoo = harness.load_odoo(PEERS_CONF)
    from odoo import api

    if not harness.module_installed(connect, args.plain_db, 'sale_management'):
        say('creating %s with %s (a few minutes)' % (args.plain_db, HOST_MODULES))
        _odoo('-d', args.plain_db, '-i', HOST_MODULES, '--without-demo', 'all')
    with api.Environment.manage():
        Side('plain', args.plain_db, sizes, None).close()   # generates the missing customers
    if not harness.module_installed(connect, args.oca_db, 'sale_financial_risk'):
        odoo.sql_db.close_db(args.plain_db)
        connection = connect('postgres')
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % args.oca_db)
            cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (args.oca_db, args.plain_db))
        connection.close()
        say('installing sale_financial_risk in %s (a copy of %s)' % (args.oca_db, args.plain_db))
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
        say(notes[-1])

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
    harness.report('Credit check at confirmation, plain Odoo 11 / OCA sale_financial_risk / this '
                   'add-on: median of %d interleaved rounds (after %d warm-up), one-line '
                   'quotation, cold cache' % (args.runs, args.warmup), *notes)
    names = [side.name for side in sides] + ['ours host']
    harness.print_table(_columns(names), _table_rows(samples, sizes, names))
    print()
    print('plain: %s; oca: the same + sale_financial_risk; ours: this add-on\'s database; '
          'ours host: the host\'s action_confirm in that database (the MRO after the add-on), '
          'ours - host: median of the paired differences; SQL OCA policy: SQL oca - SQL plain; '
          'SQL ours policy: SQL ours - SQL ours host' % HOST_MODULES)
    print()
    print('Concurrency case: 4 quotations of 600 confirmed at once, credit limit 1 000 (one fits)')
    harness.print_table(RACE_COLUMNS, [
        (name, index // 2 + 1, confirmed, total, limit,
         'YES (%.0f over)' % (total - limit) if total > limit else 'no', retries,
         '; '.join(errors)[:120] or '-')
        for index, (name, (confirmed, total, limit, retries, errors)) in enumerate(races)])
    harness.finish(args)


if __name__ == '__main__':
    main()
