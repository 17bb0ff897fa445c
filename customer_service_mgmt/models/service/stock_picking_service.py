# -*- coding: utf-8 -*-
from odoo import api, fields, models


class StockPicking(models.Model):
    """Returns and replacement deliveries of service requests."""
    _inherit = 'stock.picking'

    cs_service_request_id = fields.Many2one('cs.service.request', string='Service Request',
                                            index=True, readonly=True, copy=False,
                                            ondelete='set null')

    @api.multi
    def action_done(self):
        result = super(StockPicking, self).action_done()
        # sudo: warehouse users validating a return may not read service requests
        self.sudo().mapped('cs_service_request_id')._sync_from_documents()
        return result

    @api.multi
    def action_cancel(self):
        result = super(StockPicking, self).action_cancel()
        self.sudo().mapped('cs_service_request_id')._sync_from_documents()
        return result
