# -*- coding: utf-8 -*-
from odoo import fields, models


class CsComplaintCategory(models.Model):
    """What a complaint is about (product quality, delivery, ...): the axis of the complaint
    analysis and, with the priority, of the response-time standards."""
    _name = 'cs.complaint.category'
    _description = 'Complaint Category'
    _order = 'sequence, name'

    name = fields.Char(string='Category', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True,
                              help='What belongs to this category, for whoever records complaints.')

    _sql_constraints = [
        ('name_unique', 'unique(name)', 'A complaint category with this name already exists.'),
    ]
