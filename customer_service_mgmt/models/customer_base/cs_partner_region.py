# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsPartnerRegion(models.Model):
    """Address classification 地址分类: the sales regions customers are filed under
    (e.g. 华南 / 广东 / 佛山), configured by the customer service managers."""
    _name = 'cs.partner.region'
    _description = 'Customer Region'
    _parent_store = True
    _parent_order = 'name'
    _order = 'parent_left'

    name = fields.Char(string='Region', required=True, translate=True)
    code = fields.Char()
    parent_id = fields.Many2one('cs.partner.region', string='Parent Region', index=True,
                                ondelete='restrict')
    child_ids = fields.One2many('cs.partner.region', 'parent_id', string='Sub-Regions')
    parent_left = fields.Integer(index=True)
    parent_right = fields.Integer(index=True)
    active = fields.Boolean(default=True)
    complete_name = fields.Char(string='Full Name', compute='_compute_complete_name')

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'The region code must be unique.'),
    ]

    @api.depends('name', 'parent_id.complete_name')
    def _compute_complete_name(self):
        for region in self:
            region.complete_name = '%s / %s' % (region.parent_id.complete_name, region.name) \
                if region.parent_id else region.name

    @api.multi
    def name_get(self):
        return [(region.id, region.complete_name) for region in self]

    @api.constrains('parent_id')
    def _check_parent(self):
        if not self._check_recursion():
            raise ValidationError(_('A region cannot be inside one of its own sub-regions.'))
