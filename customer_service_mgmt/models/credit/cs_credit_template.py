# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class CsCreditTemplate(models.Model):
    """Scoring template 客户信用度分析表: weighted 5C items, each scored within its bands."""
    _name = 'cs.credit.template'
    _description = 'Credit Scoring Template'

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    total_weight = fields.Float(string='Declared Total Weight', required=True, default=100.0,
                                help='The weights of the items must add up to this.')
    item_ids = fields.One2many('cs.credit.template.item', 'template_id', string='Items', copy=True)
    # stored so that changing, adding or deleting an item on its own re-runs the check below
    # (once the whole change is written: a form rebalancing several weights passes)
    weight_sum = fields.Float(string='Sum of Weights', compute='_compute_weight_sum', store=True)

    @api.depends('item_ids.weight')
    def _compute_weight_sum(self):
        for template in self:
            template.weight_sum = sum(template.item_ids.mapped('weight'))

    @api.constrains('total_weight', 'item_ids', 'weight_sum')
    def _check_weights(self):
        for template in self:
            weights = template.item_ids.mapped('weight')
            if any(weight < 0 for weight in weights):
                raise ValidationError(_('Item weights cannot be negative.'))
            if template.total_weight <= 0:
                raise ValidationError(_('The declared total weight must be positive.'))
            if float_compare(sum(weights), template.total_weight, precision_digits=2):
                raise ValidationError(
                    _('The item weights of template "%(template)s" add up to %(sum)s, not to the '
                      'declared %(declared)s.')
                    % {'template': template.name, 'sum': sum(weights),
                       'declared': template.total_weight})
