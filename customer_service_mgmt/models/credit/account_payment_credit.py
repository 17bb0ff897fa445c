# -*- coding: utf-8 -*-
from odoo import api, models


class AccountPayment(models.Model):
    _inherit = 'account.payment'

    @api.multi
    def post(self):
        result = super(AccountPayment, self).post()
        customers = self.filtered(lambda p: p.partner_type == 'customer' and p.partner_id)
        if customers:
            self.env['cs.credit.policy'].reevaluate_holds(customers.mapped('partner_id'))
        return result
