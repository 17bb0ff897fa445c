# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CsComplaintReopen(models.TransientModel):
    """Reopen a closed complaint: the reason is mandatory and goes to the chatter."""
    _name = 'cs.complaint.reopen'
    _description = 'Reopen Complaint'

    def _default_stage(self):
        return self.env['cs.complaint.process.stage'].search([
            ('is_closed', '=', False), ('is_resolved', '=', False),
            ('is_acknowledged', '=', True)], limit=1)

    complaint_id = fields.Many2one('cs.complaint', required=True,
                                   ondelete='cascade')
    stage_id = fields.Many2one('cs.complaint.process.stage', string='Back To Stage', required=True,
                               default=_default_stage, domain=[('is_closed', '=', False)])
    reason = fields.Text(required=True,
                         help='Why the complaint is reopened (e.g. the defect came back).')

    @api.multi
    def action_reopen(self):
        self.ensure_one()
        if not (self.reason or '').strip():
            raise UserError(_('Give the reason for reopening complaint %s.') % self.complaint_id.name)
        self.complaint_id.with_context(cs_complaint_reopen_reason=self.reason).write(
            {'stage_id': self.stage_id.id})
        return {'type': 'ir.actions.act_window_close'}
