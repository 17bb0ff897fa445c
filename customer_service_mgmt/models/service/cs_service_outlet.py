# -*- coding: utf-8 -*-
from odoo import fields, models


class CsServiceOutlet(models.Model):
    """After-sales service outlet 售后服务网点: where requests are handled.  Like a
    customer service team (``cs.team.mixin``) it has a manager (who receives the
    response-time escalations), technicians and the working hours the deadlines are
    counted in; its region selects the response-time standards."""
    _name = 'cs.service.outlet'
    _inherit = 'cs.team.mixin'
    _description = 'Service Outlet'
    _order = 'sequence, name'

    name = fields.Char(string='Service Outlet')
    region_id = fields.Many2one('cs.service.region', required=True,
                                help='Selects the response-time standards of its requests.')
    manager_id = fields.Many2one(help='Receives the response-time warnings and breaches of the '
                                      'outlet\'s requests.')
    member_ids = fields.Many2many('res.users', 'cs_service_outlet_user_rel', 'outlet_id',
                                  'user_id', string='Technicians')
    address_id = fields.Many2one('res.partner')
    resource_calendar_id = fields.Many2one(
        help='Response-time deadlines count only the working hours of this calendar.')
