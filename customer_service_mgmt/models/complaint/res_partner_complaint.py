# -*- coding: utf-8 -*-
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    cs_complaint_count = fields.Integer(
        string='Complaints', compute='_compute_cs_complaint_count',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_complaint_count(self):
        # complaints are filed on the commercial entity: a contact shows its company's
        partners = self.mapped('commercial_partner_id').filtered('id')
        groups = self.env['cs.complaint'].read_group(
            [('partner_id', 'in', partners.ids)], ['partner_id'], ['partner_id'])
        counts = {group['partner_id'][0]: group['partner_id_count'] for group in groups}
        for partner in self:
            partner.cs_complaint_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.multi
    def action_view_cs_complaints(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env.ref('customer_service_mgmt.action_cs_complaint').read()[0]
        action['domain'] = [('partner_id', '=', customer.id)]
        action['context'] = {'default_partner_id': customer.id}
        return action
