# -*- coding: utf-8 -*-
from odoo import api, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def action_move_create(self):
        # the step every validation of an invoice passes through (the button, the
        # confirm-invoices wizard, other modules): the invoice checkpoint sits here
        self.env['cs.credit.policy'].check_invoices(self)
        return super(AccountInvoice, self).action_move_create()
