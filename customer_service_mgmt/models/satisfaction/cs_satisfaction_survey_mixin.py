# -*- coding: utf-8 -*-
from odoo import api, fields, models


class CsSatisfactionSurveyMixin(models.AbstractModel):
    """Transactional satisfaction survey on a business document (complaint, service
    request...): a short survey mailed to the customer when the document is closed; its score
    shows on the document and in the customer's satisfaction history.

    To use it::

        class CsServiceRequest(models.Model):
            _name = 'cs.service.request'
            _inherit = ['cs.service.request', 'cs.satisfaction.survey.mixin']
            _cs_survey_contact_field = 'contact_id'   # optional: who receives the mail

            def <closing method>(self):
                ...
                self.filtered(<closed>).cs_send_satisfaction_survey()

    and add the fields ``cs_survey_state`` / ``cs_survey_csi`` / ``cs_survey_nps`` to the form.
    """
    _name = 'cs.satisfaction.survey.mixin'
    _description = 'Transactional Satisfaction Survey'

    _cs_survey_partner_field = 'partner_id'  # the customer (its company is scored)
    _cs_survey_contact_field = None  # the contact who receives the survey, when there is one
    _cs_survey_user_field = 'user_id'  # follows up a low score if the customer has no salesperson

    cs_survey_input_id = fields.Many2one('survey.user_input', string='Satisfaction Survey',
                                         readonly=True, copy=False)
    cs_survey_state = fields.Selection(related='cs_survey_input_id.state', readonly=True,
                                       string='Survey Status')
    cs_survey_csi = fields.Float(string='Survey CSI', compute='_compute_cs_survey_score',
                                 digits=(16, 1))
    cs_survey_nps = fields.Integer(string='Survey Recommendation (0-10)',
                                   compute='_compute_cs_survey_score')

    @api.depends('cs_survey_input_id.state')
    def _compute_cs_survey_score(self):
        responses = self.env['cs.satisfaction.response'].sudo().search(
            [('user_input_id', 'in', self.mapped('cs_survey_input_id').ids)])
        # sudo: the score of the document's own survey is part of the document
        by_input = {response.user_input_id.id: response for response in responses}
        for record in self:
            response = by_input.get(record.cs_survey_input_id.id)
            record.cs_survey_csi = response.csi if response else 0.0
            record.cs_survey_nps = response.nps_score if response else 0

    def _cs_survey_recipient(self):
        contact = self._cs_survey_contact_field and self[self._cs_survey_contact_field]
        return contact if contact and contact.email else self[self._cs_survey_partner_field]

    def cs_send_satisfaction_survey(self):
        """Mail the company's transactional survey to the customer of each record not
        surveyed yet (records whose customer has no email are left out)."""
        template = self.env.ref('customer_service_mgmt.mail_template_cs_satisfaction_invitation')
        fallback = self.env.ref('customer_service_mgmt.survey_cs_transactional',
                                raise_if_not_found=False)
        for record in self.filtered(lambda r: not r.cs_survey_input_id):
            survey = record.company_id.cs_sat_transactional_survey_id or fallback
            recipient = record._cs_survey_recipient()
            if not survey or not recipient.email:
                continue
            # sudo: the survey answer is the customer's, created for them whatever the rights
            # of the user closing the document on the host's survey answers
            user_input = self.env['survey.user_input'].sudo().create({
                'survey_id': survey.id, 'partner_id': recipient.id, 'email': recipient.email,
                'type': 'link', 'cs_company_id': record.company_id.id,
                'cs_responsible_id': record[self._cs_survey_user_field].id,
                'cs_res_model': record._name, 'cs_res_id': record.id,
                'cs_sent_date': fields.Datetime.now()})
            record.cs_survey_input_id = user_input
            user_input.cs_send(template)
