# -*- coding: utf-8 -*-
from odoo import models


class CsServiceRequest(models.Model):
    """Closing a service request sends the transactional satisfaction survey (company
    setting)."""
    _name = 'cs.service.request'
    _inherit = ['cs.service.request', 'cs.satisfaction.survey.mixin']

    _cs_survey_contact_field = 'contact_id'

    def _on_stage_entered(self):
        result = super(CsServiceRequest, self)._on_stage_entered()
        self.filtered(lambda request: request.is_closed
                      and request.company_id.cs_sat_service_survey).cs_send_satisfaction_survey()
        return result
