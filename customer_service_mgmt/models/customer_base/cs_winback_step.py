# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsWinbackStep(models.Model):
    """One step of the win-back plan 恢复客户关系: the activities planned on a customer
    flagged at risk or lost when someone starts winning it back."""
    _name = 'cs.winback.step'
    _description = 'Win-back Plan Step'
    _order = 'sequence, id'

    sequence = fields.Integer(default=10)
    name = fields.Char(string='Summary', required=True, translate=True)
    activity_type_id = fields.Many2one('mail.activity.type', required=True)
    days = fields.Integer(string='Due After (Days)', default=0,
                          help='Days after the start of the win-back when the activity is due.')
    note = fields.Text(string='Instructions', translate=True)
    active = fields.Boolean(default=True)

    @api.constrains('days')
    def _check_days(self):
        if any(step.days < 0 for step in self):
            raise ValidationError(_('A win-back step cannot be due before the win-back starts.'))
