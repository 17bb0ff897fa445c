"""Satisfaction campaigns (issue 6): target selection, invitations with the host survey's
token links, reminders, tracking, the closed loop on low scores and the transactional survey
after a complaint."""
from odoo import fields
from odoo.exceptions import UserError

from .satisfaction_common import SatisfactionCase


class TestSatisfactionCampaign(SatisfactionCase):

    def make_invoice(self, partner, date):
        account = self.env['account.account'].search([
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id),
            ('company_id', '=', self.company.id)], limit=1)
        invoice = self.env['account.invoice'].create({
            'partner_id': partner.id, 'type': 'out_invoice', 'date_invoice': date,
            'invoice_line_ids': [(0, 0, {'name': 'Hinges', 'account_id': account.id,
                                         'quantity': 1, 'price_unit': 100.0})]})
        invoice.action_invoice_open()
        return invoice

    def mails_to(self, partner):
        return self.env['mail.mail'].search([('recipient_ids', 'in', partner.ids)])

    def test_target_selection_by_criteria_and_manual_list(self):
        self.make_invoice(self.contact, '2026-02-10')  # a contact's invoice: its company
        self.make_invoice(self.other_customer, '2025-12-31')  # before the period
        late = self.env['res.partner'].create({'name': 'Zhuhai Late Co.', 'customer': True})
        self.make_invoice(late, '2026-03-31')  # last day of the period counts
        manual = self.env['res.partner'].create({'name': 'Manual Pick Co.', 'customer': True})
        campaign = self.make_campaign(target_invoiced=True,
                                      manual_partner_ids=[(6, 0, [manual.id])])
        campaign.action_select_targets()
        self.assertEqual(campaign.partner_ids, self.customer | late | manual)

        complaint_customer = self.env['res.partner'].create({'name': 'Complaining Co.',
                                                             'customer': True})
        complaint = self.closed_complaint(partner_id=complaint_customer.id)
        complaint.date_closed = '2026-02-01 10:00:00'
        campaign.write({'target_invoiced': False, 'target_complaint': True,
                        'manual_partner_ids': [(5, 0, 0)]})
        campaign.action_select_targets()
        self.assertEqual(campaign.partner_ids, complaint_customer)

    def test_invitations_reminders_and_tracking(self):
        nomail = self.env['res.partner'].create({'name': 'No Mail Co.', 'customer': True})
        campaign = self.make_campaign(partner_ids=[(6, 0, [self.customer.id,
                                                            self.other_customer.id, nomail.id])])
        campaign.action_send_invitations()
        self.assertEqual(campaign.state, 'running')
        inputs = campaign.user_input_ids
        self.assertEqual(inputs.mapped('partner_id'), self.customer | self.other_customer)
        self.assertEqual(len(set(inputs.mapped('token'))), 2)
        own = inputs.filtered(lambda ui: ui.partner_id == self.customer)
        mail = self.mails_to(self.customer)
        self.assertEqual(len(mail), 1)
        self.assertIn('%s/%s' % (self.survey.public_url, own.token), mail.body_html)
        self.assertIn('No Mail Co.', campaign.message_ids[0].body)
        # sending again invites nobody twice
        campaign.action_send_invitations()
        self.assertEqual(len(campaign.user_input_ids), 2)
        self.assertEqual(len(self.mails_to(self.customer)), 1)

        own.cs_mark_opened()
        self.answer(own, choice='Great', nps=10)
        campaign.invalidate_cache()
        self.assertEqual((campaign.invited_count, campaign.opened_count, campaign.answered_count),
                         (2, 1, 1))
        self.assertAlmostEqual(campaign.response_rate, 50.0)

        campaign.action_send_reminders()
        other = inputs - own
        self.assertEqual((other.cs_reminder_count, own.cs_reminder_count), (1, 0))
        self.assertEqual(len(self.mails_to(self.other_customer)), 2)
        self.assertEqual(len(self.mails_to(self.customer)), 1)
        # the cron reminds only after the campaign's delay
        campaign._cron_send_reminders()
        self.assertEqual(other.cs_reminder_count, 1)
        other.cs_last_reminder_date = '2020-01-01 00:00:00'
        campaign._cron_send_reminders()
        self.assertEqual(other.cs_reminder_count, 2)

        campaign.action_close()
        with self.assertRaises(UserError):
            campaign.action_send_reminders()

    def test_low_score_opens_activity_for_account_owner(self):
        campaign = self.make_campaign()
        good = self.answer(self.make_input(campaign=campaign), choice='Great', nps=10)
        self.assertEqual(good.followup_state, 'none')
        low = self.answer(self.make_input(campaign=campaign), choice='Poor', nps=8)
        self.assertEqual(low.followup_state, 'open')
        self.assertEqual(low.user_id, self.salesman)
        activity = low.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        # a detractor with a high index is followed up too; no salesperson: the campaign's
        # responsible
        detractor = self.answer(self.make_input(partner=self.other_customer, campaign=campaign),
                                choice='Great', nps=3)
        self.assertEqual(detractor.followup_state, 'open')
        self.assertEqual(detractor.activity_ids.user_id, self.cs_manager)

        with self.assertRaises(UserError):
            low.sudo(self.cs_user).action_followup_done()
        low.sudo(self.cs_user).followup_result = 'Called: a late delivery, discount agreed.'
        low.sudo(self.cs_user).action_followup_done()
        self.assertEqual(low.followup_state, 'done')
        self.assertEqual(low.followup_user_id, self.cs_user)
        self.assertFalse(low.activity_ids)

    def test_low_score_opens_complaint_when_configured(self):
        self.company.cs_sat_followup_mode = 'complaint'
        response = self.answer(self.make_input(campaign=self.make_campaign()), choice='Bad')
        complaint = response.followup_complaint_id
        self.assertTrue(complaint)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.user_id, self.salesman)
        self.assertEqual(complaint.categ_id,
                         self.env.ref('customer_service_mgmt.complaint_category_low_satisfaction'))
        self.assertEqual(response.followup_state, 'open')

    def test_transactional_survey_after_closing_a_complaint(self):
        self.company.cs_sat_complaint_survey = True
        complaint = self.closed_complaint('delivery', contact_id=self.contact.id,
                                          user_id=self.cs_user.id)
        user_input = complaint.cs_survey_input_id
        self.assertEqual(user_input.survey_id,
                         self.env.ref('customer_service_mgmt.survey_cs_transactional'))
        self.assertEqual(user_input.partner_id, self.contact)
        self.assertEqual(len(self.env['mail.mail'].search(
            [('recipient_ids', 'in', self.contact.ids)])), 1)

        survey = user_input.survey_id
        questions = survey.page_ids.mapped('question_ids')
        Line = self.env['survey.user_input_line']
        for question in questions:
            label = question.labels_ids.sorted('sequence')[-1]  # best answer everywhere
            Line.create({'user_input_id': user_input.id, 'question_id': question.id,
                         'survey_id': survey.id, 'answer_type': 'suggestion',
                         'value_suggested': label.id})
        user_input.write({'state': 'done'})
        complaint.invalidate_cache()
        self.assertAlmostEqual(complaint.cs_survey_csi, 100.0)
        self.assertEqual(complaint.cs_survey_nps, 10)
        response = self.response(user_input)
        self.assertEqual((response.res_model, response.res_id), ('cs.complaint', complaint.id))
        self.assertIn(response, self.customer.cs_satisfaction_response_ids)

    def test_no_transactional_survey_unless_configured(self):
        self.company.cs_sat_complaint_survey = False
        complaint = self.closed_complaint('delivery')
        self.assertFalse(complaint.cs_survey_input_id)

    def test_campaign_needs_an_open_questionnaire(self):
        campaign = self.make_campaign(partner_ids=[(6, 0, self.customer.ids)])
        self.survey.stage_id = self.env.ref('survey.stage_closed')
        with self.assertRaises(UserError):
            campaign.action_send_invitations()
        self.assertFalse(campaign.user_input_ids)
