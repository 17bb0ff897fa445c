# -*- coding: utf-8 -*-
from odoo import fields, models
from odoo.addons.base.res.res_partner import _tz_get


class CsTeam(models.Model):
    """A customer service team (department): who handles complaints and service requests,
    who is escalated to, and on which working hours the response-time standards run."""
    _name = 'cs.team'
    _description = 'Customer Service Team'
    _order = 'sequence, name'

    def _default_tz(self):
        return self.env.user.tz or self.env.user.company_id.partner_id.tz or 'UTC'

    name = fields.Char(string='Team', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    manager_id = fields.Many2one('res.users',
                                 help='Receives the response-time warnings and breaches of the '
                                      'team\'s documents.')
    member_ids = fields.Many2many('res.users', 'cs_team_user_rel', 'team_id', 'user_id',
                                  string='Members')
    resource_calendar_id = fields.Many2one(
        'resource.calendar', string='Working Hours', required=True,
        default=lambda self: self.env.user.company_id.resource_calendar_id,
        help='Response-time deadlines count only the working hours of this calendar; its '
             'leaves without a resource are the team\'s public holidays.')
    tz = fields.Selection(_tz_get, string='Timezone', required=True, default=_default_tz,
                          help='Timezone in which the working hours of the calendar are read.')
