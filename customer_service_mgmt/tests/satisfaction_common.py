"""Shared set-up of the satisfaction tests: a scored survey covering every scored question
type, customers, users per role, and a helper that answers like the host's survey pages
(``survey.user_input_line`` rows, then the input's state set to 'done')."""
from .common import CsmCase


class SatisfactionCase(CsmCase):

    def setUp(self):
        super(SatisfactionCase, self).setUp()
        self.company.write({'cs_sat_followup_threshold': 60.0, 'cs_csat_threshold': 75.0,
                            'cs_sat_followup_mode': 'activity'})
        self.cs_user = self.make_user('sat_test_agent', 'customer_service_mgmt.group_cs_user')
        self.cs_manager = self.make_user('sat_test_manager', 'customer_service_mgmt.group_cs_manager')
        self.salesman = self.make_user('sat_test_seller', 'sales_team.group_sale_salesman')
        self.customer = self.make_customer(
            'Shunde Test Cabinets Co.', email='buyer@shunde-cabinets.example.com',
            user_id=self.salesman.id)
        self.contact = self.make_contact(self.customer, 'Zhao Min',
                                         email='zhao.min@shunde-cabinets.example.com')
        self.other_customer = self.make_customer('Jiangmen Other Doors Co.',
                                                 email='info@jiangmen-doors.example.com')
        dim = lambda name: self.env.ref('customer_service_mgmt.satisfaction_dimension_%s' % name)
        self.quality, self.delivery, self.service = dim('quality'), dim('delivery'), dim('service')
        self.survey = self.env['survey.survey'].create({
            'title': 'Test satisfaction', 'cs_satisfaction': True,
            'stage_id': self.env.ref('survey.stage_permanent').id})
        self.page = self.env['survey.page'].create({'title': 'Page 1', 'survey_id': self.survey.id})
        # 1-5 scale scored by quizz_mark, weight 2
        self.q_choice = self.make_question('Quality?', 'simple_choice', 2.0, self.quality,
                                           labels=[('Bad', 1), ('Poor', 2), ('Fair', 3),
                                                   ('Good', 4), ('Great', 5)])
        # matrix without marks: scored by column position (0, 0.5, 1)
        self.q_matrix = self.make_question('Delivery?', 'matrix', 1.0, self.delivery,
                                           labels=[('No', 0), ('Partly', 0), ('Yes', 0)],
                                           rows=['On time', 'Complete'], matrix_subtype='simple')
        # number between the validation bounds 0..10
        self.q_number = self.make_question('Service mark (0-10)?', 'numerical_box', 1.0,
                                           self.service, validation_required=True,
                                           validation_min_float_value=0,
                                           validation_max_float_value=10)
        self.q_nps = self.make_question('Recommend us?', 'simple_choice', 0.0, False,
                                        labels=[(str(i), i) for i in range(11)], cs_is_nps=True)
        self.q_text = self.make_question('Comments?', 'free_text', 0.0, False)

    def make_question(self, text, qtype, weight, dimension, labels=(), rows=(), survey=None,
                      **values):
        page = survey.page_ids[0] if survey else self.page
        vals = {'page_id': page.id, 'question': text, 'type': qtype, 'cs_weight': weight,
                'cs_dimension_id': dimension and dimension.id,
                'labels_ids': [(0, 0, {'value': value, 'quizz_mark': mark, 'sequence': seq})
                               for seq, (value, mark) in enumerate(labels)],
                'labels_ids_2': [(0, 0, {'value': value, 'sequence': seq})
                                 for seq, value in enumerate(rows)]}
        vals.update(values)
        return self.env['survey.question'].create(vals)

    def label(self, question, value, row=False):
        labels = question.labels_ids_2 if row else question.labels_ids
        return labels.filtered(lambda label: label.value == value)

    def make_input(self, partner=None, campaign=None, survey=None, **values):
        vals = {'survey_id': (survey or self.survey).id, 'type': 'link',
                'partner_id': (partner or self.customer).id,
                'cs_campaign_id': campaign and campaign.id,
                'cs_company_id': self.company.id}
        vals.update(values)
        return self.env['survey.user_input'].create(vals)

    def answer(self, user_input, choice=None, matrix=None, number=None, nps=None, done=True):
        """Answer like the host's pages: one line per answer, skipped lines for the rest."""
        Line = self.env['survey.user_input_line']
        base = {'user_input_id': user_input.id, 'survey_id': user_input.survey_id.id}

        def skipped(question):
            Line.create(dict(base, question_id=question.id, skipped=True, answer_type=None))
        if choice is None:
            skipped(self.q_choice)
        else:
            Line.create(dict(base, question_id=self.q_choice.id, answer_type='suggestion',
                             value_suggested=self.label(self.q_choice, choice).id))
        if matrix is None:
            skipped(self.q_matrix)
        for row, column in (matrix or {}).items():
            Line.create(dict(base, question_id=self.q_matrix.id, answer_type='suggestion',
                             value_suggested=self.label(self.q_matrix, column).id,
                             value_suggested_row=self.label(self.q_matrix, row, row=True).id))
        if number is None:
            skipped(self.q_number)
        else:
            Line.create(dict(base, question_id=self.q_number.id, answer_type='number',
                             value_number=number))
        if nps is not None:
            Line.create(dict(base, question_id=self.q_nps.id, answer_type='suggestion',
                             value_suggested=self.label(self.q_nps, str(nps)).id))
        Line.create(dict(base, question_id=self.q_text.id, answer_type='free_text',
                         value_free_text='Keep it up'))
        user_input.write({'state': 'done' if done else 'skip'})
        return self.response(user_input)

    def response(self, user_input):
        return self.env['cs.satisfaction.response'].search([('user_input_id', '=', user_input.id)])

    def make_campaign(self, **values):
        vals = {'title': 'Q1 satisfaction', 'date_start': '2026-01-01', 'date_end': '2026-03-31',
                'survey_id': self.survey.id, 'user_id': self.cs_manager.id,
                'target_invoiced': False}
        vals.update(values)
        return self.env['cs.satisfaction.campaign'].create(vals)

    def closed_complaint(self, category='quality', **values):
        """A complaint of the customer, closed (no follow-up visit)."""
        vals = {'partner_id': self.customer.id, 'description': 'Loose handles',
                'categ_id': self.env.ref('customer_service_mgmt.complaint_category_%s'
                                         % category).id}
        vals.update(values)
        complaint = self.env['cs.complaint'].create(vals)
        complaint.write({'resolution': 'Replaced', 'followup_decision': 'none',
                         'stage_id': self.env.ref('customer_service_mgmt.complaint_stage_closed').id})
        return complaint
