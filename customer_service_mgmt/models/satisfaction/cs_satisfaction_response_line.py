# -*- coding: utf-8 -*-
from odoo import fields, models


class CsSatisfactionResponseLine(models.Model):
    """Score of one response in one dimension (weighted over the dimension's answered
    questions), with the response's keys copied for grouping without joins."""
    _name = 'cs.satisfaction.response.line'
    _description = 'Satisfaction Score per Dimension'
    _order = 'response_id, dimension_id'

    response_id = fields.Many2one('cs.satisfaction.response', required=True,
                                  readonly=True, ondelete='cascade', index=True)
    dimension_id = fields.Many2one('cs.satisfaction.dimension', required=True,
                                   readonly=True, index=True)
    score = fields.Float(readonly=True, group_operator='avg', digits=(16, 1),
                         help='Between 0 and 100.')
    weight = fields.Float(readonly=True)
    campaign_id = fields.Many2one('cs.satisfaction.campaign', readonly=True,
                                  index=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True, index=True)
    company_id = fields.Many2one('res.company', readonly=True, index=True)
    date = fields.Datetime(string='Answered On', readonly=True)
