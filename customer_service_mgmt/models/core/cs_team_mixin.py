# -*- coding: utf-8 -*-
from odoo import fields, models
from odoo.addons.base.res.res_partner import _tz_get


class CsTeamMixin(models.AbstractModel):
    """What handles documents under response-time standards (``cs.sla.mixin``): a
    customer service team, an after-sales service outlet.

    This is the team contract of the SLA mixin: the deadlines are counted in the
    ``resource_calendar_id`` working hours read in ``tz``, the ``manager_id`` receives
    the warnings and breaches, the ``member_ids`` handle the documents, and the documents
    must be of the team's ``company_id``.  A document's team field must point to a model
    inheriting this one (checked when the registry is set up).
    """
    _name = 'cs.team.mixin'
    _description = 'Team Handling Customer Documents'
    _order = 'sequence, name'

    def _default_tz(self):
        return self.env.user.tz or self.env.user.company_id.partner_id.tz or 'UTC'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    manager_id = fields.Many2one('res.users',
                                 help='Receives the response-time warnings and breaches of the '
                                      'documents handled.')
    member_ids = fields.Many2many('res.users', string='Members')
    resource_calendar_id = fields.Many2one(
        'resource.calendar', string='Working Hours', required=True,
        default=lambda self: self.env.user.company_id.resource_calendar_id,
        help='Response-time deadlines count only the working hours of this calendar; its '
             'leaves without a resource are the team\'s public holidays.')
    tz = fields.Selection(_tz_get, string='Timezone', required=True,
                          default=lambda self: self._default_tz(),
                          help='Timezone in which the working hours of the calendar are read.')

