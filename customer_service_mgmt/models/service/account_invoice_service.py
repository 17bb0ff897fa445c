# -*- coding: utf-8 -*-
from odoo import _, api, fields, models


class AccountInvoice(models.Model):
    """Invoices of paid services (training, out-of-warranty work)."""
    _inherit = 'account.invoice'

    cs_service_request_id = fields.Many2one('cs.service.request', string='Service Request',
                                            index=True, readonly=True, copy=False,
                                            ondelete='set null')

    @api.multi
    def write(self, vals):
        result = super(AccountInvoice, self).write(vals)
        if vals.get('state') and self.filtered('cs_service_request_id'):
            states = dict(self._fields['state']._description_selection(self.env))
            # sudo: accountants validating the invoice may not read service requests
            for invoice in self.sudo().filtered('cs_service_request_id'):
                invoice.cs_service_request_id.message_post(body=_(
                    'Service invoice %(invoice)s: %(state)s.') % {
                        'invoice': invoice.number or invoice.origin,
                        'state': states[invoice.state]})
        return result
