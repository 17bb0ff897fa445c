# -*- coding: utf-8 -*-
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    cs_complaint_count = fields.Integer(
        string='Complaints', compute='_compute_cs_complaint_count',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_complaint_count(self):
        groups = self.env['cs.complaint'].read_group(
            [('sale_order_id', 'in', self.filtered('id').ids)], ['sale_order_id'], ['sale_order_id'])
        counts = {group['sale_order_id'][0]: group['sale_order_id_count'] for group in groups}
        for order in self:
            order.cs_complaint_count = counts.get(order.id, 0)

    @api.multi
    def action_view_cs_complaints(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_complaint').read()[0]
        action['domain'] = [('sale_order_id', '=', self.id)]
        action['context'] = {'default_sale_order_id': self.id,
                             'default_partner_id': self.partner_id.commercial_partner_id.id}
        return action
