"""The add-on's life cycle on a scratch database of its own (install, upgrade, uninstall);
its packaging is tested in test_packaging.py."""
import json
import os
import re
import shutil
import subprocess
import sys

import psycopg2
import pytest

import odoo

ADDON = 'customer_service_mgmt'
# Odoo log lines at WARNING or above; py.warnings are Python's own deprecation notices
_PROBLEM = re.compile(r'^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) \S+ (?!py\.warnings:)')

# Business data on the scratch database, with the host alone (it has no chart of accounts:
# the few accounts and journals an invoice and a payment need are created here, which is
# much faster than installing a chart).  Steps, run in order in one process (each Odoo
# process start costs a registry load): ``data`` creates a customer, a confirmed order, a
# posted invoice and a partial payment; ``invoice`` creates, posts and pays an invoice in
# full (run after the uninstall); ``figures`` reads the exposure rows and the drift;
# ``uninstall`` and ``install`` run the module buttons (after the uninstall, the views of
# the models the add-on extended, given after the steps, must still combine without it).
_BUSINESS = '''
import json, sys
from csm_host import compat
compat.apply()
import odoo
from odoo import api, SUPERUSER_ID
conf, db, steps, extended = sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4:]
odoo.tools.config.parse_config(['-c', conf, '--log-level=warn'])
ADDON = 'customer_service_mgmt'


def accounts(env):
    Account = env['account.account']
    found = Account.search([('code', '=', 'LC1100')])
    if found:
        return found, Account.search([('code', '=', 'LC4000')]), Account.search([('code', '=', 'LC1000')])
    receivable = Account.create({'code': 'LC1100', 'name': 'Receivable', 'reconcile': True,
                                 'user_type_id': env.ref('account.data_account_type_receivable').id})
    revenue = Account.create({'code': 'LC4000', 'name': 'Sales',
                              'user_type_id': env.ref('account.data_account_type_revenue').id})
    bank = Account.create({'code': 'LC1000', 'name': 'Bank',
                           'user_type_id': env.ref('account.data_account_type_liquidity').id})
    env['account.journal'].create({'name': 'Sales', 'code': 'LCS', 'type': 'sale',
                                   'default_debit_account_id': revenue.id,
                                   'default_credit_account_id': revenue.id,
                                   'update_posted': True})
    env['account.journal'].create({'name': 'Bank', 'code': 'LCB', 'type': 'bank',
                                   'default_debit_account_id': bank.id,
                                   'default_credit_account_id': bank.id})
    return receivable, revenue, bank


def invoice(env, partner, revenue, amount):
    result = env['account.invoice'].create({
        'partner_id': partner.id, 'type': 'out_invoice',
        'invoice_line_ids': [(0, 0, {'name': 'Goods', 'account_id': revenue.id, 'quantity': 1,
                                     'price_unit': amount})]})
    result.action_invoice_open()
    return result


def pay(env, invoice, amount):
    payment = env['account.payment'].create({
        'payment_type': 'inbound', 'partner_type': 'customer',
        'partner_id': invoice.commercial_partner_id.id, 'amount': amount,
        'journal_id': env['account.journal'].search([('code', '=', 'LCB')]).id,
        'payment_method_id': env.ref('account.account_payment_method_manual_in').id,
        'invoice_ids': [(6, 0, invoice.ids)]})
    payment.post()


out = {}
with api.Environment.manage():
    for mode in steps:
        with odoo.registry(db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if mode in ('data', 'invoice'):
                receivable, revenue, _bank = accounts(env)
                partner = env['res.partner'].search([('name', '=', 'Lifecycle Customer')]) or \\
                    env['res.partner'].create({'name': 'Lifecycle Customer', 'is_company': True,
                                               'customer': True,
                                               'property_account_receivable_id': receivable.id})
            if mode == 'data':
                contact = env['res.partner'].create({'name': 'Lifecycle Contact',
                                                     'parent_id': partner.id})
                product = env['product.product'].create({
                    'name': 'Lifecycle goods', 'type': 'service', 'invoice_policy': 'order',
                    'property_account_income_id': revenue.id})
                order = env['sale.order'].create({'partner_id': contact.id, 'order_line': [
                    (0, 0, {'product_id': product.id, 'product_uom_qty': 2, 'price_unit': 232.0,
                            'tax_id': [(6, 0, [])]})]})
                order.action_confirm()
                assert order.state == 'sale', order.state
                pay(env, invoice(env, partner, revenue, 1000.0), 400.0)
            elif mode == 'invoice':
                posted = invoice(env, partner, revenue, 300.0)
                pay(env, posted, 300.0)
                out['invoice_state'] = posted.state
            elif mode == 'figures':
                cr.execute('SELECT name, state FROM sale_order ORDER BY id')
                orders = [list(row) for row in cr.fetchall()]
                cr.execute('SELECT p.name, e.receivable, e.draft_invoices, e.open_orders, '
                           'e.amount_total FROM cs_credit_exposure e JOIN res_partner p '
                           'ON p.id = e.partner_id ORDER BY p.name')
                out.setdefault('figures', []).append({
                    'exposure': [[name] + [float(v) for v in values]
                                 for name, *values in cr.fetchall()],
                    'drift': [str(d) for d in env['cs.credit.exposure'].drift()],
                    'orders': orders})
            elif mode in ('uninstall', 'install'):
                module = env['ir.module.module'].search([('name', '=', ADDON)])
                getattr(module, 'button_immediate_' + mode)()
        if mode == 'uninstall':
            with odoo.registry(db).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                for model in extended:
                    for view_type in ('form', 'tree', 'search'):
                        env[model].fields_view_get(view_type=view_type)
print('RESULT ' + json.dumps(out))
'''

# what the add-on creates outside the ORM: pg objects whose name starts with cs_ on the
# host's tables, functions of that prefix, the due-date table and the index
_OUTSIDE_ORM = '''
SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'cs\\_%%'
UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proname LIKE 'cs\\_%%'
UNION ALL SELECT 'relation ' || relname FROM pg_class
          WHERE relname IN ('cs_credit_due', 'cs_aml_open_due_idx', 'cs_credit_exposure')
ORDER BY 1
'''


def _conf():
    return os.environ.get('CSM_ODOO_CONF') or odoo.tools.config.rcfile


def _run(*command):
    """Run an Odoo process; fail on its exit status or any warning/error it logs."""
    result = subprocess.run([sys.executable] + list(command), capture_output=True, text=True,
                            timeout=1500)
    problems = [line for line in result.stderr.splitlines() if _PROBLEM.match(line)]
    assert result.returncode == 0 and not problems, '\n'.join(
        [' '.join(command[:3])] + problems + ['--- end of its output:', result.stderr[-3000:]])
    return result.stdout


def _business(db, steps, *extended):
    out = _run('-c', _BUSINESS, _conf(), db, steps, *extended)
    return json.loads([line for line in out.splitlines() if line.startswith('RESULT ')][-1][7:])


def _odoo(db, *args):
    _run('-m', 'csm_host.odoo_main', '-c', _conf(), '-d', db, '--stop-after-init',
         '--log-level=warn', *args)


def _connect(dbname):
    config = odoo.tools.config
    connection = psycopg2.connect(dbname=dbname, host=config['db_host'], port=config['db_port'],
                                  user=config['db_user'], password=config['db_password'] or None)
    connection.autocommit = True
    return connection


class _Scratch:
    """SQL on the scratch database, so that this process never loads its registry."""

    def __init__(self, name):
        self.connection = _connect(name)

    def rows(self, query, *params):
        with self.connection.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def owned(self, model):
        """ids of the ``model`` records only the add-on declares (the models and fields it
        extends also have XML ids of their own modules)."""
        return tuple(id_ for id_, in self.rows(
            'SELECT res_id FROM ir_model_data d WHERE module = %s AND model = %s AND NOT EXISTS '
            '(SELECT 1 FROM ir_model_data o WHERE o.model = d.model AND o.res_id = d.res_id '
            'AND o.module != d.module) ORDER BY res_id', ADDON, model))

    def snapshot(self):
        """Models, tables, menus, groups and columns (on other models) the add-on owns."""
        models = [name for name, in self.rows(
            'SELECT model FROM ir_model WHERE id IN %s ORDER BY model',
            self.owned('ir.model') or (0,))]
        columns = self.rows(
            'SELECT f.model, f.name FROM ir_model_fields f JOIN ir_model m ON m.id = f.model_id '
            'WHERE f.id IN %s AND f.store AND f.ttype NOT IN (\'one2many\', \'many2many\') '
            'AND NOT m.model = ANY(%s) ORDER BY f.model, f.name',
            self.owned('ir.model.fields') or (0,), models)
        tables = [model.replace('.', '_') for model in models]
        return {
            'models': models,
            'tables': [t for t, in self.rows('SELECT tablename FROM pg_tables WHERE tablename '
                                             '= ANY(%s) ORDER BY 1', tables)] if tables else [],
            'menus': self.owned('ir.ui.menu'),
            'groups': self.owned('res.groups'),
            'columns': [column for column in columns if self.has_column(*column)],
        }

    def has_column(self, model, field):
        return bool(self.rows('SELECT 1 FROM information_schema.columns WHERE table_name = %s '
                              'AND column_name = %s', model.replace('.', '_'), field))

    def counts(self, tables):
        return {table: self.rows('SELECT count(*) FROM "%s"' % table)[0][0] for table in tables}

    def close(self):
        self.connection.close()


def _drop(name):
    # not odoo.service.db.exp_drop: with a database configured, it sees no other one
    connection = _connect('postgres')
    with connection.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
    connection.close()
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


@pytest.fixture
def scratch_db():
    """A database name of our own, dropped before and after (never the shared ones)."""
    name = odoo.tools.config['db_name'] + '_lifecycle'
    _drop(name)
    yield name
    _drop(name)


def test_install_upgrade_uninstall(scratch_db):
    """One scratch database through the whole life: install, business data, upgrade (every
    record and figure kept), uninstall (nothing of the add-on left, invoicing and payments
    work), reinstall (the exposure of the existing data rebuilt)."""
    _odoo(scratch_db, '-i', ADDON, '--without-demo=all')
    db = _Scratch(scratch_db)
    try:
        before = db.snapshot()
        assert before['tables'] and before['menus'] and before['groups'] and before['columns']
        figures = _business(scratch_db, 'data,figures')['figures'][0]
        counts = db.counts(before['tables'])
        # order of 464.00 for a contact, invoice 1 000.00 paid 400.00: 600.00 + 464.00
        assert figures['exposure'] == [['Lifecycle Customer', 600.0, 0.0, 464.0, 1064.0]]
        assert figures['drift'] == []
        objects = db.rows(_OUTSIDE_ORM)
        assert len(objects) >= 12, objects

        _odoo(scratch_db, '-u', ADDON)
        assert db.snapshot() == before
        assert db.counts(before['tables']) == counts, 'the upgrade lost or duplicated records'
        assert db.rows(_OUTSIDE_ORM) == objects

        extended = sorted({model for model, _name in before['columns']})
        after_upgrade = _business(scratch_db, 'figures,uninstall', *extended)['figures'][0]
        assert after_upgrade == figures, 'the upgrade changed the figures'
        assert db.rows('SELECT state FROM ir_module_module WHERE name = %s', ADDON) \
            == [('uninstalled',)]
        assert db.rows('SELECT model, name FROM ir_model_data WHERE module = %s', ADDON) == []
        assert db.rows('SELECT model FROM ir_model WHERE model = ANY(%s)', before['models']) == []
        assert db.rows('SELECT tablename FROM pg_tables WHERE tablename = ANY(%s)',
                       before['tables']) == []
        assert db.rows('SELECT id FROM ir_ui_menu WHERE id IN %s', before['menus']) == []
        assert db.rows('SELECT id FROM res_groups WHERE id IN %s', before['groups']) == []
        assert [column for column in before['columns'] if db.has_column(*column)] == []
        assert db.rows(_OUTSIDE_ORM) == [], 'left behind by the uninstall'

        # the host without the add-on: an invoice posts and a payment reconciles it; then
        # the add-on comes back and rebuilds the exposure of what exists
        result = _business(scratch_db, 'invoice,install,figures')
        assert result['invoice_state'] == 'paid'
        again = result['figures'][0]
        assert again['drift'] == []
        # the invoice paid in full meanwhile adds nothing; the rest is rebuilt as it was
        assert again['exposure'] == figures['exposure']
        assert again['orders'] == figures['orders']
        assert db.rows(_OUTSIDE_ORM) == objects
    finally:
        db.close()

