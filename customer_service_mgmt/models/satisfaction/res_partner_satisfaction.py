# -*- coding: utf-8 -*-
from odoo import fields, models


class ResPartner(models.Model):
    """The customer's satisfaction history: every scored survey answer of the company and
    its contacts (campaigns and transactional surveys)."""
    _inherit = 'res.partner'

    cs_satisfaction_response_ids = fields.One2many(
        'cs.satisfaction.response', 'partner_id', string='Satisfaction History',
        groups='customer_service_mgmt.group_cs_user')
    cs_satisfaction_count = fields.Integer(string='Satisfaction Responses',
                                           compute='_compute_cs_satisfaction',
                                           groups='customer_service_mgmt.group_cs_user')
    cs_satisfaction_csi = fields.Float(string='Average CSI', compute='_compute_cs_satisfaction',
                                       digits=(16, 1), groups='customer_service_mgmt.group_cs_user')

    def _compute_cs_satisfaction(self):
        groups = self.env['cs.satisfaction.response'].read_group(
            [('partner_id', 'in', self.ids)], ['partner_id', 'csi'], ['partner_id'])
        figures = {g['partner_id'][0]: (g['partner_id_count'], g['csi']) for g in groups}
        for partner in self:
            partner.cs_satisfaction_count, partner.cs_satisfaction_csi = figures.get(
                partner.id, (0, 0.0))

    def action_view_cs_satisfaction(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_satisfaction_response').read()[0]
        action['domain'] = [('partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {}
        return action
