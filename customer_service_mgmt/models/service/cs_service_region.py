# -*- coding: utf-8 -*-
from odoo import fields, models


class CsServiceRegion(models.Model):
    """A service region (e.g. East China 华东): groups service outlets and selects the
    response-time standards of the requests they handle."""
    _name = 'cs.service.region'
    _description = 'Service Region'
    _order = 'name'

    name = fields.Char(string='Region', required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company',
                                 default=lambda self: self.env.user.company_id,
                                 help='Empty: the region is shared by every company.')
    state_ids = fields.Many2many('res.country.state', 'cs_service_region_state_rel',
                                 'region_id', 'state_id', string='Provinces',
                                 help='Provinces the region covers: a new request of a customer '
                                      'in one of them goes to an outlet of the region.')
