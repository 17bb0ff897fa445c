# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [('call_in', 'Inbound Call'), ('call_out', 'Outbound Call'), ('visit', 'Visit'),
         ('email', 'Email'), ('meeting', 'Meeting')]


class CsInteraction(models.Model):
    """Interaction log: inbound/outbound calls 呼入/呼出, visits 拜访, emails and meetings
    with a customer — purpose, outcome and the next step, which becomes an activity on
    the customer."""
    _name = 'cs.interaction'
    _description = 'Customer Interaction'
    _inherit = ['cs.customer.document', 'mail.thread']
    _order = 'date desc, id desc'
    _rec_name = 'purpose'

    user_id = fields.Many2one('res.users', string='By', required=True, index=True,
                              default=lambda self: self.env.user)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    kind = fields.Selection(KINDS, string='Type', required=True, default='call_out', index=True)
    purpose = fields.Char(required=True)
    outcome = fields.Text()
    next_step = fields.Char(help='Creates an activity on the customer for the person responsible.')
    next_step_date = fields.Date(string='Next Step Due')
    next_step_user_id = fields.Many2one('res.users', string='Next Step By',
                                        help='Who does the next step (default: who logged it).')
    activity_id = fields.Many2one('mail.activity', string='Next Step Activity', readonly=True,
                                  ondelete='set null', copy=False)

    @api.constrains('purpose', 'next_step', 'next_step_date', 'date')
    def _check_values(self):
        for interaction in self:
            if not (interaction.purpose or '').strip():
                raise ValidationError(_('Give the purpose of the interaction.'))
            if interaction.next_step_date and not (interaction.next_step or '').strip():
                raise ValidationError(_('A next step date needs the next step itself.'))
            if interaction.next_step_date and interaction.next_step_date < interaction.date[:10]:
                raise ValidationError(_('The next step cannot be due before the interaction.'))

    @api.model
    def create(self, vals):
        interaction = super(CsInteraction, self).create(vals)
        interaction._plan_next_step()
        if interaction.kind == 'visit':
            interaction._close_visit_activities()
        return interaction

    @api.multi
    def write(self, vals):
        result = super(CsInteraction, self).write(vals)
        if {'next_step', 'next_step_date', 'next_step_user_id'}.intersection(vals):
            self._plan_next_step()
        return result

    @api.multi
    def unlink(self):
        activities = self.mapped('activity_id').exists()
        result = super(CsInteraction, self).unlink()
        # sudo: the next step of a deleted interaction goes with it, whoever it was for
        activities.sudo().unlink()
        return result

    def _plan_next_step(self):
        """The next step as an activity on the customer (replaced when the step changes)."""
        model = self.env['ir.model']._get('res.partner')
        todo = self.env.ref('mail.mail_activity_data_todo')
        for interaction in self.filtered(lambda i: (i.next_step or '').strip()):
            values = {
                'res_model_id': model.id, 'res_id': interaction.partner_id.id,
                'activity_type_id': todo.id, 'summary': interaction.next_step,
                'note': interaction.outcome or interaction.purpose,
                'user_id': (interaction.next_step_user_id or interaction.user_id).id,
                'date_deadline': interaction.next_step_date or fields.Date.context_today(self),
            }
            # sudo: the next step is often for a colleague (account manager, engineer)
            if interaction.activity_id.exists():
                interaction.activity_id.sudo().write(values)
            else:
                interaction.activity_id = self.env['mail.activity'].sudo().create(values)

    def _close_visit_activities(self):
        """A visit done marks the key-account visit due on the customer as done."""
        summary = self.env['res.partner']._cs_visit_summary()
        # sudo: the visit may be made by someone else than the account manager
        activities = self.env['mail.activity'].sudo().search([
            ('res_model', '=', 'res.partner'), ('res_id', 'in', self.mapped('partner_id').ids),
            ('summary', '=', summary)])
        if activities:
            activities.action_feedback(_('Visited: %s') % ', '.join(self.mapped('purpose')))

    @api.model
    def last_visits(self, partners):
        """{customer id: date of the last visit} (one query)."""
        if not partners:
            return {}
        self.env.cr.execute("""
            SELECT partner_id, MAX(date)::date FROM cs_interaction
            WHERE kind = 'visit' AND partner_id = ANY(%s) GROUP BY partner_id""", (partners.ids,))
        return dict(self.env.cr.fetchall())  # dates come as strings (Odoo's typecaster)
