# -*- coding: utf-8 -*-
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

SALES_12_MONTHS_SQL = """
    SELECT COALESCE(SUM(amount_total_company_signed), 0) FROM account_invoice
    WHERE commercial_partner_id = %s AND company_id = %s AND type IN ('out_invoice', 'out_refund')
      AND state IN ('open', 'paid') AND date_invoice > %s AND date_invoice <= %s
"""

# set by the workflow buttons only, never by a plain write (RPC, import, form)
WORKFLOW_FIELDS = frozenset(['state', 'approved_by', 'approved_date', 'avg_monthly_sales',
                             'suggested_limit'])


class CsCreditEvaluation(models.Model):
    """Credit evaluation 资信评估: 5C scores -> grade -> suggested limit -> approval."""
    _name = 'cs.credit.evaluation'
    _description = 'Credit Evaluation'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 domain=[('is_company', '=', True)],
                                 readonly=True, states={'draft': [('readonly', False)]},
                                 track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, readonly=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related='company_id.currency_id', string='Currency', readonly=True)
    date = fields.Date(required=True, default=fields.Date.context_today,
                       readonly=True, states={'draft': [('readonly', False)]})
    template_id = fields.Many2one('cs.credit.template', string='Scoring Template', required=True,
                                  readonly=True, states={'draft': [('readonly', False)]})
    line_ids = fields.One2many('cs.credit.evaluation.line', 'evaluation_id', string='Scores',
                               readonly=True, states={'draft': [('readonly', False)]}, copy=True)
    total_score = fields.Float(compute='_compute_result', store=True,
                               help='Weighted score out of 100.')
    grade_id = fields.Many2one('cs.credit.grade', compute='_compute_result',
                               store=True)
    avg_monthly_sales = fields.Monetary(string='Average Monthly Sales', readonly=True, copy=False,
                                        help='Invoiced in the 12 months before the evaluation, / 12.')
    suggested_limit = fields.Monetary(readonly=True, copy=False,
                                      help='Grade factor x average monthly sales, capped by the '
                                           'company setting.')
    approved_limit = fields.Monetary(track_visibility='onchange',
                                     readonly=True, states={'submitted': [('readonly', False)]},
                                     help='Written to the customer on approval; defaults to '
                                          'the suggested limit.')
    state = fields.Selection([('draft', 'Draft'), ('submitted', 'Submitted'),
                              ('approved', 'Approved'), ('refused', 'Refused')],
                             string='Status', default='draft', required=True, readonly=True,
                             copy=False, track_visibility='onchange')
    approved_by = fields.Many2one('res.users', string='Decided By', readonly=True, copy=False)
    approved_date = fields.Date(string='Decided On', readonly=True, copy=False)
    refuse_reason = fields.Text(string='Refusal Reason', readonly=True, copy=False,
                                states={'submitted': [('readonly', False)]})
    notes = fields.Text()

    @api.depends('line_ids.score', 'line_ids.item_id')
    def _compute_result(self):
        for evaluation in self:
            total_weight = sum(evaluation.line_ids.mapped('item_id.weight'))
            score = sum(line.item_id.weight * line.score / line.item_id.max_score
                        for line in evaluation.line_ids) * 100.0 / total_weight if total_weight else 0.0
            # rounded as displayed: a score of exactly 90 must not grade as 89.99999999999999
            score = float_round(score, precision_digits=2)
            evaluation.total_score = score
            evaluation.grade_id = self.env['cs.credit.grade'].for_score(score) if evaluation.line_ids else False

    @api.onchange('template_id')
    def _onchange_template_id(self):
        self.line_ids = [(5, 0, 0)] + [(0, 0, {'item_id': item.id}) for item in self.template_id.item_ids]

    def _guard_workflow_fields(self, vals, create=False):
        names = WORKFLOW_FIELDS.intersection(vals)
        if create:  # a new evaluation starts as an empty draft
            names = [name for name in names if vals[name] and (name, vals[name]) != ('state', 'draft')]
        if names and self.env.uid != SUPERUSER_ID:
            raise AccessError(_('The status, decision and suggested limit of a credit evaluation '
                                'are set by its Submit, Approve and Refuse buttons only.'))

    @api.multi
    def write(self, vals):
        self._guard_workflow_fields(vals)
        return super(CsCreditEvaluation, self).write(vals)

    @api.model
    def create(self, vals):
        self._guard_workflow_fields(vals, create=True)
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('cs.credit.evaluation') or '/'
        evaluation = super(CsCreditEvaluation, self).create(vals)
        if not evaluation.line_ids:
            evaluation._onchange_template_id()
        return evaluation

    def _average_monthly_sales(self):
        since = fields.Date.to_string(fields.Date.from_string(self.date) - timedelta(days=365))
        self.env.cr.execute(SALES_12_MONTHS_SQL, (self.partner_id.commercial_partner_id.id,
                                                  self.company_id.id, since, self.date))
        return self.env.cr.fetchone()[0] / 12.0

    @api.multi
    def action_submit(self):
        for evaluation in self:
            if evaluation.state != 'draft':
                raise UserError(_('Only draft evaluations can be submitted.'))
            missing = evaluation.template_id.item_ids - evaluation.line_ids.mapped('item_id')
            if missing:
                raise UserError(_('Score every item of the template before submitting: %s')
                                % ', '.join(missing.mapped('name')))
            average = evaluation._average_monthly_sales()
            suggested = (evaluation.grade_id.limit_factor or 0.0) * average
            cap = evaluation.company_id.cs_credit_limit_cap
            if cap:
                suggested = min(suggested, cap)
            super(CsCreditEvaluation, evaluation).write({
                'state': 'submitted', 'avg_monthly_sales': average, 'suggested_limit': suggested,
                'approved_limit': suggested})
        return True

    def _check_manager(self):
        if not self.env.user.has_group('customer_service_mgmt.group_credit_manager'):
            raise AccessError(_('Only a credit manager can approve or refuse credit evaluations.'))

    @api.multi
    def action_approve(self):
        """Credit limit decision 信用限度核定: writes limit, grade and next review date."""
        self._check_manager()
        for evaluation in self:
            if evaluation.state != 'submitted':
                raise UserError(_('Only submitted evaluations can be approved.'))
            if evaluation.approved_limit < 0:
                raise UserError(_('The approved limit cannot be negative.'))
            review = fields.Date.from_string(fields.Date.context_today(self)) + relativedelta(
                months=evaluation.grade_id.review_months or 12)
            evaluation.partner_id.commercial_partner_id.write({
                'credit_limit': evaluation.approved_limit,
                'cs_credit_grade_id': evaluation.grade_id.id,
                'cs_credit_review_date': fields.Date.to_string(review),
            })
            super(CsCreditEvaluation, evaluation).write({
                'state': 'approved', 'approved_by': self.env.uid,
                'approved_date': fields.Date.context_today(self)})
        return True

    @api.multi
    def action_refuse(self):
        self._check_manager()
        for evaluation in self:
            if evaluation.state != 'submitted':
                raise UserError(_('Only submitted evaluations can be refused.'))
            if not (evaluation.refuse_reason or '').strip():
                raise UserError(_('Write the reason of the refusal first.'))
        super(CsCreditEvaluation, self).write({'state': 'refused', 'approved_by': self.env.uid,
                                               'approved_date': fields.Date.context_today(self)})
        return True

    @api.multi
    def action_reset_draft(self):
        if any(evaluation.state != 'refused' for evaluation in self):
            raise UserError(_('Only refused evaluations can be reset to draft.'))
        super(CsCreditEvaluation, self).write({'state': 'draft', 'refuse_reason': False,
                                               'approved_by': False, 'approved_date': False})
        return True
