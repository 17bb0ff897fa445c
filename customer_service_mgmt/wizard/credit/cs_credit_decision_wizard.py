# -*- coding: utf-8 -*-
from odoo import api, fields, models


class CsCreditDecisionWizard(models.TransientModel):
    """Release, reject or force-hold quotations, with the mandatory written reason."""
    _name = 'cs.credit.decision.wizard'
    _description = 'Credit Decision'

    order_ids = fields.Many2many('sale.order', string='Orders', required=True,
                                 default=lambda self: self.env.context.get('active_ids'))
    decision = fields.Selection([('release', 'Release'), ('reject', 'Reject'),
                                 ('force_hold', 'Force Hold')], required=True,
                                default='release')
    reason = fields.Text(required=True)

    @api.multi
    def action_apply(self):
        self.ensure_one()
        self.env['cs.credit.policy'].decide(self.order_ids, self.decision, self.reason)
        return {'type': 'ir.actions.act_window_close'}
