# -*- coding: utf-8 -*-
from odoo import fields, models
from odoo.addons.base.res.res_partner import _tz_get


class CsServiceOutlet(models.Model):
    """After-sales service outlet 售后服务网点: where requests are handled.  Like a
    customer service team it has a manager (who receives the response-time escalations),
    technicians and the working hours the deadlines are counted in."""
    _name = 'cs.service.outlet'
    _description = 'Service Outlet'
    _order = 'sequence, name'

    def _default_tz(self):
        return self.env.user.tz or self.env.user.company_id.partner_id.tz or 'UTC'

    name = fields.Char(string='Service Outlet', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    region_id = fields.Many2one('cs.service.region', required=True,
                                help='Selects the response-time standards of its requests.')
    manager_id = fields.Many2one('res.users',
                                 help='Receives the response-time warnings and breaches of the '
                                      'outlet\'s requests.')
    member_ids = fields.Many2many('res.users', 'cs_service_outlet_user_rel', 'outlet_id',
                                  'user_id', string='Technicians')
    address_id = fields.Many2one('res.partner')
    resource_calendar_id = fields.Many2one(
        'resource.calendar', string='Working Hours', required=True,
        default=lambda self: self.env.user.company_id.resource_calendar_id,
        help='Response-time deadlines count only the working hours of this calendar.')
    tz = fields.Selection(_tz_get, string='Timezone', required=True, default=_default_tz)
