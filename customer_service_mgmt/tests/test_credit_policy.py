"""Credit policy at order confirmation: exposure, holds, releases, loopholes."""
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError

from .credit_common import CreditCase


class TestExposure(CreditCase):

    def test_exposure_counts_open_invoices_drafts_and_uninvoiced_orders(self):
        self.assertEqual(self.exposure(), 0)
        self.make_invoice(1000)
        self.assertAlmostEqual(self.exposure(), 1000)
        self.make_invoice(300, post=False)
        self.assertAlmostEqual(self.exposure(), 1300)
        order = self.make_order(2000, partner=self.contact)  # a contact counts for its company
        self.assertAlmostEqual(self.exposure(), 1300, msg='a quotation is not exposure')
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertAlmostEqual(self.exposure(), 3300)
        invoice_ids = order.action_invoice_create()
        self.assertAlmostEqual(self.exposure(), 3300, msg='invoicing moves the amount, not adds it')
        self.env['account.invoice'].browse(invoice_ids).action_invoice_open()
        self.assertAlmostEqual(self.exposure(), 3300)

    def test_rebuild_matches_triggers(self):
        self.make_invoice(1000)
        self.make_order(500).action_confirm()
        before = self.exposure()
        self.env['cs.credit.exposure'].rebuild()
        self.assertAlmostEqual(self.exposure(), before)


class TestOrderHold(CreditCase):

    def test_order_within_limit_confirms(self):
        order = self.make_order(9000)
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, 'sale')
        self.assertFalse(order.credit_hold)

    def test_order_over_limit_is_held_not_lost(self):
        self.make_invoice(4000)
        order = self.make_order(7000)
        action = order.action_confirm()
        self.assertEqual(action['res_model'], 'cs.credit.hold.notice')
        self.assertEqual(order.state, 'draft')
        self.assertTrue(order.credit_hold)
        self.assertEqual(order.credit_hold_kind, 'policy')
        self.assertIn('10,000.00', order.credit_hold_reason)
        self.assertAlmostEqual(order.credit_hold_exposure, 4000)
        self.assertAlmostEqual(order.credit_hold_amount, 7000)
        decision = order.credit_decision_ids
        self.assertEqual(decision.decision, 'hold')
        self.assertTrue(self.env['mail.activity'].search([
            ('res_model', '=', 'sale.order'), ('res_id', '=', order.id)]))

    def test_overdue_beyond_terms_blocks(self):
        self.make_invoice(100, due=str(date.today() - timedelta(days=20)))
        self.customer.cs_credit_terms_days = 30
        self.assertFalse(self.make_order(10).action_confirm() is not True)
        self.customer.cs_credit_terms_days = 10
        order = self.make_order(10)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.assertIn('Overdue', order.credit_hold_reason)

    def test_manual_hold_and_blocking_grade(self):
        self.customer.write({'cs_credit_hold': True, 'cs_credit_hold_reason': 'Lawsuit'})
        order = self.make_order(10)
        order.action_confirm()
        self.assertIn('Lawsuit', order.credit_hold_reason)
        self.customer.write({'cs_credit_hold': False,
                             'cs_credit_grade_id': self.env.ref('customer_service_mgmt.credit_grade_d').id})
        order2 = self.make_order(10)
        order2.action_confirm()
        self.assertIn('D', order2.credit_hold_reason)

    def test_empty_limit_means_no_limit_unless_company_requires_one(self):
        self.customer.credit_limit = 0
        self.assertIs(self.make_order(10 ** 6).action_confirm(), True)
        self.company.cs_credit_require_limit = True
        order = self.make_order(1)
        order.action_confirm()
        self.assertTrue(order.credit_hold)

    def test_several_orders_in_one_call_checked_each(self):
        orders = self.make_order(6000) | self.make_order(6000)
        orders.action_confirm()
        self.assertEqual(sorted(orders.mapped('state')), ['draft', 'sale'])
        self.assertEqual(orders.filtered('credit_hold').state, 'draft')

    def test_duplicate_of_held_order_is_checked_again(self):
        order = self.make_order(20000)
        order.action_confirm()
        copy = order.copy()
        self.assertFalse(copy.credit_hold)
        copy.action_confirm()
        self.assertTrue(copy.credit_hold)
        self.assertEqual(copy.state, 'draft')


class TestReleaseAndLoopholes(CreditCase):

    def setUp(self):
        super(TestReleaseAndLoopholes, self).setUp()
        self.order = self.make_order(20000)
        self.order.action_confirm()
        self.assertTrue(self.order.credit_hold)
        self.policy = self.env['cs.credit.policy']

    def test_release_confirms_and_is_audited(self):
        self.policy.decide(self.order, 'release', 'Director approved, deposit received')
        self.assertEqual(self.order.state, 'sale')
        self.assertFalse(self.order.credit_hold)
        release = self.order.credit_decision_ids.filtered(lambda d: d.decision == 'release')
        self.assertEqual(release.reason, 'Director approved, deposit received')
        self.assertEqual(release.user_id, self.env.user)
        self.assertAlmostEqual(release.amount, 20000)
        with self.assertRaises(UserError):
            release.write({'reason': 'changed'})
        with self.assertRaises(UserError):
            release.unlink()

    def test_reason_is_mandatory(self):
        for reason in ('', '   ', False):
            with self.assertRaises(UserError):
                self.policy.decide(self.order, 'release', reason)
        self.assertEqual(self.order.state, 'draft')

    def test_reject_cancels(self):
        self.policy.decide(self.order, 'reject', 'Customer in liquidation')
        self.assertEqual(self.order.state, 'cancel')

    def test_raising_released_order_rechecks(self):
        self.policy.decide(self.order, 'release', 'ok')
        line = self.order.order_line[0]
        with self.assertRaises(UserError), self.env.cr.savepoint():
            line.price_unit = 25000
        self.order.invalidate_cache()
        self.assertAlmostEqual(self.order.amount_total, 20000, msg='the order stays as it was')

    def test_raising_confirmed_order_within_credit_is_accepted(self):
        small = self.make_order(1000)
        small.action_confirm()
        small.order_line[0].price_unit = 2000
        self.assertAlmostEqual(small.credit_approved_amount, 2000)

    def test_reopened_released_order_is_checked_again(self):
        self.policy.decide(self.order, 'release', 'ok')
        self.order.action_cancel()
        self.order.action_draft()
        self.order.action_confirm()
        self.assertEqual(self.order.state, 'draft')
        self.assertTrue(self.order.credit_hold)

    def test_policy_fields_cannot_be_forged(self):
        order = self.order.sudo(self.salesman)
        order.sudo().user_id = self.salesman
        with self.assertRaises(AccessError):
            order.write({'credit_release_amount': 10 ** 9})
        with self.assertRaises(AccessError):
            order.write({'credit_hold': False})
        with self.assertRaises(AccessError):
            self.env['sale.order'].sudo(self.salesman).create({
                'partner_id': self.customer.id, 'credit_release_amount': 10 ** 9})
        with self.assertRaises(AccessError):
            self.policy.sudo(self.salesman).decide(order, 'release', 'I say so')
        order.action_confirm()
        self.assertEqual(order.state, 'draft')

    def test_forced_hold_is_not_auto_released(self):
        small = self.make_order(10)
        self.policy.decide(small, 'force_hold', 'Check the delivery address first')
        small.action_confirm()
        self.assertEqual(small.state, 'draft')
        self.assertEqual(small.credit_hold_kind, 'manual')
        self.assertFalse(self.policy.reevaluate_holds(self.customer))
        self.assertEqual(small.state, 'draft')

    def test_payment_releases_policy_holds_automatically(self):
        invoice = self.make_invoice(9500)
        held = self.make_order(1000)
        held.action_confirm()
        self.assertTrue(held.credit_hold)
        journal = self.env['account.journal'].search([('type', '=', 'bank'),
                                                     ('company_id', '=', self.company.id)], limit=1)
        payment = self.env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer', 'partner_id': self.customer.id,
            'amount': 9500, 'journal_id': journal.id,
            'payment_method_id': self.env.ref('account.account_payment_method_manual_in').id,
            'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()
        self.assertEqual(invoice.state, 'paid')
        self.assertEqual(held.state, 'sale')
        self.assertIn('auto_release', held.credit_decision_ids.mapped('decision'))
        self.assertEqual(self.order.state, 'draft', 'still over the limit: stays held')
