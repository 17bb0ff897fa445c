# -*- coding: utf-8 -*-
from odoo import api, fields, models


class MrpRepair(models.Model):
    _inherit = 'mrp.repair'

    cs_service_request_id = fields.Many2one('cs.service.request', string='Service Request',
                                            index=True, readonly=True, copy=False,
                                            ondelete='set null')

    @api.multi
    def write(self, vals):
        result = super(MrpRepair, self).write(vals)
        if 'state' in vals:
            # sudo: the workshop finishing a repair may not read service requests; the
            # request follows its repair whoever moves it
            self.sudo().mapped('cs_service_request_id')._sync_from_documents()
        return result
