"""Every path to a confirmed sale order goes through the credit policy (issue 12, item 1),
and the delivery and invoice checkpoints sit where every validation passes (item 2).

In-process paths run as a salesperson whose language is zh_CN and expect the Chinese
refusal; the RPC paths (XML-RPC, JSON-RPC) run against a real server on committed data.
"""
import json
import urllib.request
import uuid
import xmlrpc.client

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError

from odoo.addons.customer_service_mgmt.tests.credit_common import CreditCase

ZH_REFUSAL = '只能通过订单本身的按钮'
EN_REFUSAL = "change only through the order's own buttons"


def logged_attempts(dbname, order_id):
    """Refused attempts kept in ir_logging (committed in a transaction of their own)."""
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute("""SELECT message FROM ir_logging WHERE name = 'customer_service_mgmt.credit_guard'
                      AND message LIKE %s""", ('%%sale.order [%d]%%' % order_id,))
        return [message for message, in cr.fetchall()]


class PathsCase(CreditCase):

    def setUp(self):
        super(PathsCase, self).setUp()
        self.salesman.write({'lang': 'zh_CN', 'groups_id': [
            (4, self.env.ref('base.group_partner_manager').id)]})
        self.controller = self.make_user('cs_t_paths_controller',
                                         'customer_service_mgmt.group_credit_controller')
        self.held = self.make_order(20000, user=self.salesman)
        self.held.action_confirm()
        self.assertTrue(self.held.credit_hold)
        self.as_sales = self.held.sudo(self.salesman).with_context(lang='zh_CN')

    def assert_refused(self, call, exception=AccessError, text=ZH_REFUSAL):
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            call()
        self.assertIn(text, caught.exception.name)
        return caught.exception

    def assert_still_held(self, order=None):
        order = order or self.held
        order.invalidate_cache()
        self.assertEqual(order.state, 'draft')
        self.assertFalse(order.confirmation_date)
        self.assertTrue(order.credit_hold)
        self.assertTrue(order.credit_hold_reason)
        self.assertEqual(order.order_line.mapped('state'), ['draft'])


class TestNoPathAroundThePolicy(PathsCase):

    def test_write_state_is_refused_in_the_users_language_and_logged(self):
        error = self.assert_refused(lambda: self.as_sales.write({'state': 'sale'}))
        self.assertIn('状态', error.name)
        self.assertIn(self.held.name, error.name)
        self.assert_still_held()
        self.assertTrue(logged_attempts(self.env.cr.dbname, self.held.id))

    def test_write_done_and_confirmation_date_and_policy_fields(self):
        for vals in ({'state': 'done'}, {'confirmation_date': '2026-01-01 00:00:00'},
                     {'credit_hold': False}, {'credit_hold_kind': False},
                     {'credit_release_amount': 10 ** 9}, {'credit_approved_amount': 10 ** 9},
                     {'credit_hold_reason': 'fine'}):
            self.assert_refused(lambda: self.as_sales.write(vals))
        self.assert_still_held()

    def test_superuser_and_context_keys_do_not_open_the_guard(self):
        for env_order in (self.held.sudo(), self.held.sudo().with_context(
                tracking_disable=True, install_mode=True, cs_allow=True, mail_notrack=True)):
            self.assert_refused(lambda: env_order.write({'state': 'sale'}), text=EN_REFUSAL)
        self.assert_still_held()

    def test_create_with_state_copy_and_import(self):
        Orders = self.env['sale.order'].sudo(self.salesman).with_context(lang='zh_CN')
        count = Orders.search_count([])
        self.assert_refused(lambda: Orders.create({
            'partner_id': self.customer.id, 'state': 'sale'}))
        self.assert_refused(lambda: Orders.create({
            'partner_id': self.customer.id, 'confirmation_date': '2026-01-01 00:00:00'}))
        self.assert_refused(lambda: self.as_sales.copy({'state': 'sale'}))
        # import (load) with a Status column: a new order and the held one
        result = Orders.load(['partner_id/.id', 'state'], [[str(self.customer.id), 'sale']])
        self.assertFalse(result['ids'])
        self.assertIn(ZH_REFUSAL, ' '.join(m['message'] for m in result['messages']))
        result = Orders.load(['id', 'state'], [[self.held.export_data(['id'])['datas'][0][0],
                                                'sale']])
        self.assertFalse(result['ids'])
        self.assertIn(ZH_REFUSAL, ' '.join(m['message'] for m in result['messages']))
        self.assertEqual(Orders.search_count([]), count)
        self.assert_still_held()
        # a status written unchanged (re-importing quotations) and "quotation sent" pass
        self.as_sales.write({'state': 'draft'})
        self.as_sales.write({'state': 'sent'})
        self.assertEqual(self.held.state, 'sent')

    def test_server_actions(self):
        model = self.env.ref('sale.model_sale_order')
        write_action = self.env['ir.actions.server'].create({
            'name': 'Force confirm', 'model_id': model.id, 'state': 'object_write',
            'fields_lines': [(0, 0, {'col1': self.env.ref('sale.field_sale_order_state').id,
                                     'value': 'sale'})]})
        code_action = self.env['ir.actions.server'].create({
            'name': 'Force confirm (code)', 'model_id': model.id, 'state': 'code',
            'code': "record.write({'state': 'sale', 'confirmation_date': datetime.datetime.now()})"})
        for action in (write_action, code_action):
            context = {'active_model': 'sale.order', 'active_id': self.held.id,
                       'active_ids': self.held.ids, 'lang': 'zh_CN'}
            self.assert_refused(lambda: action.with_context(context).run())
        self.assert_still_held()

    def test_line_state_lock_unlock_and_direct_confirmation(self):
        line = self.held.order_line.sudo(self.salesman).with_context(lang='zh_CN')
        self.assert_refused(lambda: line.write({'state': 'sale'}))
        self.assert_refused(lambda: self.as_sales.action_done(), UserError, '只有已确认的销售订单')
        self.assert_refused(lambda: self.as_sales.action_unlock(), UserError, '只有已锁定的销售订单')
        self.assert_still_held()
        # another module calling the host's inner confirmation: the policy runs there too
        decisions = len(self.held.sudo().credit_decision_ids)
        self.as_sales._action_confirm()
        self.assert_still_held()
        self.assertEqual(len(self.held.sudo().credit_decision_ids), decisions + 1)

    def test_host_transitions_still_work(self):
        order = self.make_order(900, user=self.salesman).sudo(self.salesman)
        order.write({'state': 'sent'})
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, 'sale')
        self.assertTrue(order.confirmation_date)
        self.assertEqual(order.order_line.state, 'sale')
        order.sudo().action_done()  # locking needs the sales manager's setting; done by admin
        self.assertEqual(order.state, 'done')
        order.sudo().action_unlock()
        self.assertEqual(order.state, 'sale')
        order.action_cancel()
        self.assertEqual(order.state, 'cancel')
        self.assertFalse(order.sudo().credit_approved_amount)
        order.action_draft()
        self.assertEqual(order.state, 'draft')
        # the controller's release confirms
        self.env['cs.credit.policy'].sudo(self.controller).decide(
            self.held.sudo(self.controller), 'release', 'Deposit received')
        self.assertEqual(self.held.state, 'sale')


class TestCheckpoints(PathsCase):
    """Delivery and invoice checks where every validation passes, releases honoured."""

    def setUp(self):
        super(TestCheckpoints, self).setUp()
        self.company.write({'cs_credit_check_delivery': True, 'cs_credit_check_invoice': True})
        self.product.write({'type': 'consu'})
        self.order = self.make_order(500)
        self.order.order_line.product_uom_qty = 4
        self.order.action_confirm()
        self.assertEqual(self.order.state, 'sale')
        self.picking = self.order.picking_ids
        self.assertEqual(len(self.picking), 1)
        # the customer's credit has gone bad since the confirmation
        self.customer.write({'cs_credit_hold': True, 'cs_credit_hold_reason': 'Cheque bounced'})

    def assert_not_delivered(self):
        self.picking.invalidate_cache()
        self.assertNotEqual(self.picking.state, 'done')
        self.assertFalse(self.picking.move_lines.filtered(lambda m: m.state == 'done'))

    def test_every_delivery_validation_is_checked(self):
        picking = self.picking.with_context(lang='zh_CN')
        picking.action_assign()
        # immediate transfer (nothing done yet: the button opens the wizard)
        action = picking.button_validate()
        self.assertEqual(action['res_model'], 'stock.immediate.transfer')
        wizard = self.env['stock.immediate.transfer'].with_context(lang='zh_CN').create(
            {'pick_ids': [(4, picking.id)]})
        self.assert_refused(wizard.process, UserError, 'Cheque bounced')
        self.assert_not_delivered()
        # backorder wizard (part done)
        picking.move_lines.move_line_ids.write({'qty_done': 1})
        action = picking.button_validate()
        self.assertEqual(action['res_model'], 'stock.backorder.confirmation')
        backorder = self.env['stock.backorder.confirmation'].create({'pick_ids': [(4, picking.id)]})
        self.assert_refused(backorder.process, UserError, 'Cheque bounced')
        self.assert_refused(backorder.process_cancel_backorder, UserError, 'Cheque bounced')
        # other code calling the picking's or the moves' validation directly
        self.assert_refused(picking.action_done, UserError, 'Cheque bounced')
        self.assert_refused(picking.move_lines._action_done, UserError, 'Cheque bounced')
        self.assert_not_delivered()

    def test_every_invoice_validation_is_checked(self):
        invoice = self.env['account.invoice'].browse(self.order.action_invoice_create())
        self.assert_refused(invoice.action_invoice_open, UserError, 'Cheque bounced')
        self.assert_refused(invoice.action_move_create, UserError, 'Cheque bounced')
        confirm = self.env['account.invoice.confirm'].with_context(active_ids=invoice.ids)
        self.assert_refused(confirm.create({}).invoice_confirm, UserError, 'Cheque bounced')
        self.assertEqual(invoice.state, 'draft')
        self.assertFalse(invoice.move_id)

    def test_audited_release_passes_both_checkpoints(self):
        order = self.make_order(300)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.env['cs.credit.policy'].sudo(self.controller).decide(
            order.sudo(self.controller), 'release', 'Paid in advance')
        self.assertEqual(order.state, 'sale')
        picking = order.picking_ids
        picking.action_assign()
        picking.move_lines.move_line_ids.write({'qty_done': 1})
        picking.action_done()
        self.assertEqual(picking.state, 'done')
        invoice = self.env['account.invoice'].browse(order.action_invoice_create())
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')


# ---------------------------------------------------------------- over RPC, committed data
ADMIN = 'admin'


@pytest.fixture
def held_order():
    """A committed customer (limit 100) with a quotation of 500 on credit hold."""
    tag = uuid.uuid4().hex[:10]
    dbname = odoo.tools.config['db_name']
    with api.Environment.manage():
        with odoo.registry(dbname).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env['res.partner'].create({'name': 'CSM paths %s' % tag, 'is_company': True,
                                                 'customer': True, 'credit_limit': 100.0})
            product = env['product.product'].create({'name': 'CSM paths %s' % tag,
                                                     'type': 'service', 'taxes_id': [(6, 0, [])]})
            order = env['sale.order'].create({'partner_id': partner.id, 'order_line': [
                (0, 0, {'product_id': product.id, 'product_uom_qty': 1, 'price_unit': 500.0,
                        'tax_id': [(6, 0, [])]})]})
            order.action_confirm()
            assert order.credit_hold and order.state == 'draft'
            ids = partner.id, order.id, product.product_tmpl_id.id
    yield ids
    with api.Environment.manage():
        with odoo.registry(dbname).cursor() as cr:
            cr.execute('DELETE FROM cs_credit_decision WHERE order_id = %s', (ids[1],))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['sale.order'].browse(ids[1]).unlink()
            env['res.partner'].browse(ids[0]).unlink()
            env['product.template'].browse(ids[2]).unlink()


def _read_order(dbname, order_id):
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute('SELECT state, confirmation_date, credit_hold FROM sale_order WHERE id = %s',
                   (order_id,))
        return cr.fetchone()


def test_rpc_paths_are_refused(odoo_url, held_order):
    dbname = odoo.tools.config['db_name']
    order_id = held_order[1]
    uid = xmlrpc.client.ServerProxy(odoo_url + '/xmlrpc/2/common').authenticate(
        dbname, ADMIN, ADMIN, {})
    rpc = xmlrpc.client.ServerProxy(odoo_url + '/xmlrpc/2/object', allow_none=True)
    refusals = []
    for method, args in (('write', [[order_id], {'state': 'sale'}]),
                         ('write', [[order_id], {'credit_hold': False}]),
                         ('action_done', [[order_id]]),
                         ('load', [['.id', 'state'], [[str(order_id), 'sale']]])):
        try:
            result = rpc.execute_kw(dbname, uid, ADMIN, 'sale.order', method, args)
        except xmlrpc.client.Fault as fault:
            refusals.append(fault.faultString)
            assert 'Traceback' not in fault.faultString.split('\n')[0]
        else:
            assert method == 'load' and not result['ids'], result
            refusals.append(' '.join(m['message'] for m in result['messages']))
    assert EN_REFUSAL in refusals[0] and EN_REFUSAL in refusals[1] and EN_REFUSAL in refusals[3]
    assert 'Only confirmed sale orders can be locked' in refusals[2]

    # JSON-RPC, as the web client calls it
    payload = {'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': {
        'service': 'object', 'method': 'execute_kw', 'args': [
            dbname, uid, ADMIN, 'sale.order', 'write', [[order_id], {
                'state': 'sale', 'confirmation_date': '2026-01-01 00:00:00'}]]}}
    request = urllib.request.Request(odoo_url + '/jsonrpc', json.dumps(payload).encode(),
                                     {'Content-Type': 'application/json'})
    answer = json.loads(urllib.request.urlopen(request, timeout=60).read().decode())
    assert EN_REFUSAL in answer['error']['data']['message'], answer
    assert answer['error']['data']['name'] == 'odoo.exceptions.AccessError'

    state, confirmation_date, credit_hold = _read_order(dbname, order_id)
    assert (state, confirmation_date, credit_hold) == ('draft', None, True)
    assert len(logged_attempts(dbname, order_id)) >= 4
