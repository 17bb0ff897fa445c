# -*- coding: utf-8 -*-
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from .res_partner import CREDIT_GROUPS


# written only by cs.credit.policy (as superuser): a user cannot fake a hold or release
POLICY_FIELDS = frozenset([
    'credit_hold', 'credit_hold_kind', 'credit_hold_reason', 'credit_hold_date',
    'credit_hold_limit', 'credit_hold_exposure', 'credit_hold_overdue', 'credit_hold_amount',
    'credit_release_amount', 'credit_approved_amount',
])

# order fields whose change can raise the total (lines check on their own writes)
AMOUNT_FIELDS = frozenset(['order_line', 'pricelist_id', 'currency_id'])

# the hold, its reason and the figures are credit data: read by CREDIT_GROUPS only, like the
# customer's (客户档案信息的保密); the policy reads them with sudo() whoever confirms,
# invoices or delivers


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    credit_hold = fields.Boolean(string='Credit Hold', groups=CREDIT_GROUPS,
                                 copy=False, readonly=True,
                                 track_visibility='onchange',
                                 help='The order was not confirmed because the customer\'s '
                                      'credit does not allow it; a credit controller releases '
                                      'or rejects it.')
    credit_hold_kind = fields.Selection([('policy', 'Credit Policy'), ('manual', 'Forced by Controller')],
                                        string='Hold Type', groups=CREDIT_GROUPS,
                                        copy=False, readonly=True,
                                        help='Policy holds are released automatically when the '
                                             'customer pays; forced holds only by a controller.')
    credit_hold_reason = fields.Text(string='Credit Hold Reason', groups=CREDIT_GROUPS,
                                     copy=False, readonly=True)
    credit_hold_date = fields.Datetime(string='Held On', groups=CREDIT_GROUPS,
                                       copy=False, readonly=True)
    cs_company_currency_id = fields.Many2one(related='company_id.currency_id', readonly=True,
                                             string='Company Currency')
    credit_hold_limit = fields.Monetary(string='Limit When Held', groups=CREDIT_GROUPS,
                                        copy=False, readonly=True,
                                        currency_field='cs_company_currency_id')
    credit_hold_exposure = fields.Monetary(string='Exposure When Held', groups=CREDIT_GROUPS,
                                           copy=False, readonly=True,
                                           currency_field='cs_company_currency_id')
    credit_hold_overdue = fields.Monetary(string='Overdue When Held', groups=CREDIT_GROUPS,
                                          copy=False, readonly=True,
                                          currency_field='cs_company_currency_id')
    credit_hold_amount = fields.Monetary(string='Order Amount When Held', groups=CREDIT_GROUPS,
                                         copy=False, readonly=True,
                                         currency_field='cs_company_currency_id')
    credit_release_amount = fields.Monetary(
        string='Released Amount', groups=CREDIT_GROUPS, copy=False, readonly=True,
        help='Order total a credit controller released; confirming a larger total runs the '
             'credit check again.')
    credit_approved_amount = fields.Monetary(
        string='Credit-Approved Amount', groups=CREDIT_GROUPS, copy=False, readonly=True,
        help='Order total that passed the credit check; raising a confirmed order above it '
             'runs the check again.')
    credit_decision_ids = fields.One2many('cs.credit.decision', 'order_id', string='Credit Decisions',
                                          groups=CREDIT_GROUPS, readonly=True, copy=False)

    # what the salesperson sees before confirming (computed, never stored)
    cs_credit_limit = fields.Monetary(string='Credit Limit', groups=CREDIT_GROUPS,
                                      compute='_compute_cs_credit',
                                      currency_field='cs_company_currency_id')
    cs_credit_exposure = fields.Monetary(string='Credit Exposure', groups=CREDIT_GROUPS,
                                         compute='_compute_cs_credit',
                                         currency_field='cs_company_currency_id')
    cs_credit_available = fields.Monetary(string='Available Credit', groups=CREDIT_GROUPS,
                                          compute='_compute_cs_credit',
                                          currency_field='cs_company_currency_id')
    cs_credit_overdue = fields.Monetary(string='Overdue Amount', groups=CREDIT_GROUPS,
                                        compute='_compute_cs_credit',
                                        currency_field='cs_company_currency_id')
    cs_credit_grade_id = fields.Many2one('cs.credit.grade', string='Credit Grade',
                                         groups=CREDIT_GROUPS, compute='_compute_cs_credit')

    @api.depends('partner_id', 'company_id')
    def _compute_cs_credit(self):
        # sudo: salespeople see the figures of their customer without reading the
        # receivables and credit records behind them
        policy = self.env['cs.credit.policy'].sudo()
        for order in self.filtered('partner_id'):
            figures = policy.figures(order.partner_id.sudo(), order.company_id.sudo())
            order.cs_credit_limit = figures.limit
            order.cs_credit_exposure = figures.exposure
            order.cs_credit_available = figures.available
            order.cs_credit_overdue = figures.overdue
            order.cs_credit_grade_id = figures.grade

    def _cs_amount_company(self):
        self.ensure_one()
        return self.currency_id.with_context(date=self.date_order).compute(
            self.amount_total, self.company_id.currency_id)

    def _cs_covered_by_release(self):
        """An audited release covers the order as long as its total did not grow."""
        self.ensure_one()
        # sudo: the policy asks whoever confirms or edits the order (CREDIT_GROUPS or not)
        release = self.sudo().credit_release_amount
        return bool(release) and float_compare(
            self.amount_total, release,
            precision_rounding=self.currency_id.rounding) <= 0

    @api.multi
    def action_confirm(self):
        policy = self.env['cs.credit.policy']
        held = self.browse()
        for order in self:
            if policy.hold_order_if_refused(order):
                held |= order
            else:
                super(SaleOrder, order).action_confirm()
        if held:
            return self.env['cs.credit.hold.notice'].action_show(held)
        return True

    @api.multi
    def action_cancel(self):
        # a release covers one confirmation: re-opening the order needs a new check.
        # sudo: policy fields are writable by the superuser only (see POLICY_FIELDS)
        result = super(SaleOrder, self).action_cancel()
        self.sudo().write({'credit_release_amount': 0.0, 'credit_approved_amount': 0.0})
        return result

    def _cs_guard_policy_fields(self, vals):
        if self.env.uid != SUPERUSER_ID and POLICY_FIELDS.intersection(vals):
            raise AccessError(_('Credit hold and release fields are set by the credit policy '
                                'only: use the release or reject buttons.'))

    @api.model
    def create(self, vals):
        self._cs_guard_policy_fields(vals)
        return super(SaleOrder, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cs_guard_policy_fields(vals)
        result = super(SaleOrder, self).write(vals)
        if AMOUNT_FIELDS.intersection(vals):
            self._cs_check_increase()
        return result

    def _cs_check_increase(self):
        """Refuse raising a confirmed order above its credit-approved total when the credit
        no longer allows it (the exception rolls the change back)."""
        policy = self.env['cs.credit.policy']
        for order in self.filtered(lambda o: o.state in ('sale', 'done')):
            # sudo: whoever edits the order, the approved total is the policy's (CREDIT_GROUPS)
            if float_compare(order.amount_total, order.sudo().credit_approved_amount,
                             precision_rounding=order.currency_id.rounding) <= 0:
                continue
            reasons, _figures = policy.check_partner(order.partner_id, order.company_id)
            if reasons and not order._cs_covered_by_release():
                raise UserError(_('The total of order %s cannot be raised: %s')
                                % (order.name, '\n'.join(reasons)))
            # sudo: policy fields are writable by the superuser only (see POLICY_FIELDS)
            order.sudo().write({'credit_approved_amount': order.amount_total})

    def action_view_credit_decisions(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_credit_decision').read()[0]
        action['domain'] = [('order_id', '=', self.id)]
        return action

    cs_complaint_count = fields.Integer(
        string='Complaints', compute='_compute_cs_complaint_count',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    def _compute_cs_complaint_count(self):
        groups = self.env['cs.complaint'].read_group(
            [('sale_order_id', 'in', self.filtered('id').ids)], ['sale_order_id'], ['sale_order_id'])
        counts = {group['sale_order_id'][0]: group['sale_order_id_count'] for group in groups}
        for order in self:
            order.cs_complaint_count = counts.get(order.id, 0)

    @api.multi
    def action_view_cs_complaints(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_complaint').read()[0]
        action['domain'] = [('sale_order_id', '=', self.id)]
        action['context'] = {'default_sale_order_id': self.id,
                             'default_partner_id': self.partner_id.commercial_partner_id.id}
        return action
