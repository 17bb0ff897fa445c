# -*- coding: utf-8 -*-
from odoo import fields, models

from .cs_customer_segment import ABC_CLASSES, FINANCIAL_GROUPS


class CsAbcHistory(models.Model):
    """A change of a customer's ABC class 客户ABC分类 in one company, written in bulk by the
    classification statement (``cs.customer.segment.compute_abc``)."""
    _name = 'cs.abc.history'
    _description = 'Customer ABC Class Change'
    _order = 'date desc, id desc'

    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 ondelete='cascade', readonly=True)
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 ondelete='cascade', readonly=True)
    date = fields.Date(required=True, readonly=True)
    old_class = fields.Selection(ABC_CLASSES, string='Previous Class', readonly=True)
    new_class = fields.Selection(ABC_CLASSES, readonly=True)
    revenue = fields.Float(string='Revenue (12 Months)', readonly=True, groups=FINANCIAL_GROUPS,
                           help='Invoiced revenue of the twelve months before the date, in the '
                                'company currency.')
