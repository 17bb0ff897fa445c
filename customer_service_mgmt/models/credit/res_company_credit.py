# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    cs_credit_require_limit = fields.Boolean(
        string='No Credit Without a Limit',
        help='Hold orders of customers that have no credit limit (otherwise an empty limit '
             'means no limit).')
    cs_credit_check_invoice = fields.Boolean(
        string='Check Credit at Invoice Validation',
        help='Refuse validating a customer invoice when the customer fails the credit policy.')
    cs_credit_check_delivery = fields.Boolean(
        string='Check Credit at Delivery',
        help='Refuse validating a delivery to a customer that fails the credit policy, unless '
             'its order was released by a credit controller.')
    cs_credit_limit_cap = fields.Monetary(
        string='Suggested Limit Cap', currency_field='currency_id',
        help='Highest credit limit an evaluation suggests (0: no cap).')
    cs_credit_warning_ratio = fields.Float(
        string='Review When Exposure Reaches (%)', default=90.0,
        help='The periodic review flags customers whose exposure reaches this share of their limit.')

    @api.constrains('cs_credit_limit_cap', 'cs_credit_warning_ratio')
    def _check_cs_credit_settings(self):
        for company in self:
            if company.cs_credit_limit_cap < 0:
                raise ValidationError(_('The suggested limit cap cannot be negative.'))
            if not 0 < company.cs_credit_warning_ratio <= 100:
                raise ValidationError(_('The review threshold must be between 0 and 100 %.'))
