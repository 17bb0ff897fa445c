# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    cs_warranty_months = fields.Integer(
        string='Warranty (Months)',
        help='Warranty period from the delivery to the customer; 0: no warranty data, the '
             'warranty status of its service requests is unknown.')

    @api.constrains('cs_warranty_months')
    def _check_cs_warranty_months(self):
        if self.filtered(lambda template: template.cs_warranty_months < 0):
            raise ValidationError(_('The warranty period cannot be negative.'))
