# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsComplaintProcessStage(models.Model):
    """A step of the complaint process 投诉处理步骤.  Users name and order the stages freely;
    the flags tell the application what reaching a stage means (response-time deadlines
    met, guards on resolution and closing)."""
    _name = 'cs.complaint.process.stage'
    _description = 'Complaint Stage'
    _order = 'sequence, id'

    name = fields.Char(string='Stage', required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string='Folded in Kanban')
    description = fields.Text(translate=True)
    is_acknowledged = fields.Boolean(
        string='Acknowledged',
        help='The customer has been answered: entering this stage meets the acknowledgement '
             'deadline.')
    is_resolved = fields.Boolean(
        string='Resolved',
        help='Entering this stage needs a resolution and meets the resolution deadline.')
    is_closed = fields.Boolean(
        string='Closed',
        help='End of the process: needs a resolution and a follow-up decision; leaving it '
             'is a reopening, which needs a reason.')
    is_rejected = fields.Boolean(
        string='Rejected',
        help='The complaint is not accepted: needs the explanation given to the customer in '
             'the resolution. A rejected stage is also closed.')
    mail_template_id = fields.Many2one(
        'mail.template', string='Email to Customer', domain=[('model', '=', 'cs.complaint')],
        help='Sent to the customer when a complaint enters this stage (or is created in it).')

    @api.constrains('is_rejected', 'is_closed')
    def _check_rejected_closed(self):
        if self.filtered(lambda stage: stage.is_rejected and not stage.is_closed):
            raise ValidationError(_('A rejection stage must also be a closed stage.'))
