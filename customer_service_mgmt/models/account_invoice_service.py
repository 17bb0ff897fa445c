# -*- coding: utf-8 -*-
from odoo import fields, models


class AccountInvoice(models.Model):
    """Invoices of paid services (training, out-of-warranty work)."""
    _inherit = 'account.invoice'

    cs_service_request_id = fields.Many2one('cs.service.request', string='Service Request',
                                            index=True, readonly=True, copy=False,
                                            ondelete='set null')
