# -*- coding: utf-8 -*-
from odoo import api, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    @api.multi
    def button_validate(self):
        self.env['cs.credit.policy'].check_deliveries(self)
        return super(StockPicking, self).button_validate()
