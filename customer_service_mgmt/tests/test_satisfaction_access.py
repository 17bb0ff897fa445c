"""Who may do what with satisfaction data (issue 6), with real users per role."""
from odoo.exceptions import AccessError

from .satisfaction_common import SatisfactionCase


class TestSatisfactionAccess(SatisfactionCase):

    def setUp(self):
        super(TestSatisfactionAccess, self).setUp()
        self.campaign = self.make_campaign(partner_ids=[(6, 0, self.customer.ids)])
        self.campaign.action_send_invitations()
        self.response = self.answer(self.campaign.user_input_ids, choice='Poor', nps=4)

    def test_manager_runs_campaigns_and_designs_questionnaires(self):
        campaign = self.env['cs.satisfaction.campaign'].sudo(self.cs_manager).create({
            'title': 'Q2', 'date_start': '2026-04-01', 'date_end': '2026-06-30',
            'survey_id': self.survey.id, 'partner_ids': [(6, 0, self.other_customer.ids)]})
        campaign.action_send_invitations()
        self.assertEqual(campaign.invited_count, 1)
        self.q_choice.sudo(self.cs_manager).cs_weight = 3.0
        dimension = self.env['cs.satisfaction.dimension'].sudo(self.cs_manager).create(
            {'name': 'Packaging'})
        self.assertTrue(dimension)

    def test_user_reads_figures_and_records_followup_only(self):
        campaign = self.campaign.sudo(self.cs_user)
        self.assertEqual(campaign.answered_count, 1)
        self.assertTrue(campaign.user_input_ids.sudo(self.cs_user).read(['state']))
        with self.assertRaises(AccessError):
            campaign.write({'title': 'Renamed'})
        with self.assertRaises(AccessError):
            self.env['cs.satisfaction.campaign'].sudo(self.cs_user).create({
                'title': 'Mine', 'date_start': '2026-04-01', 'date_end': '2026-06-30',
                'survey_id': self.survey.id})
        with self.assertRaises(AccessError):
            self.q_choice.sudo(self.cs_user).cs_weight = 5.0
        response = self.response.sudo(self.cs_user)
        with self.assertRaises(AccessError):
            response.write({'csi': 100.0})
        with self.assertRaises(AccessError):
            response.unlink()
        response.followup_result = 'Customer called back.'
        response.action_followup_done()
        self.assertEqual(self.response.followup_state, 'done')

    def test_salesman_sees_no_satisfaction_data(self):
        with self.assertRaises(AccessError):
            self.env['cs.satisfaction.response'].sudo(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.campaign.sudo(self.salesman).read(['csi'])

    def test_salesman_reads_complaint_with_its_survey(self):
        self.company.cs_sat_complaint_survey = True
        complaint = self.closed_complaint()
        self.assertTrue(complaint.cs_survey_input_id)
        values = complaint.sudo(self.salesman).read(['cs_survey_state', 'cs_survey_csi'])[0]
        self.assertEqual(values['cs_survey_state'], 'new')

    def test_other_company_data_is_hidden(self):
        other = self.env['res.company'].create({'name': 'Other Factory Ltd'})
        outsider = self.make_user('sat_other_manager', 'customer_service_mgmt.group_cs_manager',
                                  company_id=other.id, company_ids=[(6, 0, other.ids)])
        self.assertFalse(self.env['cs.satisfaction.response'].sudo(outsider).search([]))
        self.assertFalse(self.env['cs.satisfaction.campaign'].sudo(outsider).search([]))
        self.assertFalse(self.env['cs.satisfaction.response.line'].sudo(outsider).search([]))
