"""Satisfaction scores (issue 6): weighted CSI normalised across question types, NPS, CSAT,
skipped questions and partial answers, several answers per customer, configuration checks."""
from odoo.exceptions import ValidationError

from .satisfaction_common import SatisfactionCase


class TestSatisfactionScore(SatisfactionCase):

    def assertRefused(self, func, *args):
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                func(*args)
        self.env['res.partner'].invalidate_cache()  # the whole cache

    def test_weighted_csi_across_question_types(self):
        # choice 'Good' = mark 4 on 1..5 -> 75; matrix rows Yes (1) and Partly (0.5) -> 75;
        # number 8 on 0..10 -> 80; weights 2, 1, 1
        response = self.answer(self.make_input(), choice='Good',
                               matrix={'On time': 'Yes', 'Complete': 'Partly'}, number=8, nps=9)
        self.assertEqual(len(response), 1)
        self.assertAlmostEqual(response.csi, (2 * 75 + 75 + 80) / 4.0)
        self.assertEqual(response.partner_id, self.customer)
        self.assertEqual((response.nps_score, response.nps_category), (9, 'promoter'))
        self.assertEqual((response.csat_answered, response.csat_satisfied), (3, 3))
        scores = {line.dimension_id: line.score for line in response.line_ids}
        self.assertEqual(set(scores), {self.quality, self.delivery, self.service})
        self.assertAlmostEqual(scores[self.quality], 75.0)
        self.assertAlmostEqual(scores[self.delivery], 75.0)
        self.assertAlmostEqual(scores[self.service], 80.0)

    def test_skipped_questions_leave_the_denominator(self):
        response = self.answer(self.make_input(), choice='Great', number=None, matrix=None)
        self.assertAlmostEqual(response.csi, 100.0)
        self.assertEqual(response.csat_answered, 1)
        self.assertEqual(response.line_ids.mapped('dimension_id'), self.quality)
        self.assertEqual(response.nps_answered, 0)
        self.assertFalse(response.nps_category)

    def test_numbers_are_clamped_to_the_validation_bounds(self):
        self.assertAlmostEqual(self.answer(self.make_input(), number=12).csi, 100.0)
        self.assertAlmostEqual(self.answer(self.make_input(), number=-3).csi, 0.0)

    def test_nothing_scored_gives_no_index(self):
        response = self.answer(self.make_input(), nps=10)
        self.assertEqual(response.csat_answered, 0)
        self.assertEqual(response.nps_category, 'promoter')
        self.env.cr.execute('SELECT csi FROM cs_satisfaction_response WHERE id = %s',
                            (response.id,))
        self.assertIsNone(self.env.cr.fetchone()[0])

    def test_partial_answer_is_scored_only_when_completed(self):
        user_input = self.make_input()
        self.assertFalse(self.answer(user_input, choice='Bad', done=False))
        user_input.write({'state': 'done'})
        self.assertAlmostEqual(self.response(user_input).csi, 0.0)

    def test_completing_again_replaces_the_scores(self):
        user_input = self.make_input()
        response = self.answer(user_input, choice='Bad')
        user_input.user_input_line_ids.filtered(
            lambda line: line.question_id == self.q_choice).write(
            {'value_suggested': self.label(self.q_choice, 'Great').id})
        user_input.write({'state': 'done'})
        self.assertEqual(self.response(user_input), response)
        self.assertAlmostEqual(response.csi, 100.0)
        self.assertEqual(len(response.line_ids), 1)

    def test_test_entries_and_other_surveys_are_not_scored(self):
        self.assertFalse(self.answer(self.make_input(test_entry=True), choice='Good'))
        plain = self.env['survey.survey'].create({'title': 'Canteen poll'})
        page = self.env['survey.page'].create({'title': 'P', 'survey_id': plain.id})
        self.env['survey.question'].create({'page_id': page.id, 'question': 'Lunch?',
                                            'type': 'free_text'})
        user_input = self.make_input(survey=plain)
        user_input.write({'state': 'done'})
        self.assertFalse(self.response(user_input))

    def test_nps_and_csat_of_a_campaign(self):
        campaign = self.make_campaign()
        answers = [('Great', 10), ('Good', 9), ('Fair', 8), ('Poor', 6), ('Bad', 0)]
        for choice, nps in answers:
            self.answer(self.make_input(campaign=campaign), choice=choice, nps=nps)
        figures = campaign.figures()[campaign.id]
        # 2 promoters, 2 detractors out of 5: NPS 0; CSAT: Great and Good of 5 answers
        self.assertAlmostEqual(figures['nps'], 0.0)
        self.assertAlmostEqual(figures['csat'], 40.0)
        self.assertAlmostEqual(figures['csi'], (100 + 75 + 50 + 25 + 0) / 5.0)
        self.assertAlmostEqual(figures['dimensions'][self.quality.id], 50.0)
        self.assertEqual(figures['answered_count'], 5)
        self.assertAlmostEqual(campaign.nps, 0.0)

    def test_csat_threshold_is_configurable(self):
        self.company.cs_csat_threshold = 100.0
        response = self.answer(self.make_input(), choice='Good', number=10)
        self.assertEqual((response.csat_answered, response.csat_satisfied), (2, 1))
        self.assertRefused(self.company.write, {'cs_csat_threshold': 0.0})

    def test_several_answers_per_customer(self):
        campaign = self.make_campaign()
        self.answer(self.make_input(campaign=campaign), choice='Great')
        # a second contact of the same customer: the scores go to the customer company
        self.answer(self.make_input(partner=self.contact, campaign=campaign), choice='Fair')
        self.answer(self.make_input(partner=self.other_customer, campaign=campaign), choice='Bad')
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.cs_satisfaction_count, 2)
        self.assertAlmostEqual(self.customer.cs_satisfaction_csi, 75.0)
        self.assertEqual(len(self.customer.cs_satisfaction_response_ids), 2)
        # the campaign averages responses, each answer counting once
        self.assertAlmostEqual(campaign.figures()[campaign.id]['csi'], (100 + 50 + 0) / 3.0)
        groups = self.env['cs.satisfaction.response'].read_group(
            [('campaign_id', '=', campaign.id)], ['partner_id', 'csi'], ['partner_id'])
        by_partner = {g['partner_id'][0]: g['csi'] for g in groups}
        self.assertAlmostEqual(by_partner[self.customer.id], 75.0)
        self.assertAlmostEqual(by_partner[self.other_customer.id], 0.0)

    def test_position_scoring_when_labels_have_equal_marks(self):
        self.q_choice.labels_ids.write({'quizz_mark': 0})
        # 'Poor' is the 2nd of 5 labels: position 1/4
        self.assertAlmostEqual(self.answer(self.make_input(), choice='Poor').csi, 25.0)

    def test_all_zero_weights_refused(self):
        self.assertRefused((self.q_choice | self.q_matrix | self.q_number).write,
                           {'cs_weight': 0.0})
        # one positive weight left is enough
        (self.q_matrix | self.q_number).write({'cs_weight': 0.0})
        self.assertRefused(self.q_choice.write, {'cs_weight': 0.0})
        self.assertRefused(self.q_choice.write, {'cs_weight': -1.0})
        self.assertEqual(self.q_choice.cs_weight, 2.0)
        # a survey turned into a satisfaction survey is checked too
        plain = self.env['survey.survey'].create({'title': 'Unweighted'})
        page = self.env['survey.page'].create({'title': 'P', 'survey_id': plain.id})
        self.env['survey.question'].create({
            'page_id': page.id, 'question': 'Happy?', 'type': 'simple_choice', 'cs_weight': 0.0,
            'labels_ids': [(0, 0, {'value': 'Yes'}), (0, 0, {'value': 'No'})]})
        self.assertRefused(plain.write, {'cs_satisfaction': True})

    def test_unscorable_questions_refused(self):
        self.assertRefused(self.make_question, 'Free words', 'free_text', 1.0, self.service)
        self.assertRefused(self.make_question, 'Mark without bounds', 'numerical_box', 1.0,
                           self.service)

    def test_shipped_questionnaire(self):
        survey = self.env.ref('customer_service_mgmt.survey_cs_quarterly')
        questions = survey.page_ids.mapped('question_ids')
        self.assertTrue(survey.cs_satisfaction)
        nps = questions.filtered('cs_is_nps')
        self.assertEqual(len(nps), 1)
        self.assertEqual(nps.labels_ids.mapped('quizz_mark'), [float(i) for i in range(11)])
        self.assertEqual(len(questions.mapped('cs_dimension_id')), 5)
        self.assertEqual(survey.with_context(lang='zh_CN').title, '客户满意度调查表')
