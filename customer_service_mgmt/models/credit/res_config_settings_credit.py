# -*- coding: utf-8 -*-
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    cs_credit_require_limit = fields.Boolean(related='company_id.cs_credit_require_limit',
                                             string='No Credit Without a Limit')
    cs_credit_check_invoice = fields.Boolean(related='company_id.cs_credit_check_invoice',
                                             string='Check Credit at Invoice Validation')
    cs_credit_check_delivery = fields.Boolean(related='company_id.cs_credit_check_delivery',
                                              string='Check Credit at Delivery')
    cs_credit_limit_cap = fields.Monetary(related='company_id.cs_credit_limit_cap',
                                          string='Suggested Limit Cap',
                                          currency_field='currency_id')
    cs_credit_warning_ratio = fields.Float(related='company_id.cs_credit_warning_ratio',
                                           string='Review When Exposure Reaches (%)')
