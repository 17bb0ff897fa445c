"""Who can read and do what in credit control: salesman, sales manager, accountant, credit
controller, credit manager, customer-service user, portal user; and company separation.

The admin (uid 1) is the superuser in Odoo 11 and bypasses every check: every assertion here
runs as a real user with only the groups of its role.
"""
from odoo.exceptions import AccessError, UserError

from .credit_common import CreditCase

CREDIT_MODELS = ['cs.credit.evaluation', 'cs.credit.evaluation.line', 'cs.credit.investigation',
                 'cs.credit.exposure', 'cs.credit.decision', 'cs.credit.ageing.report']
CONFIG_MODELS = ['cs.credit.template', 'cs.credit.template.item', 'cs.credit.template.band']


class AccessCase(CreditCase):

    def setUp(self):
        super(AccessCase, self).setUp()
        partner_manager = self.env.ref('base.group_partner_manager')
        # a salesman may create and edit customers ("Contact Creation"), just not their credit
        self.salesman.write({'groups_id': [(4, partner_manager.id)]})
        self.sales_manager = self.make_user('cs_t_sales_manager', 'sales_team.group_sale_manager',
                                            'base.group_partner_manager')
        self.accountant = self.make_user('cs_t_accountant', 'account.group_account_invoice',
                                         'base.group_partner_manager')
        self.controller = self.make_user('cs_t_controller', 'customer_service_mgmt.group_credit_controller')
        self.manager = self.make_user('cs_t_credit_manager', 'customer_service_mgmt.group_credit_manager')
        self.cs_user = self.make_user('cs_t_cs_user', 'customer_service_mgmt.group_cs_user')
        self.portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Portal Buyer', 'login': 'cs_t_portal', 'email': 'buyer@example.com',
            'partner_id': self.contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        self.grade_a = self.env.ref('customer_service_mgmt.credit_grade_a')
        self.template = self.env.ref('customer_service_mgmt.credit_template_5c')
        self.policy = self.env['cs.credit.policy']
        self.invoice = self.make_invoice(4000)
        self.held = self.make_order(20000)
        self.held.action_confirm()
        self.assertTrue(self.held.credit_hold)

    def assert_cannot_read(self, user, models):
        for model in models:
            records = self.env[model].sudo(user)
            with self.assertRaises(AccessError, msg='%s can read %s' % (user.login, model)):
                records.check_access_rights('read')
            with self.assertRaises(AccessError, msg='%s can search %s' % (user.login, model)):
                records.search([])

    def assert_profile_locked(self, user, partner=None):
        partner = (partner or self.customer).sudo(user)
        for vals in ({'credit_limit': 10 ** 6}, {'cs_credit_grade_id': self.grade_a.id},
                     {'cs_credit_terms_days': 90}, {'cs_credit_hold': True},
                     {'cs_credit_review_date': '2030-01-01'},
                     {'cs_credit_controller_id': user.id}):
            with self.assertRaises(AccessError, msg='%s changed %s' % (user.login, vals)), \
                    self.env.cr.savepoint():
                partner.write(vals)
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.credit_limit, 10000)
        self.assertFalse(self.customer.cs_credit_hold)

    def make_evaluation(self, user, score=8.0):
        evaluation = self.env['cs.credit.evaluation'].sudo(user).create({
            'partner_id': self.customer.id, 'template_id': self.template.id})
        for line in evaluation.line_ids:
            line.score = score
        return evaluation


class TestSalesRoles(AccessCase):

    def test_salesman_sees_credit_figures_on_his_quotation(self):
        self.customer.cs_credit_grade_id = self.grade_a
        order = self.make_order(1000, user=self.salesman).sudo(self.salesman)
        self.assertEqual(order.user_id, self.salesman)
        values = order.read(['cs_credit_limit', 'cs_credit_exposure', 'cs_credit_available',
                             'cs_credit_overdue', 'cs_credit_grade_id'])[0]
        self.assertEqual(values['cs_credit_limit'], 10000)
        self.assertEqual(values['cs_credit_exposure'], 4000)
        self.assertEqual(values['cs_credit_available'], 6000)
        self.assertEqual(values['cs_credit_overdue'], 0)
        self.assertEqual(values['cs_credit_grade_id'][0], self.grade_a.id)
        # and the reason of a hold on his own order
        self.held.sudo().user_id = self.salesman
        self.assertIn('exceeds the credit limit', self.held.sudo(self.salesman).credit_hold_reason)

    def test_salesman_cannot_read_credit_records(self):
        # the credit decisions of his own orders he reads (test_role_access), not others'
        self.assert_cannot_read(self.salesman, [model for model in CREDIT_MODELS + CONFIG_MODELS
                                                if model != 'cs.credit.decision'])
        self.assertNotEqual(self.held.user_id, self.salesman)
        decision = self.held.credit_decision_ids[:1]
        with self.assertRaises(AccessError):
            decision.sudo(self.salesman).read(['reason'])

    def test_salesman_cannot_change_credit_profile(self):
        self.assert_profile_locked(self.salesman)
        self.customer.sudo(self.salesman).write({'phone': '+86 20 1234 5678'})  # other data: fine
        with self.assertRaises(AccessError):
            self.env['res.partner'].sudo(self.salesman).create({
                'name': 'New Co', 'is_company': True, 'credit_limit': 10 ** 6})
        self.env['res.partner'].sudo(self.salesman).create({'name': 'New Co', 'is_company': True})
        self.customer.write({'cs_credit_hold': True, 'cs_credit_hold_reason': 'Lawsuit'})
        with self.assertRaises(AccessError):
            self.customer.sudo(self.salesman).write({'cs_credit_hold': False})

    def test_contact_cannot_become_a_customer_with_a_forged_limit(self):
        contact = self.env['res.partner'].sudo(self.salesman).create({
            'name': 'Branch office', 'parent_id': self.customer.id, 'credit_limit': 10 ** 6})
        self.assertEqual(contact.credit_limit, 10000, 'a contact shows its company\'s limit')
        for vals in ({'parent_id': False, 'credit_limit': 10 ** 6},
                     {'is_company': True, 'credit_limit': 10 ** 6},
                     {'parent_id': False, 'cs_credit_grade_id': self.grade_a.id}):
            with self.assertRaises(AccessError, msg=str(vals)), self.env.cr.savepoint():
                contact.write(vals)
        contact.write({'parent_id': False})  # detaching without touching credit data: fine

    def test_salesman_cannot_release_or_forge(self):
        order = self.held.sudo(self.salesman)
        self.held.sudo().user_id = self.salesman
        for decision in ('release', 'reject', 'force_hold'):
            with self.assertRaises(AccessError):
                self.policy.sudo(self.salesman).decide(order, decision, 'I say so')
        wizard = self.env['cs.credit.decision.wizard'].sudo(self.salesman).create({
            'order_ids': [(6, 0, order.ids)], 'decision': 'release', 'reason': 'I say so'})
        with self.assertRaises(AccessError):
            wizard.action_apply()
        for vals in ({'credit_hold': False}, {'credit_release_amount': 10 ** 9},
                     {'credit_approved_amount': 10 ** 9}, {'credit_hold_kind': False}):
            with self.assertRaises(AccessError, msg=str(vals)):
                order.write(vals)
        with self.assertRaises(AccessError):
            self.env['cs.credit.decision'].sudo(self.salesman).create({
                'order_id': order.id, 'partner_id': self.customer.id, 'company_id': self.company.id,
                'decision': 'release', 'reason': 'forged', 'user_id': self.salesman.id})
        order.action_confirm()
        self.assertEqual(self.held.state, 'draft')
        self.assertTrue(self.held.credit_hold)

    def test_sales_manager_reads_decisions_but_cannot_release(self):
        decisions = self.env['cs.credit.decision'].sudo(self.sales_manager).search(
            [('order_id', '=', self.held.id)])
        self.assertEqual(decisions.mapped('decision'), ['hold'])
        with self.assertRaises(AccessError):
            self.policy.sudo(self.sales_manager).decide(self.held.sudo(self.sales_manager),
                                                        'release', 'Big customer')
        self.assert_profile_locked(self.sales_manager)
        self.assert_cannot_read(self.sales_manager, ['cs.credit.evaluation', 'cs.credit.investigation'])


class TestCreditRoles(AccessCase):

    def test_controller_releases_and_rejects_with_reason(self):
        order = self.held.sudo(self.controller)
        self.assertIn(order, self.env['sale.order'].sudo(self.controller).search(
            [('credit_hold', '=', True)]), 'the credit hold queue')
        with self.assertRaises(UserError):
            self.policy.sudo(self.controller).decide(order, 'release', '  ')
        self.policy.sudo(self.controller).decide(order, 'release', 'Deposit of 50 % received')
        self.assertEqual(self.held.state, 'sale')
        release = self.held.credit_decision_ids.filtered(lambda d: d.decision == 'release')
        self.assertEqual(release.user_id, self.controller)
        self.assertEqual(release.reason, 'Deposit of 50 % received')
        self.assertAlmostEqual(release.exposure, 4000)
        self.assertAlmostEqual(release.limit, 10000)

        other = self.make_order(20000)
        other.action_confirm()
        self.env['cs.credit.decision.wizard'].sudo(self.controller).create({
            'order_ids': [(6, 0, other.ids)], 'decision': 'reject',
            'reason': 'Customer in liquidation'}).action_apply()
        self.assertEqual(other.state, 'cancel')
        self.assertEqual(other.credit_decision_ids[0].user_id, self.controller)

    def test_controller_prepares_but_cannot_approve(self):
        investigation = self.env['cs.credit.investigation'].sudo(self.controller).create({
            'partner_id': self.customer.id, 'check_bank': True, 'findings': 'Bank letter OK',
            'conclusion': 'favourable'})
        self.assertTrue(investigation.name.strip('/'))
        evaluation = self.make_evaluation(self.controller)
        evaluation.action_submit()
        self.assertEqual(evaluation.state, 'submitted')
        with self.assertRaises(AccessError):
            evaluation.action_approve()
        evaluation.write({'refuse_reason': 'no'})
        with self.assertRaises(AccessError):
            evaluation.action_refuse()
        for vals in ({'state': 'approved'}, {'approved_by': self.manager.id},
                     {'suggested_limit': 10 ** 6}):
            with self.assertRaises(AccessError, msg=str(vals)), self.env.cr.savepoint():
                evaluation.write(vals)
        self.assertEqual(evaluation.state, 'submitted')
        with self.assertRaises(UserError), self.env.cr.savepoint():
            evaluation.line_ids[0].score = 10   # scores are frozen once submitted
        self.assert_profile_locked(self.controller)
        self.assertEqual(self.customer.credit_limit, 10000)

    def test_controller_reads_exposure_ageing_decisions(self):
        for user in (self.controller, self.accountant):
            exposure = self.env['cs.credit.exposure'].sudo(user).search(
                [('partner_id', '=', self.customer.id)])
            self.assertAlmostEqual(exposure.amount_total, 4000)
            ageing = self.env['cs.credit.ageing.report'].sudo(user).search(
                [('partner_id', '=', self.customer.id)])
            self.assertAlmostEqual(sum(ageing.mapped('residual')), 4000)
            decisions = self.env['cs.credit.decision'].sudo(user).search(
                [('partner_id', '=', self.customer.id)])
            self.assertEqual(decisions.mapped('decision'), ['hold'])
            with self.assertRaises(AccessError):
                exposure.write({'amount_total': 0})
            with self.assertRaises((AccessError, UserError)):
                decisions.unlink()

    def test_accountant_cannot_decide_nor_edit_credit(self):
        with self.assertRaises(AccessError):
            self.policy.sudo(self.accountant).decide(self.held.sudo(self.accountant), 'release', 'x')
        self.assert_profile_locked(self.accountant)
        self.assert_cannot_read(self.accountant, ['cs.credit.evaluation', 'cs.credit.investigation'])

    def test_accountant_payment_releases_held_orders(self):
        held = self.make_order(7000)        # 4 000 + 7 000 > 10 000
        held.action_confirm()
        self.assertTrue(held.credit_hold)
        journal = self.env['account.journal'].search([('type', '=', 'bank'),
                                                     ('company_id', '=', self.company.id)], limit=1)
        payment = self.env['account.payment'].sudo(self.accountant).create({
            'payment_type': 'inbound', 'partner_type': 'customer', 'partner_id': self.customer.id,
            'amount': 4000, 'journal_id': journal.id,
            'payment_method_id': self.env.ref('account.account_payment_method_manual_in').id,
            'invoice_ids': [(6, 0, self.invoice.ids)]})
        payment.post()
        self.assertEqual(self.invoice.state, 'paid')
        self.assertEqual(held.state, 'sale')
        auto = held.credit_decision_ids.filtered(lambda d: d.decision == 'auto_release')
        self.assertEqual(auto.user_id, self.accountant)
        self.assertEqual(self.held.state, 'draft', 'still over the limit: stays held')

    def test_manager_approval_writes_customer_and_contacts_follow(self):
        evaluation = self.make_evaluation(self.controller, score=9.0)  # 90 -> AAA
        self.make_invoice(6000)
        evaluation.action_submit()
        evaluation.write({'approved_limit': 25000})
        evaluation.sudo(self.manager).action_approve()
        self.assertEqual(evaluation.state, 'approved')
        self.assertEqual(evaluation.approved_by, self.manager)
        aaa = self.env.ref('customer_service_mgmt.credit_grade_aaa')
        self.assertEqual(self.customer.credit_limit, 25000)
        self.assertEqual(self.customer.cs_credit_grade_id, aaa)
        self.assertTrue(self.customer.cs_credit_review_date)
        self.assertEqual(self.contact.credit_limit, 25000)
        self.assertEqual(self.contact.cs_credit_grade_id, aaa)
        self.assertEqual(self.contact.cs_credit_review_date, self.customer.cs_credit_review_date)
        self.assertIn(evaluation, self.customer.cs_credit_evaluation_ids)
        # a credit manager may also set the profile directly
        self.customer.sudo(self.manager).write({'cs_credit_terms_days': 15, 'cs_credit_hold': True,
                                                'cs_credit_hold_reason': 'Audit'})
        self.assertTrue(self.contact.cs_credit_hold)


class TestOtherRoles(AccessCase):

    def test_portal_reads_no_credit_data(self):
        self.assert_cannot_read(self.portal, CREDIT_MODELS + CONFIG_MODELS + ['cs.credit.grade'])
        # the customer sees his order in the portal, not our assessment of his credit
        self.customer.write({'cs_credit_hold': True, 'cs_credit_hold_reason': 'Lawsuit',
                             'cs_credit_grade_id': self.env.ref('customer_service_mgmt.credit_grade_d').id})
        self.held.message_subscribe(partner_ids=self.contact.ids)
        order = self.held.sudo(self.portal)
        self.assertEqual(order.read(['amount_total'])[0]['amount_total'], 20000)
        for field in ('credit_hold', 'credit_hold_reason', 'credit_hold_exposure', 'cs_credit_limit',
                      'cs_credit_exposure', 'cs_credit_grade_id', 'credit_decision_ids'):
            with self.assertRaises(AccessError, msg=field):
                order.read([field])
        for partner in (self.customer, self.contact):
            partner = partner.sudo(self.portal)
            partner.read(['name'])
            for field in ('credit_limit', 'cs_credit_grade_id', 'cs_credit_hold', 'cs_credit_hold_reason',
                          'cs_credit_exposure', 'cs_credit_overdue'):
                with self.assertRaises(AccessError, msg=field):
                    partner.read([field])
        with self.assertRaises(AccessError):
            self.policy.sudo(self.portal).decide(self.held, 'release', 'x')

    def test_customer_service_user_reads_no_credit_records(self):
        self.assert_cannot_read(self.cs_user, CREDIT_MODELS + CONFIG_MODELS)
        with self.assertRaises(AccessError):
            self.policy.sudo(self.cs_user).decide(self.held, 'release', 'x')
        with self.assertRaises(AccessError):
            self.customer.sudo(self.cs_user).write({'credit_limit': 10 ** 6})

    def test_credit_profile_only_for_those_who_need_it(self):
        """客户档案信息的保密: salespeople, accountants and credit controllers read the credit
        profile and figures; customer service and warehouse staff do not, yet adding a contact
        to the customer still copies the company's profile onto it."""
        warehouse = self.make_user('cs_t_warehouse', 'stock.group_stock_user')
        credit_fields = ['credit_limit', 'cs_credit_grade_id', 'cs_credit_exposure',
                         'cs_credit_overdue', 'cs_credit_hold']
        for user in (self.salesman, self.accountant, self.controller):
            values = self.customer.sudo(user).read(credit_fields)[0]
            self.assertEqual(values['credit_limit'], 10000, user.login)
        for user in (self.cs_user, warehouse):
            for name in credit_fields:
                with self.assertRaises(AccessError, msg='%s reads %s' % (user.login, name)):
                    self.customer.sudo(user).read([name])
            fields = self.env['res.partner'].sudo(user).fields_get()
            self.assertNotIn('credit_limit', fields, user.login)
            # the customer form opens without the credit figures
            view = self.env['res.partner'].sudo(user).fields_view_get(
                view_id=self.env.ref('base.view_partner_form').id, view_type='form')
            self.assertNotIn('cs_credit_exposure', view['fields'], user.login)
        # a customer service user allowed to create contacts ("Contact Creation")
        creator = self.make_user('cs_t_cs_contacts', 'customer_service_mgmt.group_cs_user',
                                 'base.group_partner_manager')
        contact = self.env['res.partner'].sudo(creator).create(
            {'name': 'New Buyer', 'parent_id': self.customer.id})
        self.assertEqual(contact.sudo().credit_limit, 10000)


class TestMultiCompany(AccessCase):

    def setUp(self):
        super(TestMultiCompany, self).setUp()
        self.company_b = self.env['res.company'].create({
            'name': 'CSM Test Company B', 'currency_id': self.company.currency_id.id})
        self.controller.write({'company_ids': [(6, 0, self.company.ids)],
                               'company_id': self.company.id})
        self.controller_b = self.make_user('cs_t_controller_b', 'customer_service_mgmt.group_credit_controller')
        self.controller_b.write({'company_ids': [(6, 0, [self.company.id, self.company_b.id])],
                                 'company_id': self.company_b.id})
        # company B's credit records of the same customer
        self.env.cr.execute("""INSERT INTO cs_credit_exposure (partner_id, company_id, receivable, amount_total)
                               VALUES (%s, %s, 777, 777)""", (self.customer.id, self.company_b.id))
        self.decision_b = self.env['cs.credit.decision'].create({
            'order_id': self.held.id, 'partner_id': self.customer.id, 'company_id': self.company_b.id,
            'decision': 'hold', 'reason': 'company B hold', 'user_id': self.env.uid})
        self.evaluation_b = self.env['cs.credit.evaluation'].create({
            'partner_id': self.customer.id, 'template_id': self.template.id,
            'company_id': self.company_b.id})
        self.investigation_b = self.env['cs.credit.investigation'].create({
            'partner_id': self.customer.id, 'company_id': self.company_b.id})
        self.evaluation_a = self.make_evaluation(self.controller)

    def test_controller_sees_only_his_company(self):
        env = self.env(user=self.controller)
        domain = [('partner_id', '=', self.customer.id)]
        self.assertEqual(env['cs.credit.exposure'].search(domain).mapped('company_id'), self.company)
        self.assertEqual(env['cs.credit.decision'].search(domain).mapped('company_id'), self.company)
        self.assertEqual(env['cs.credit.evaluation'].search(domain), self.evaluation_a)
        self.assertFalse(env['cs.credit.investigation'].search(domain))
        for record in (self.decision_b, self.evaluation_b, self.investigation_b):
            with self.assertRaises(AccessError, msg=record._name):
                record.sudo(self.controller).read(['company_id'])

    def test_controller_of_company_b_sees_company_b(self):
        env = self.env(user=self.controller_b)
        domain = [('partner_id', '=', self.customer.id)]
        exposure = env['cs.credit.exposure'].search(domain)
        self.assertEqual(exposure.mapped('company_id'), self.company_b)
        self.assertAlmostEqual(exposure.amount_total, 777)
        self.assertEqual(env['cs.credit.decision'].search(domain), self.decision_b)
        self.assertEqual(env['cs.credit.evaluation'].search(domain), self.evaluation_b)
        with self.assertRaises(AccessError):
            self.evaluation_a.sudo(self.controller_b).read(['name'])
        # the policy figures are per company too
        figures = self.policy.figures(self.customer, self.company_b)
        self.assertAlmostEqual(figures.exposure, 777)
        self.assertAlmostEqual(self.policy.figures(self.customer, self.company).exposure, 4000)
