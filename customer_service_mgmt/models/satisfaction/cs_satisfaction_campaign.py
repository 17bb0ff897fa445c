# -*- coding: utf-8 -*-
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

STATES = [('draft', 'Draft'), ('running', 'Running'), ('closed', 'Closed')]


class CsSatisfactionCampaign(models.Model):
    """A satisfaction survey round (e.g. quarterly 客户满意度测评): who is asked, the
    invitations with the host survey's personal token links, reminders and the figures."""
    _name = 'cs.satisfaction.campaign'
    _description = 'Satisfaction Campaign'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    def _default_survey(self):
        return self.env.ref('customer_service_mgmt.survey_cs_quarterly', raise_if_not_found=False)

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/')
    title = fields.Char(required=True, translate=True,
                        states={'closed': [('readonly', True)]})
    date_start = fields.Date(string='Period Start', required=True,
                             states={'closed': [('readonly', True)]})
    date_end = fields.Date(string='Period End', required=True,
                           states={'closed': [('readonly', True)]})
    survey_id = fields.Many2one('survey.survey', string='Questionnaire', required=True,
                                default=_default_survey, domain=[('cs_satisfaction', '=', True)],
                                states={'running': [('readonly', True)],
                                        'closed': [('readonly', True)]})
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id,
                                 states={'closed': [('readonly', True)]})
    user_id = fields.Many2one('res.users', string='Responsible', required=True,
                              default=lambda self: self.env.user, track_visibility='onchange',
                              help='Follows up low scores of customers without a salesperson.')
    state = fields.Selection(STATES, string='Status', required=True, default='draft',
                             readonly=True, copy=False, track_visibility='onchange')
    target_invoiced = fields.Boolean(string='Invoiced in the Period', default=True,
                                     help='Survey the customers invoiced during the period.')
    target_complaint = fields.Boolean(string='Complaints Closed in the Period',
                                      help='Survey the customers whose complaint was closed '
                                           'during the period.')
    # the customer base's own lists (cs.customer.segment, res.partner profile)
    target_abc_class = fields.Selection(
        lambda self: self.env['cs.customer.segment']._fields['abc_class'].selection,
        string='ABC Class',
        help='Survey the customers of this class in the campaign\'s company (customer '
             'classification by the last 12 months\' revenue).')
    target_customer_type = fields.Selection(
        lambda self: self.env['res.partner']._fields['cs_customer_type'].selection,
        string='Customer Type', help='Survey the customers of this type.')
    manual_partner_ids = fields.Many2many('res.partner', 'cs_sat_campaign_manual_partner_rel',
                                          'campaign_id', 'partner_id', string='Also Survey',
                                          domain=[('customer', '=', True)])
    partner_ids = fields.Many2many('res.partner', 'cs_sat_campaign_partner_rel', 'campaign_id',
                                   'partner_id', string='Customers to Survey',
                                   domain=[('customer', '=', True)],
                                   help='Filled by "Select Customers" from the criteria; can be '
                                        'edited before the invitations are sent.')
    reminder_days = fields.Integer(string='Remind After (Days)', default=7,
                                   help='Remind the customers who have not answered this many '
                                        'days after the invitation or the last reminder '
                                        '(0: no automatic reminder).')
    user_input_ids = fields.One2many('survey.user_input', 'cs_campaign_id', string='Invitations',
                                     readonly=True)
    response_ids = fields.One2many('cs.satisfaction.response', 'campaign_id', string='Responses',
                                   readonly=True)
    target_count = fields.Integer(string='Customers', compute='_compute_target_count')
    invited_count = fields.Integer(string='Invited', compute='_compute_figures')
    opened_count = fields.Integer(string='Opened', compute='_compute_figures')
    answered_count = fields.Integer(string='Answered', compute='_compute_figures')
    response_rate = fields.Float(string='Response Rate (%)', compute='_compute_figures',
                                 digits=(16, 1))
    csi = fields.Float(string='CSI', compute='_compute_figures', digits=(16, 1),
                       help='Average satisfaction index (0-100) of the responses.')
    nps = fields.Float(string='NPS', compute='_compute_figures', digits=(16, 1),
                       help='Share of promoters (9-10) minus share of detractors (0-6), -100 to '
                            '100.')
    csat = fields.Float(string='CSAT (%)', compute='_compute_figures', digits=(16, 1),
                        help='Share of the scored answers that are satisfied.')

    @api.constrains('date_start', 'date_end')
    def _check_period(self):
        for campaign in self:
            if campaign.date_end < campaign.date_start:
                raise ValidationError(_('Campaign %s ends before it starts.') % campaign.title)

    @api.depends('partner_ids')
    def _compute_target_count(self):
        for campaign in self:
            campaign.target_count = len(campaign.partner_ids)

    @api.depends('user_input_ids.state', 'response_ids')
    def _compute_figures(self):
        figures = self.figures()
        for campaign in self:
            for name, value in figures.get(campaign.id, {}).items():
                if name in self._fields:
                    campaign[name] = value

    @api.multi
    def figures(self):
        """{campaign id: figures} in a few grouped queries whatever the number of answers."""
        result = {campaign.id: {'invited_count': 0, 'opened_count': 0, 'answered_count': 0,
                                'response_rate': 0.0, 'csi': 0.0, 'nps': 0.0, 'csat': 0.0,
                                'dimensions': {}} for campaign in self}
        ids = [campaign_id for campaign_id in self.ids if campaign_id]
        if not ids:
            return result
        # invitations and the scores are the campaign's own records: whoever may read the
        # campaign sees its counts, whatever their rights on the host's survey answers
        cr = self.env.cr
        cr.execute("""
            SELECT cs_campaign_id, count(*), count(cs_opened_date),
                   count(*) FILTER (WHERE state = 'done')
              FROM survey_user_input WHERE cs_campaign_id = ANY(%s) GROUP BY cs_campaign_id
        """, (ids,))
        for campaign_id, invited, opened, answered in cr.fetchall():
            result[campaign_id].update({
                'invited_count': invited, 'opened_count': opened, 'answered_count': answered,
                'response_rate': 100.0 * answered / invited if invited else 0.0})
        cr.execute("""
            SELECT campaign_id, avg(csi), sum(nps_answered), sum(nps_promoter),
                   sum(nps_detractor), sum(csat_answered), sum(csat_satisfied)
              FROM cs_satisfaction_response WHERE campaign_id = ANY(%s) GROUP BY campaign_id
        """, (ids,))
        for campaign_id, csi, nps_n, promoters, detractors, csat_n, satisfied in cr.fetchall():
            result[campaign_id].update({
                'csi': csi or 0.0,
                'nps': 100.0 * (promoters - detractors) / nps_n if nps_n else 0.0,
                'csat': 100.0 * satisfied / csat_n if csat_n else 0.0})
        cr.execute("""
            SELECT campaign_id, dimension_id, avg(score) FROM cs_satisfaction_response_line
             WHERE campaign_id = ANY(%s) GROUP BY campaign_id, dimension_id
        """, (ids,))
        for campaign_id, dimension_id, score in cr.fetchall():
            result[campaign_id]['dimensions'][dimension_id] = score
        return result

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('cs.satisfaction.campaign') or '/'
        return super(CsSatisfactionCampaign, self).create(vals)

    # ------------------------------------------------------------------ target selection
    def _target_criteria(self):
        """The selection criteria: (field that switches it on, method returning customers).
        Another criterion adds a field and an entry here."""
        return [('target_invoiced', self._target_invoiced_customers),
                ('target_complaint', self._target_complaint_customers),
                ('target_abc_class', self._target_abc_customers),
                ('target_customer_type', self._target_type_customers)]

    def _period_bounds(self):
        end = fields.Date.to_string(fields.Date.from_string(self.date_end) + timedelta(days=1))
        return self.date_start, end

    def _target_invoiced_customers(self):
        start, end = self._period_bounds()
        groups = self.env['account.invoice'].read_group(
            [('type', '=', 'out_invoice'), ('state', 'in', ('open', 'paid')),
             ('company_id', '=', self.company_id.id),
             ('date_invoice', '>=', start), ('date_invoice', '<', end)],
            ['commercial_partner_id'], ['commercial_partner_id'])
        return self.env['res.partner'].browse([g['commercial_partner_id'][0] for g in groups])

    def _target_complaint_customers(self):
        start, end = self._period_bounds()
        groups = self.env['cs.complaint'].read_group(
            [('is_closed', '=', True), ('company_id', '=', self.company_id.id),
             ('date_closed', '>=', start), ('date_closed', '<', end)],
            ['partner_id'], ['partner_id'])
        return self.env['res.partner'].browse([g['partner_id'][0] for g in groups])

    def _target_abc_customers(self):
        # sudo: the classification rows are written by the classification cron; reading
        # the class of the campaign's company is what the campaign needs
        rows = self.env['cs.customer.segment'].sudo().search_read(
            [('company_id', '=', self.company_id.id), ('abc_class', '=', self.target_abc_class)],
            ['partner_id'])
        return self.env['res.partner'].browse([row['partner_id'][0] for row in rows])

    def _target_type_customers(self):
        return self.env['res.partner'].search([
            ('cs_customer_type', '=', self.target_customer_type), ('customer', '=', True),
            ('company_id', 'in', [self.company_id.id, False])])

    @api.multi
    def action_select_targets(self):
        """Customers to survey = union of the ticked criteria and the manual list."""
        for campaign in self:
            if campaign.state == 'closed':
                raise UserError(_('Campaign %s is closed.') % campaign.name)
            partners = campaign.manual_partner_ids
            for flag, method in campaign._target_criteria():
                if campaign[flag]:
                    partners |= method()
            campaign.partner_ids = partners.mapped('commercial_partner_id')
        return True

    # ------------------------------------------------------------------ invitations
    def _check_can_invite(self):
        survey = self.survey_id
        if not survey.page_ids.mapped('question_ids'):
            raise UserError(_('Questionnaire "%s" has no questions.') % survey.title)
        if survey.stage_id.closed:
            raise UserError(_('Questionnaire "%s" is closed: open it again to send invitations.')
                            % survey.title)
        if self.state == 'closed':
            raise UserError(_('Campaign %s is closed.') % self.name)

    @api.multi
    def action_send_invitations(self):
        """One personal survey answer (the host's token link) per customer not invited yet,
        mailed with the invitation template.  Customers without an email are reported."""
        template = self.env.ref('customer_service_mgmt.mail_template_cs_satisfaction_invitation')
        for campaign in self:
            campaign._check_can_invite()
            invited = campaign.user_input_ids.mapped('partner_id.commercial_partner_id')
            todo = campaign.partner_ids - invited
            missing = todo.filtered(lambda partner: not partner.email)
            inputs = self.env['survey.user_input']
            now = fields.Datetime.now()
            for partner in todo - missing:
                inputs |= inputs.create({
                    'survey_id': campaign.survey_id.id, 'partner_id': partner.id,
                    'email': partner.email, 'type': 'link', 'cs_campaign_id': campaign.id,
                    'cs_company_id': campaign.company_id.id,
                    'cs_responsible_id': campaign.user_id.id, 'cs_sent_date': now})
            inputs.cs_send(template)
            campaign.state = 'running'
            if missing:
                campaign.message_post(body=_('Not invited, no email address: %s')
                                      % ', '.join(missing.mapped('display_name')))
        return True

    @api.multi
    def action_send_reminders(self, older_than=None):
        """Remind the invited customers who have not completed the survey (invited or
        reminded before ``older_than`` when given)."""
        template = self.env.ref('customer_service_mgmt.mail_template_cs_satisfaction_reminder')
        for campaign in self:
            campaign._check_can_invite()
            pending = campaign.user_input_ids.filtered(
                lambda ui: ui.state != 'done' and (not older_than or (
                    ui.cs_last_reminder_date or ui.cs_sent_date) <= older_than))
            pending.cs_send(template)
            now = fields.Datetime.now()
            for user_input in pending:
                user_input.write({'cs_reminder_count': user_input.cs_reminder_count + 1,
                                  'cs_last_reminder_date': now})
        return True

    @api.model
    def _cron_send_reminders(self):
        for campaign in self.search([('state', '=', 'running'), ('reminder_days', '>', 0)]):
            limit = fields.Datetime.to_string(
                fields.Datetime.from_string(fields.Datetime.now())
                - timedelta(days=campaign.reminder_days))
            campaign.action_send_reminders(older_than=limit)

    @api.multi
    def action_close(self):
        self.write({'state': 'closed'})
        return True

    @api.multi
    def action_reopen(self):
        self.filtered(lambda campaign: campaign.state == 'closed').write({'state': 'running'})
        return True

    @api.multi
    def action_view_responses(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_satisfaction_response').read()[0]
        action['domain'] = [('campaign_id', '=', self.id)]
        action['context'] = {'search_default_campaign_id': self.id}
        return action

    @api.multi
    def action_view_invitations(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_satisfaction_invitation').read()[0]
        action['domain'] = [('cs_campaign_id', '=', self.id)]
        return action
