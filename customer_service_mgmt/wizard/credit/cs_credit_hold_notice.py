# -*- coding: utf-8 -*-
from odoo import _, api, fields, models


class CsCreditHoldNotice(models.TransientModel):
    """The dialog a user sees when confirmation put orders on credit hold."""
    _name = 'cs.credit.hold.notice'
    _description = 'Credit Hold Notice'

    order_ids = fields.Many2many('sale.order', string='Held Orders', readonly=True)
    message = fields.Text(string='Reason', readonly=True)

    @api.model
    def action_show(self, orders):
        message = '\n\n'.join('%s: %s' % (order.name, order.credit_hold_reason or '') for order in orders)
        notice = self.create({'order_ids': [(6, 0, orders.ids)], 'message': message})
        return {
            'type': 'ir.actions.act_window',
            'name': _('Credit Hold'),
            'res_model': self._name,
            'res_id': notice.id,
            'view_mode': 'form',
            'target': 'new',
        }
