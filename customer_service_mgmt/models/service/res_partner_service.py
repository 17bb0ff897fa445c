# -*- coding: utf-8 -*-
from odoo import api, fields, models


class ResPartner(models.Model):
    """Service history of a customer."""
    _inherit = 'res.partner'

    # those who may read service requests (a credit controller opening the customer may not)
    cs_service_request_count = fields.Integer(
        compute='_compute_cs_service_request_count', string='Service Requests',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_service_request_count(self):
        commercial = self.mapped('commercial_partner_id')
        counts = dict((row['partner_id'][0], row['partner_id_count']) for row in
                      self.env['cs.service.request'].read_group(
                          [('partner_id', 'in', commercial.ids)], ['partner_id'], ['partner_id']))
        for partner in self:
            partner.cs_service_request_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.multi
    def action_view_cs_service_requests(self):
        action = self.env.ref('customer_service_mgmt.action_cs_service_request').read()[0]
        action['domain'] = [('partner_id', 'in', self.mapped('commercial_partner_id').ids)]
        action['context'] = {'default_partner_id': self.commercial_partner_id.id}
        return action
