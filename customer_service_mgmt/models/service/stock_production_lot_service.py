# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class StockProductionLot(models.Model):
    """Service history and warranty card of a serial number."""
    _inherit = 'stock.production.lot'

    # those who may read service requests (a warehouse user opening the serial may not)
    cs_service_request_ids = fields.One2many(
        'cs.service.request', 'lot_id', string='Service Requests',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')
    cs_service_request_count = fields.Integer(
        compute='_compute_cs_service_request_count', string='Service Request Count',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_service_request_count(self):
        counts = dict((row['lot_id'][0], row['lot_id_count']) for row in
                      self.env['cs.service.request'].read_group(
                          [('lot_id', 'in', self.ids)], ['lot_id'], ['lot_id']))
        for lot in self:
            lot.cs_service_request_count = counts.get(lot.id, 0)

    @api.multi
    def action_view_cs_service_requests(self):
        action = self.env.ref('customer_service_mgmt.action_cs_service_request').read()[0]
        action['domain'] = [('lot_id', 'in', self.ids)]
        action['context'] = {'default_lot_id': self.id, 'default_product_id': self.product_id.id}
        return action

    def _cs_warranty_card(self):
        """What the warranty card 质量信誉卡 prints: the last delivery of the serial to a
        customer and the warranty it gives."""
        self.ensure_one()
        line = self.env['cs.service.warranty'].lot_delivery_line(self)
        if not line:
            raise UserError(_('Serial number %s has not been delivered to a customer: the warranty '
                              'card is printed for delivered serial numbers.') % self.name)
        policy = self.env['cs.service.warranty']
        delivered = policy._local_date(line.date)
        return {
            'customer': line.picking_id.partner_id.commercial_partner_id,
            'delivery': line.picking_id, 'delivery_date': delivered,
            'months': self.product_id.product_tmpl_id.cs_warranty_months,
            'warranty_end': policy.warranty_end(self.product_id, delivered),
        }

    @api.multi
    def action_print_cs_warranty_card(self):
        for lot in self:
            lot._cs_warranty_card()  # refuses serial numbers not delivered
        return self.env.ref('customer_service_mgmt.action_report_cs_warranty_card') \
            .report_action(self)
