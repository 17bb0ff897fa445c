# -*- coding: utf-8 -*-
from odoo import api, fields, models


class SurveyUserInput(models.Model):
    """The host's personal survey answer (its token is the invitation link), tagged with what
    it was sent for; completing it scores it (``cs.satisfaction.scorer``)."""
    _inherit = 'survey.user_input'

    cs_campaign_id = fields.Many2one('cs.satisfaction.campaign', string='Satisfaction Campaign',
                                     index=True, readonly=True, ondelete='cascade')
    cs_company_id = fields.Many2one('res.company', string='Surveying Company', readonly=True)
    cs_responsible_id = fields.Many2one('res.users', string='Follow-up Fallback', readonly=True,
                                        help='Follows up a low score when the customer has no '
                                             'salesperson.')
    cs_res_model = fields.Char(string='Surveyed Document Model', readonly=True)
    cs_res_id = fields.Integer(string='Surveyed Document', readonly=True)
    cs_sent_date = fields.Datetime(string='Invited On', readonly=True)
    cs_opened_date = fields.Datetime(string='Opened On', readonly=True)
    cs_reminder_count = fields.Integer(string='Reminders Sent', readonly=True)
    cs_last_reminder_date = fields.Datetime(string='Last Reminder', readonly=True)

    @api.multi
    def write(self, vals):
        result = super(SurveyUserInput, self).write(vals)
        if vals.get('state') == 'done':
            scored = self.filtered(lambda ui: ui.survey_id.cs_satisfaction and not ui.test_entry)
            if scored:
                # sudo: the customer answers as the public user, who may not write scores
                self.env['cs.satisfaction.scorer'].sudo().score_inputs(scored.ids)
        return result

    def cs_mark_opened(self):
        """Record the first opening of the invitation link."""
        todo = self.filtered(lambda ui: not ui.cs_opened_date)
        if todo:
            todo.write({'cs_opened_date': fields.Datetime.now()})

    def cs_send(self, template):
        """Mail ``template`` (on survey.user_input) to each input's customer now."""
        for user_input in self:
            template.send_mail(user_input.id, force_send=False)
