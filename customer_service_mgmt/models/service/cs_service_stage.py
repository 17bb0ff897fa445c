# -*- coding: utf-8 -*-
from odoo import fields, models


class CsServiceStage(models.Model):
    """A step of the service process; the flags say what reaching it means."""
    _name = 'cs.service.stage'
    _description = 'Service Request Stage'
    _order = 'sequence, id'

    name = fields.Char(string='Stage', required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string='Folded in Kanban')
    is_acknowledged = fields.Boolean(
        string='Acknowledged',
        help='The customer has been answered: entering this stage meets the response deadline.')
    is_resolved = fields.Boolean(
        string='Resolved',
        help='The service is done: entering this stage meets the resolution deadline. '
             'Requests move here by themselves when their repair, return or exchange is done.')
    is_closed = fields.Boolean(string='Closed',
                               help='End of the process; the follow-up visit comes after it.')
