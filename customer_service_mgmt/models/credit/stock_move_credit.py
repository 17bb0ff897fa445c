# -*- coding: utf-8 -*-
from odoo import api, models


class StockMove(models.Model):
    _inherit = 'stock.move'

    @api.multi
    def _action_done(self):
        # the step every validation of a transfer passes through (validate button,
        # immediate transfer, backorder wizard, picking.action_done called by other code):
        # the delivery checkpoint of the credit policy sits here, not on the button
        deliveries = self.filtered(
            lambda move: move.state not in ('done', 'cancel')
            and move.location_dest_id.usage == 'customer').mapped('picking_id')
        if deliveries:
            self.env['cs.credit.policy'].check_deliveries(deliveries)
        return super(StockMove, self)._action_done()
