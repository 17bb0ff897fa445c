# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FOLLOWUP_MODES = [('activity', 'Follow-up Activity'), ('complaint', 'Complaint')]


class ResCompany(models.Model):
    _inherit = 'res.company'

    cs_sat_followup_threshold = fields.Float(
        string='Follow Up Responses Under (CSI)', default=60.0,
        help='A satisfaction response whose index (0-100) is under this value, or whose '
             'recommendation answer is a detractor (0-6), is followed up.')
    cs_sat_followup_mode = fields.Selection(
        FOLLOWUP_MODES, string='Follow Up With', default='activity', required=True,
        help='What a low satisfaction response opens: a to-do activity for the account owner, '
             'or a complaint.')
    cs_csat_threshold = fields.Float(
        string='Satisfied From (%)', default=75.0,
        help='An answer counts as satisfied in CSAT when its score reaches this share of the '
             'scale (75 %: the two best answers of five).')
    cs_sat_complaint_survey = fields.Boolean(
        string='Survey After Closing a Complaint',
        help='Send the transactional satisfaction survey to the customer when a complaint is '
             'closed.')
    cs_sat_service_survey = fields.Boolean(
        string='Survey After Closing a Service Request',
        help='Send the transactional satisfaction survey to the customer when an after-sales '
             'service request is closed.')
    cs_sat_transactional_survey_id = fields.Many2one(
        'survey.survey', string='Transactional Survey', domain=[('cs_satisfaction', '=', True)],
        help='Short survey sent after a complaint or a service is closed (the shipped service '
             'satisfaction survey when empty).')

    @api.constrains('cs_sat_followup_threshold', 'cs_csat_threshold')
    def _check_cs_satisfaction_settings(self):
        for company in self:
            if not 0 <= company.cs_sat_followup_threshold <= 100:
                raise ValidationError(_('The follow-up threshold is a satisfaction index between '
                                        '0 and 100.'))
            if not 0 < company.cs_csat_threshold <= 100:
                raise ValidationError(_('The CSAT threshold must be between 0 and 100 %.'))
