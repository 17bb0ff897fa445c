# -*- coding: utf-8 -*-
from odoo import api, fields, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    cs_complaint_id = fields.Many2one('cs.complaint', string='Complaint', readonly=True,
                                      copy=False, index=True,
                                      help='The complaint this credit note compensates.')
    cs_complaint_count = fields.Integer(
        string='Complaints', compute='_compute_cs_complaint_count',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_complaint_count(self):
        groups = self.env['cs.complaint'].read_group(
            [('invoice_id', 'in', self.filtered('id').ids)], ['invoice_id'], ['invoice_id'])
        counts = {group['invoice_id'][0]: group['invoice_id_count'] for group in groups}
        for invoice in self:
            invoice.cs_complaint_count = counts.get(invoice.id, 0)

    @api.multi
    def action_view_cs_complaints(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_complaint').read()[0]
        action['domain'] = [('invoice_id', '=', self.id)]
        action['context'] = {'default_invoice_id': self.id,
                             'default_partner_id': self.partner_id.commercial_partner_id.id}
        return action
