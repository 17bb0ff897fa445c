"""Complaints: intake, stage guards, reopening, follow-up, compensation, roles, companies."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .complaint_common import ComplaintCase


class TestIntake(ComplaintCase):

    def test_sequence_customer_contact_and_defaults(self):
        complaint = self.make_complaint(partner_id=self.contact.id)
        self.assertTrue(complaint.name.startswith('CP/'))
        self.assertEqual(complaint.partner_id, self.customer, 'filed on the commercial entity')
        self.assertEqual(complaint.contact_id, self.contact)
        self.assertEqual(complaint.stage_id, self.stage('received'))
        self.assertEqual(complaint.user_id, self.env.user)
        self.assertEqual(complaint.company_id, self.company)

    def test_acknowledgement_mail_to_the_contact(self):
        complaint = self.make_complaint(contact_id=self.contact.id)
        message = complaint.message_ids.filtered(lambda m: complaint.name in (m.subject or ''))
        self.assertEqual(len(message), 1)
        self.assertIn('received your complaint', message.subject)
        self.assertIn(self.contact, message.partner_ids)

    def test_default_team_is_the_users_team(self):
        complaint = self.make_complaint(user=self.cs_user, team_id=False)
        self.assertFalse(complaint.team_id, 'an explicit empty team stays empty')
        complaint = self.env(user=self.cs_user)['cs.complaint'].create({
            'partner_id': self.customer.id, 'categ_id': self.quality.id,
            'description': 'Late delivery.'})
        self.assertEqual(complaint.team_id, self.team)

    def test_empty_description_is_refused_clearly(self):
        for description in (False, '', '   \n '):
            with self.assertRaisesRegex(ValidationError, 'description cannot be empty'):
                self.make_complaint(description=description)
        complaint = self.make_complaint()
        with self.assertRaisesRegex(ValidationError, 'description cannot be empty'):
            complaint.description = ' '

    def test_sale_order_of_another_customer_is_refused(self):
        order = self.make_sale_order(partner=self.other_customer)
        with self.assertRaisesRegex(ValidationError, 'Sale Order .* is for customer Dongguan Other Trading Co., not for '):
            self.make_complaint(sale_order_id=order.id)

    def test_sale_order_of_another_company_is_refused(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        order = self.make_sale_order(company=other)
        with self.assertRaisesRegex(ValidationError, 'Sale Order .* belongs to company Second Test Factory, not to '):
            self.make_complaint(sale_order_id=order.id)

    def test_contact_of_another_customer_is_refused(self):
        with self.assertRaisesRegex(ValidationError, 'Contact .* does not belong to customer Dongguan Other Trading Co.'):
            self.make_complaint(partner_id=self.other_customer.id, contact_id=self.contact.id)

    def test_lot_of_another_product_is_refused(self):
        other_product = self.env['product.product'].create({'name': 'Pine shelf', 'type': 'product'})
        lot = self.env['stock.production.lot'].create({'name': 'LOT-1', 'product_id': other_product.id})
        with self.assertRaisesRegex(ValidationError, 'Lot/Serial Number LOT-1 is of product Pine shelf, not of '):
            self.make_complaint(product_id=self.product.id, lot_id=lot.id)

    def test_smart_button_counts(self):
        order = self.make_sale_order()
        self.make_complaint(sale_order_id=order.id)
        self.make_complaint()
        self.assertEqual(self.customer.cs_complaint_count, 2)
        self.assertEqual(self.contact.cs_complaint_count, 2, 'a contact shows its company')
        self.assertEqual(order.cs_complaint_count, 1)
        action = order.action_view_cs_complaints()
        self.assertEqual(self.env['cs.complaint'].search_count(action['domain']), 1)


class TestStages(ComplaintCase):

    def test_resolve_needs_a_resolution_and_mails_the_customer(self):
        complaint = self.make_complaint()
        complaint.stage_id = self.stage('investigating')
        with self.assertRaisesRegex(UserError, 'without a resolution'):
            complaint.stage_id = self.stage('resolved')
        complaint.write({'resolution': 'Both doors replaced on site.',
                         'stage_id': self.stage('resolved').id})
        self.assertEqual(complaint.stage_id, self.stage('resolved'))
        self.assertTrue(complaint.message_ids.filtered(
            lambda m: 'is resolved' in (m.subject or '')))
        with self.assertRaisesRegex(UserError, 'without a resolution'):
            complaint.resolution = ''

    def test_close_needs_resolution_and_follow_up_decision(self):
        complaint = self.make_complaint()
        with self.assertRaisesRegex(UserError, 'without a resolution'):
            complaint.stage_id = self.stage('closed')
        complaint.resolution = 'Doors replaced.'
        with self.assertRaisesRegex(UserError, 'without a follow-up decision'):
            complaint.stage_id = self.stage('closed')
        complaint.write({'followup_decision': 'none', 'stage_id': self.stage('closed').id})
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)

    def test_reject_needs_an_explanation(self):
        complaint = self.make_complaint()
        with self.assertRaisesRegex(UserError, 'explain the rejection'):
            complaint.stage_id = self.stage('rejected')
        complaint.write({'resolution': 'The damage was caused by the customer\'s mover.',
                         'stage_id': self.stage('rejected').id})
        self.assertTrue(complaint.is_closed)

    def test_reopening_needs_a_reason(self):
        complaint = self.make_complaint(resolution='Replaced.', followup_decision='none')
        complaint.stage_id = self.stage('closed')
        with self.assertRaisesRegex(UserError, 'reopen it with the Reopen button'):
            complaint.stage_id = self.stage('investigating')
        wizard = self.env['cs.complaint.reopen'].create({
            'complaint_id': complaint.id, 'reason': '   '})
        with self.assertRaisesRegex(UserError, 'reason for reopening'):
            wizard.action_reopen()
        self.env['cs.complaint.reopen'].create({
            'complaint_id': complaint.id, 'reason': 'The same crack on the new doors.'}).action_reopen()
        self.assertFalse(complaint.is_closed)
        self.assertEqual(complaint.stage_id, self.stage('acknowledged'))
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.date_closed)
        self.assertTrue(complaint.message_ids.filtered(lambda m: 'same crack' in (m.body or '')))

    def test_follow_up_after_closing_with_rating(self):
        complaint = self.make_complaint(resolution='Replaced.', followup_decision='planned')
        with self.assertRaisesRegex(ValidationError, 'not closed'), self.cr.savepoint():
            complaint.followup_rating = '4'
        complaint.invalidate_cache()
        complaint.stage_id = self.stage('closed')
        activity = complaint.activity_ids.filtered(lambda a: a.summary == 'Follow-up visit')
        self.assertEqual(len(activity), 1)
        with self.assertRaisesRegex(UserError, 'satisfaction'):
            complaint.action_followup_done()
        complaint.write({'followup_rating': '4', 'followup_note': 'Happy with the new doors.'})
        complaint.action_followup_done()
        self.assertTrue(complaint.followup_done_date)
        self.assertEqual(complaint.followup_user_id, self.env.user)
        self.assertFalse(activity.exists(), 'the follow-up activity is done')


class TestCompensation(ComplaintCase):

    def test_credit_note_for_the_compensation(self):
        invoice = self.env['account.invoice'].create({
            'partner_id': self.customer.id, 'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {'product_id': self.product.id, 'name': 'Wardrobe',
                                         'quantity': 1, 'price_unit': 1200.0,
                                         'account_id': self.product.categ_id.property_account_income_categ_id.id})]})
        complaint = self.make_complaint(invoice_id=invoice.id, demand='compensation')
        manager_complaint = complaint.sudo(self.cs_manager)
        with self.assertRaisesRegex(UserError, 'Enter the compensation amount'):
            manager_complaint.action_create_credit_note()
        manager_complaint.compensation_amount = 300.0
        with self.assertRaises(AccessError):
            complaint.sudo(self.cs_user).action_create_credit_note()
        action = manager_complaint.action_create_credit_note()
        refund = self.env['account.invoice'].browse(action['res_id'])
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(refund.state, 'draft')
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.cs_complaint_id, complaint)
        self.assertEqual(refund.refund_invoice_id, invoice)
        self.assertAlmostEqual(refund.amount_total, 300.0)
        self.assertEqual(complaint.refund_ids, refund)
        with self.assertRaisesRegex(UserError, 'already has credit note'):
            manager_complaint.action_create_credit_note()
        refund.action_invoice_cancel()
        manager_complaint.action_create_credit_note()
        self.assertEqual(len(complaint.refund_ids), 2)
        self.assertEqual(invoice.cs_complaint_count, 1)


class TestAccess(ComplaintCase):

    def setUp(self):
        super(TestAccess, self).setUp()
        self.other_team = self.env['cs.team'].create({'name': 'Key accounts',
                                                      'resource_calendar_id': self.calendar.id})
        self.mine = self.make_complaint()
        self.intake = self.make_complaint(team_id=False)
        self.foreign = self.make_complaint(partner_id=self.other_customer.id,
                                           team_id=self.other_team.id)

    def visible(self, user):
        return self.env['cs.complaint'].sudo(user).search([])

    def test_cs_user_sees_own_teams_and_the_intake(self):
        self.assertEqual(self.visible(self.cs_user), self.mine | self.intake)
        with self.assertRaises(AccessError):
            self.foreign.sudo(self.cs_user).read(['name'])
        with self.assertRaises(AccessError):
            self.foreign.sudo(self.cs_user).unlink()
        self.mine.sudo(self.cs_user).write({'stage_id': self.stage('acknowledged').id})
        with self.assertRaises(AccessError):
            self.mine.sudo(self.cs_user).unlink()

    def test_cs_user_records_for_another_team_and_keeps_it(self):
        complaint = self.make_complaint(user=self.cs_user, team_id=self.other_team.id,
                                        user_id=False)
        self.assertIn(complaint, self.visible(self.cs_user))

    def test_cs_manager_sees_all_and_configures(self):
        self.assertEqual(self.visible(self.cs_manager), self.mine | self.intake | self.foreign)
        self.env['cs.complaint.category'].sudo(self.cs_manager).create({'name': 'Documentation'})
        self.foreign.sudo(self.cs_manager).unlink()
        with self.assertRaises(AccessError):
            self.env['cs.complaint.category'].sudo(self.cs_user).create({'name': 'Other 2'})
        with self.assertRaises(AccessError):
            self.env['cs.sla.policy'].sudo(self.cs_user).create({
                'name': 'Mine', 'res_model': 'cs.complaint', 'acknowledge_hours': 1})

    def test_salesman_reads_his_customers_complaints_only(self):
        self.assertEqual(self.visible(self.salesman), self.mine | self.intake)
        with self.assertRaises(AccessError):
            self.mine.sudo(self.salesman).write({'priority': '3'})
        with self.assertRaises(AccessError):
            self.env['cs.complaint'].sudo(self.salesman).create({
                'partner_id': self.customer.id, 'categ_id': self.quality.id,
                'description': 'x'})
        self.assertEqual(self.customer.sudo(self.salesman).cs_complaint_count, 2)

    def test_portal_user_sees_only_his_company(self):
        portal = self.make_user('cs_test_portal', 'base.group_portal', partner_id=self.contact.id)
        self.assertEqual(self.visible(portal), self.mine | self.intake)
        self.assertEqual(self.mine.sudo(portal).read(['description'])[0]['description'],
                         self.mine.description)
        with self.assertRaises(AccessError):
            self.foreign.sudo(portal).read(['name'])
        with self.assertRaises(AccessError):
            self.mine.sudo(portal).write({'description': 'Changed by the customer'})
        with self.assertRaises(AccessError):
            self.mine.sudo(portal).read(['root_cause'])

    def test_user_without_customer_service_role_has_no_access(self):
        employee = self.make_user('cs_test_employee', 'base.group_user')
        with self.assertRaises(AccessError):
            self.visible(employee)


class TestMultiCompany(ComplaintCase):

    def test_complaints_stay_in_their_company(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        manager_b = self.make_user('cs_test_manager_b', 'customer_service_mgmt.group_cs_manager',
                                   company_id=other.id, company_ids=[(6, 0, [other.id])])
        here = self.make_complaint()
        there = self.make_complaint(user=manager_b, team_id=False)
        self.assertEqual(there.company_id, other)
        self.assertEqual(self.env['cs.complaint'].sudo(manager_b).search([]), there)
        self.assertNotIn(there, self.env['cs.complaint'].sudo(self.cs_manager).search([]))
        with self.assertRaises(AccessError):
            here.sudo(manager_b).read(['name'])

    def test_team_of_another_company_is_refused(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        team_b = self.env['cs.team'].create({'name': 'B hotline', 'company_id': other.id,
                                             'resource_calendar_id': other.resource_calendar_id.id})
        with self.assertRaisesRegex(ValidationError, 'Team B hotline belongs to company Second Test Factory, not to '):
            self.make_complaint(team_id=team_b.id)
