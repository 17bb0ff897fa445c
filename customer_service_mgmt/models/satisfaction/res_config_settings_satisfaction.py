# -*- coding: utf-8 -*-
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    cs_sat_followup_threshold = fields.Float(related='company_id.cs_sat_followup_threshold',
                                             string='Follow Up Responses Under (CSI)')
    cs_sat_followup_mode = fields.Selection(related='company_id.cs_sat_followup_mode',
                                            string='Follow Up With')
    cs_csat_threshold = fields.Float(related='company_id.cs_csat_threshold',
                                     string='Satisfied From (%)')
    cs_sat_complaint_survey = fields.Boolean(related='company_id.cs_sat_complaint_survey',
                                             string='Survey After Closing a Complaint')
    cs_sat_service_survey = fields.Boolean(related='company_id.cs_sat_service_survey',
                                           string='Survey After Closing a Service Request')
    cs_sat_transactional_survey_id = fields.Many2one(
        related='company_id.cs_sat_transactional_survey_id', string='Transactional Survey')
