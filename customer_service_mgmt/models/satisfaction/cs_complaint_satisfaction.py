# -*- coding: utf-8 -*-
from odoo import models


class CsComplaint(models.Model):
    """Closing a complaint sends the transactional satisfaction survey (company setting)."""
    _name = 'cs.complaint'
    _inherit = ['cs.complaint', 'cs.satisfaction.survey.mixin']

    _cs_survey_contact_field = 'contact_id'

    def _on_stage_entered(self):
        result = super(CsComplaint, self)._on_stage_entered()
        self.filtered(lambda complaint: complaint.is_closed and not complaint.stage_id.is_rejected
                      and complaint.company_id.cs_sat_complaint_survey
                      ).cs_send_satisfaction_survey()
        return result
