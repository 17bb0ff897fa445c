# -*- coding: utf-8 -*-
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

NPS_CATEGORIES = [('promoter', 'Promoter (9-10)'), ('passive', 'Passive (7-8)'),
                  ('detractor', 'Detractor (0-6)')]
# written by the scorer and the follow-up actions only; users write the follow-up result
PROTECTED_FIELDS = (
    'user_input_id', 'survey_id', 'campaign_id', 'partner_id', 'company_id', 'user_id',
    'industry_id', 'sales_team_id', 'customer_type', 'res_model', 'res_id', 'date', 'csi', 'nps_score',
    'nps_category', 'nps_answered', 'nps_promoter', 'nps_detractor', 'csat_answered',
    'csat_satisfied', 'line_ids', 'followup_state', 'followup_complaint_id', 'followup_date',
    'followup_user_id')
FOLLOWUP_STATES = [('none', 'Not Needed'), ('open', 'To Follow Up'), ('done', 'Followed Up')]


class CsSatisfactionResponse(models.Model):
    """Scores of one completed satisfaction survey answer, stored for fast reports.

    Rows are written by ``cs.satisfaction.scorer`` in SQL when the host's survey answer is
    completed; users only record the follow-up."""
    _name = 'cs.satisfaction.response'
    _description = 'Satisfaction Response'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    # segment columns copied from the customer when scoring, {column: SQL on its row ``p``};
    # another segmentation adds a stored field and an entry here
    _segment_columns = {'industry_id': 'p.industry_id', 'sales_team_id': 'p.team_id',
                        'customer_type': 'p.cs_customer_type'}

    user_input_id = fields.Many2one('survey.user_input', string='Survey Answer', required=True,
                                    readonly=True, ondelete='cascade', index=True)
    survey_id = fields.Many2one('survey.survey', string='Questionnaire', readonly=True,
                                index=True)
    campaign_id = fields.Many2one('cs.satisfaction.campaign', readonly=True,
                                  index=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True, index=True)
    company_id = fields.Many2one('res.company', readonly=True, index=True)
    user_id = fields.Many2one('res.users', string='Account Owner', readonly=True,
                              help='Follows up a low score: the customer\'s salesperson, else the '
                                   'campaign\'s or the surveyed document\'s responsible.')
    industry_id = fields.Many2one('res.partner.industry', readonly=True)
    sales_team_id = fields.Many2one('crm.team', readonly=True)
    customer_type = fields.Selection(
        lambda self: self.env['res.partner']._fields['cs_customer_type'].selection,
        readonly=True,
                                     help='The customer\'s type when the answer was scored.')
    res_model = fields.Char(string='Surveyed Document Model', readonly=True)
    res_id = fields.Integer(string='Surveyed Document ID', readonly=True)
    date = fields.Datetime(string='Answered On', readonly=True, index=True)
    csi = fields.Float(string='CSI', readonly=True, group_operator='avg', digits=(16, 1),
                       help='Satisfaction index 0-100: weighted average of the answered scored '
                            'questions (skipped ones are left out).')
    nps_score = fields.Integer(string='Recommendation (0-10)', readonly=True, group_operator='avg')
    nps_category = fields.Selection(NPS_CATEGORIES, string='NPS Category', readonly=True,
                                    index=True)
    nps_answered = fields.Integer(string='NPS Answers', readonly=True)
    nps_promoter = fields.Integer(string='Promoters', readonly=True)
    nps_detractor = fields.Integer(string='Detractors', readonly=True)
    csat_answered = fields.Integer(string='Scored Answers', readonly=True)
    csat_satisfied = fields.Integer(string='Satisfied Answers', readonly=True)
    line_ids = fields.One2many('cs.satisfaction.response.line', 'response_id',
                               string='Scores per Dimension', readonly=True)
    followup_state = fields.Selection(FOLLOWUP_STATES, string='Follow-up', default='none',
                                      readonly=True, index=True, track_visibility='onchange')
    followup_complaint_id = fields.Many2one('cs.complaint', string='Follow-up Complaint',
                                            readonly=True)
    followup_result = fields.Text(string='Follow-up Result',
                                  help='What the customer said and what was agreed.')
    followup_date = fields.Datetime(string='Followed Up On', readonly=True)
    followup_user_id = fields.Many2one('res.users', string='Followed Up By', readonly=True)

    _sql_constraints = [
        ('user_input_uniq', 'unique(user_input_id)', 'A survey answer is scored once.'),
    ]

    @api.multi
    def name_get(self):
        return [(response.id, '%s - %s' % (response.partner_id.display_name or _('Anonymous'),
                                           response.survey_id.title or ''))
                for response in self]

    @api.multi
    def write(self, vals):
        if self.env.uid != SUPERUSER_ID and set(vals) & set(PROTECTED_FIELDS):
            raise AccessError(_('Satisfaction scores are computed from the survey answers: only '
                                'the follow-up result can be changed.'))
        return super(CsSatisfactionResponse, self).write(vals)

    @api.multi
    def action_followup_done(self):
        """Record the result of the follow-up and close its open activities."""
        for response in self:
            if response.followup_state != 'open':
                raise UserError(_('Response %s has no open follow-up.') % response.display_name)
            if not (response.followup_result or '').strip():
                raise UserError(_('Write down the result of the follow-up of %s first.')
                                % response.display_name)
        # sudo: the follow-up state is set here only, never written by hand
        self.sudo().write({'followup_state': 'done', 'followup_date': fields.Datetime.now(),
                           'followup_user_id': self.env.uid})
        self.mapped('activity_ids').action_feedback(feedback=_('Followed up'))
        return True

    @api.multi
    def action_view_answers(self):
        """The answers in the host's survey result page."""
        self.ensure_one()
        return self.user_input_id.action_view_answers()
