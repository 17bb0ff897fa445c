# -*- coding: utf-8 -*-
from odoo import fields, models


class CsTeam(models.Model):
    """A customer service team (department): who handles complaints and service requests,
    who is escalated to, and on which working hours the response-time standards run."""
    _name = 'cs.team'
    _inherit = 'cs.team.mixin'
    _description = 'Customer Service Team'
    _order = 'sequence, name'

    name = fields.Char(string='Team')
    manager_id = fields.Many2one(help='Receives the response-time warnings and breaches of the '
                                      'team\'s documents.')
    member_ids = fields.Many2many('res.users', 'cs_team_user_rel', 'team_id', 'user_id',
                                  string='Members')
