# -*- coding: utf-8 -*-
from odoo import fields, models


class CsSatisfactionDimension(models.Model):
    """What a satisfaction question measures (product quality, delivery, service, price,
    communication...): the CSI is also reported per dimension."""
    _name = 'cs.satisfaction.dimension'
    _description = 'Satisfaction Dimension'
    _order = 'sequence, id'

    name = fields.Char(string='Dimension', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ('name_uniq', 'unique(name)', 'A satisfaction dimension with this name already exists.'),
    ]
