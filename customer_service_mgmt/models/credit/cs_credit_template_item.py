# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FIVE_C = [
    ('character', 'Character'),
    ('capacity', 'Capacity'),
    ('capital', 'Capital'),
    ('collateral', 'Collateral'),
    ('conditions', 'Conditions'),
]


class CsCreditTemplateItem(models.Model):
    _name = 'cs.credit.template.item'
    _description = 'Credit Scoring Item'
    _order = 'sequence, id'

    template_id = fields.Many2one('cs.credit.template', required=True,
                                  ondelete='cascade')
    sequence = fields.Integer(default=10)
    dimension = fields.Selection(FIVE_C, required=True)
    name = fields.Char(string='Item', required=True, translate=True)
    weight = fields.Float(required=True)
    max_score = fields.Float(string='Maximum Score', required=True, default=10.0,
                             help='Scores of this item go from 0 to this value.')
    band_ids = fields.One2many('cs.credit.template.band', 'item_id', string='Score Bands', copy=True)
    guidance = fields.Text(translate=True)

    @api.constrains('max_score')
    def _check_max_score(self):
        if any(item.max_score <= 0 for item in self):
            raise ValidationError(_('The maximum score of an item must be positive.'))
