# -*- coding: utf-8 -*-
from odoo import _, api, models
from odoo.exceptions import UserError


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def action_invoice_open(self):
        self.env['cs.credit.policy'].check_invoices(self)
        return super(AccountInvoice, self).action_invoice_open()
