"""Closing an after-sales service request sends the transactional satisfaction survey
(company setting); its score lands on the request and in the customer's history."""
from .service_common import ServiceCase


class TestServiceSatisfaction(ServiceCase):

    def closed_request(self):
        request = self.make_request(contact_id=self.contact.id, user_id=self.technician.id)
        request.stage_id = self.service_stage('closed')
        self.assertTrue(request.is_closed)
        return request

    def test_survey_after_closing_a_service_request(self):
        self.company.cs_sat_service_survey = True
        request = self.closed_request()
        user_input = request.cs_survey_input_id
        self.assertEqual(user_input.survey_id,
                         self.env.ref('customer_service_mgmt.survey_cs_transactional'))
        self.assertEqual(user_input.partner_id, self.contact)
        self.assertEqual(len(self.env['mail.mail'].search(
            [('recipient_ids', 'in', self.contact.ids)])), 1)
        survey = user_input.survey_id
        for question in survey.page_ids.mapped('question_ids'):
            worst = question.labels_ids.sorted('sequence')[:1]
            self.env['survey.user_input_line'].create({
                'user_input_id': user_input.id, 'question_id': question.id,
                'survey_id': survey.id, 'answer_type': 'suggestion', 'value_suggested': worst.id})
        user_input.write({'state': 'done'})
        request.invalidate_cache()
        self.assertAlmostEqual(request.cs_survey_csi, 0.0)
        self.assertEqual(request.cs_survey_nps, 0)
        response = self.env['cs.satisfaction.response'].search(
            [('user_input_id', '=', user_input.id)])
        self.assertEqual((response.res_model, response.res_id),
                         ('cs.service.request', request.id))
        self.assertIn(response, self.customer.cs_satisfaction_response_ids)
        self.assertEqual(response.nps_category, 'detractor')  # and so it is followed up
        self.assertEqual(response.followup_state, 'open')

    def test_no_survey_unless_configured(self):
        self.company.cs_sat_service_survey = False
        self.company.cs_sat_complaint_survey = True  # the complaints' setting is not this one
        self.assertFalse(self.closed_request().cs_survey_input_id)
