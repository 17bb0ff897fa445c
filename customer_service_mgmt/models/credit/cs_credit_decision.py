# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CsCreditDecision(models.Model):
    """Audit trail of credit holds, releases and rejections: never edited or deleted."""
    _name = 'cs.credit.decision'
    _description = 'Credit Decision'
    _order = 'date desc, id desc'
    _rec_name = 'order_id'

    order_id = fields.Many2one('sale.order', string='Sale Order', required=True, readonly=True,
                               ondelete='restrict', index=True)
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, readonly=True,
                                 index=True)
    company_id = fields.Many2one('res.company', required=True, readonly=True)
    currency_id = fields.Many2one(related='company_id.currency_id', string='Currency', readonly=True)
    decision = fields.Selection([
        ('hold', 'Held by Policy'),
        ('force_hold', 'Forced Hold'),
        ('release', 'Released'),
        ('auto_release', 'Released Automatically'),
        ('reject', 'Rejected'),
    ], required=True, readonly=True)
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='By', required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    limit = fields.Monetary(string='Credit Limit', readonly=True)
    exposure = fields.Monetary(readonly=True,
                               help='Exposure of the customer at the moment of the decision.')
    overdue = fields.Monetary(readonly=True)
    amount = fields.Monetary(string='Order Amount', readonly=True,
                             help='Order total in company currency.')

    # the audit trail refuses every change: these overrides never call super() on purpose
    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_('Credit decisions are an audit trail and cannot be changed.'))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_('Credit decisions are an audit trail and cannot be deleted.'))
