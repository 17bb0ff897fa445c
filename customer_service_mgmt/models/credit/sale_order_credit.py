# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from . import cs_credit_guard as guard
from ..core.cs_groups import CREDIT_GROUPS

# written only by cs.credit.policy, inside an allowance (cs_credit_guard): nobody can fake
# a hold or release
POLICY_FIELDS = frozenset([
    'credit_hold', 'credit_hold_kind', 'credit_hold_reason', 'credit_hold_date',
    'credit_hold_limit', 'credit_hold_exposure', 'credit_hold_overdue', 'credit_hold_amount',
    'credit_release_amount', 'credit_approved_amount',
])

# changed only by the host's transitions (confirm through the policy, cancel, set to
# quotation, lock, unlock): no write, create, import or server action reaches a sale order
# around the credit check
GUARDED_FIELDS = POLICY_FIELDS | frozenset(['state', 'confirmation_date'])

# order fields whose change can raise the total (lines check on their own writes)
AMOUNT_FIELDS = frozenset(['order_line', 'pricelist_id', 'currency_id'])

# the hold, its reason and the figures are credit data: read by CREDIT_GROUPS only, like the
# customer's (客户档案信息的保密); the policy reads them with sudo() whoever confirms,
# invoices or delivers


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    credit_hold = fields.Boolean(groups=CREDIT_GROUPS,
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
    credit_hold_reason = fields.Text(groups=CREDIT_GROUPS,
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
        # in batch (one query per company for the whole list, see figures_batch).
        # sudo: salespeople see the figures of their customer without reading the
        # receivables and credit records behind them
        policy = self.env['cs.credit.policy'].sudo()
        for company in self.mapped('company_id'):
            orders = self.filtered(lambda o: o.company_id == company and o.partner_id)
            figures = policy.figures_batch(orders.mapped('partner_id'), company.sudo())
            for order in orders:
                credit = figures[order.partner_id.commercial_partner_id.id]
                order.cs_credit_limit = credit.limit
                order.cs_credit_exposure = credit.exposure
                order.cs_credit_available = credit.available
                order.cs_credit_overdue = credit.overdue
                order.cs_credit_grade_id = credit.grade

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
                with guard.allow(order):  # checked: _action_confirm must not check again
                    super(SaleOrder, order).action_confirm()
        if held:
            return self.env['cs.credit.hold.notice'].action_show(held)
        return True

    @api.multi
    def _action_confirm(self):
        """The step every confirmation goes through, also when another module calls it
        directly: orders that did not pass the policy in action_confirm are checked here,
        and those refused stay quotations on credit hold."""
        policy = self.env['cs.credit.policy']
        unchecked = self.filtered(lambda order: not guard.allowed(order))
        held = unchecked.filtered(lambda order: policy.hold_order_if_refused(order))
        passing = self - held
        if not passing:
            return True
        with guard.allow(passing):
            return super(SaleOrder, passing)._action_confirm()

    @api.multi
    def action_cancel(self):
        # a release covers one confirmation: re-opening the order needs a new check
        with guard.allow(self):
            result = super(SaleOrder, self).action_cancel()
            # sudo: the salesperson cancelling may not write the policy fields' groups
            self.sudo().write({'credit_release_amount': 0.0, 'credit_approved_amount': 0.0})
        return result

    @api.multi
    def action_draft(self):
        with guard.allow(self):
            return super(SaleOrder, self).action_draft()

    @api.multi
    def action_done(self):
        not_confirmed = self.filtered(lambda order: order.state not in ('sale', 'done'))
        if not_confirmed:
            raise UserError(_('Only confirmed sale orders can be locked: %s.')
                            % ', '.join(not_confirmed.mapped('name')))
        with guard.allow(self):
            return super(SaleOrder, self).action_done()

    @api.multi
    def action_unlock(self):
        not_locked = self.filtered(lambda order: order.state != 'done')
        if not_locked:
            raise UserError(_('Only locked sale orders can be unlocked: %s.')
                            % ', '.join(not_locked.mapped('name')))
        with guard.allow(self):
            return super(SaleOrder, self).action_unlock()

    def _cs_harmless(self, vals):
        """Guarded fields of ``vals`` that change nothing that matters: a quotation marked
        sent (the host's mail wizard and print button), a status written unchanged (an
        import of existing orders)."""
        state = vals.get('state')
        if 'state' in vals and (all(order.state == state for order in self) or (
                state == 'sent' and all(order.state in ('draft', 'sent') for order in self))):
            return {'state'}
        return set()

    def _cs_refuse(self, field_names):
        guard.record_attempt(self.env, self._name, self.ids, field_names)
        if not self.env.lang:  # message and field labels in one language, the user's
            self = self.with_context(lang=self.env.user.lang)
        labels = ', '.join(sorted(self._fields[name].get_description(self.env)['string']
                                  for name in field_names))
        raise AccessError(_('%(fields)s of sale orders change only through the order\'s own '
                            'buttons (confirm, cancel, lock, set to quotation) and the credit '
                            'policy, so that every confirmation is credit-checked. Refused for: '
                            '%(orders)s.') % {
            'fields': labels, 'orders': ', '.join(self.mapped('name')) or _('a new order')})

    def _cs_guard_write(self, vals):
        touched = GUARDED_FIELDS.intersection(vals) - self._cs_harmless(vals)
        if touched and not guard.allowed(self):
            self._cs_refuse(touched)

    @api.model
    def create(self, vals):
        touched = {name for name in GUARDED_FIELDS.intersection(vals) if vals[name]}
        if vals.get('state') in ('draft', 'sent'):
            touched.discard('state')
        if touched:
            self.browse()._cs_refuse(touched)
        return super(SaleOrder, self).create(vals)

    @api.multi
    def write(self, vals):
        self._cs_guard_write(vals)
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
                raise UserError(_('The total of order %(order)s cannot be raised: %(reasons)s')
                                % {'order': order.name, 'reasons': '\n'.join(reasons)})
            with guard.allow(order):
                # sudo: the salesperson may not write the policy fields' groups
                order.sudo().write({'credit_approved_amount': order.amount_total})

    def action_view_credit_decisions(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_credit_decision').read()[0]
        action['domain'] = [('order_id', '=', self.id)]
        return action
