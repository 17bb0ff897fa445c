# -*- coding: utf-8 -*-
"""The credit policy: the one place where the credit rules live.

Sale orders, invoices, deliveries and payments only call ``check_*``/``reevaluate_holds``.
"""
from collections import namedtuple
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from . import cs_credit_guard as guard

CreditFigures = namedtuple('CreditFigures', 'limit exposure overdue available amount currency grade')

# Overdue beyond terms, the one definition of the figure (credit check, customer and order
# forms, audit records, review cron, Excel export): the open receivables of commercial
# partner {partner} in company {company} due more than the customer's credit terms before
# {today}, summed from cs_credit_due (one row per due date, kept by the exposure triggers,
# so the figure does not grow with the number of open invoices).  An SQL expression, so that
# each consumer embeds it in its own query.
OVERDUE_SQL = """COALESCE((
    SELECT SUM(due.residual)
    FROM cs_credit_due due
    JOIN res_partner terms ON terms.id = due.partner_id
    WHERE due.partner_id = {partner} AND due.company_id = {company}
      AND due.date_maturity < {today}::date - COALESCE(terms.cs_credit_terms_days, 0)), 0)"""


def overdue_sql(partner, company, today='%(today)s'):
    """``OVERDUE_SQL`` for the given SQL expressions of partner, company and day."""
    return OVERDUE_SQL.format(partner=partner, company=company, today=today)


def money(currency, amount):
    return '%s %s' % (currency.symbol, '{:,.2f}'.format(amount))


class CsCreditPolicy(models.AbstractModel):
    """Credit rules.  The hold/release fields of sale orders are written here only, inside
    an allowance (cs_credit_guard): ``sale.order`` refuses them from anyone else, so no RPC
    call, import or server action can fake a release."""
    _name = 'cs.credit.policy'
    _description = 'Credit Policy'

    # ------------------------------------------------------------------ figures
    @api.model
    def _lock_and_read_exposure(self, partner, company):
        """Serialise credit checks of one commercial partner and read its exposure.

        The upsert takes the exposure row's lock.  Under Odoo's REPEATABLE READ isolation a
        second transaction checking the same customer waits for the first, then fails with a
        serialization error and is retried by Odoo's RPC layer on a fresh snapshot that sees
        the first order: two concurrent orders can never jointly pass the limit.
        """
        self.env.cr.execute("""
            INSERT INTO cs_credit_exposure (partner_id, company_id, checked_count)
            VALUES (%s, %s, 1)
            ON CONFLICT (partner_id, company_id)
            DO UPDATE SET checked_count = cs_credit_exposure.checked_count + 1
            RETURNING amount_total""", (partner.id, company.id))
        return self.env.cr.fetchone()[0] or 0.0

    @api.model
    def _read_exposure(self, partner, company):
        self.env.cr.execute("""SELECT amount_total FROM cs_credit_exposure
                               WHERE partner_id = %s AND company_id = %s""", (partner.id, company.id))
        row = self.env.cr.fetchone()
        return row[0] if row else 0.0

    @api.model
    def figures_batch(self, partners, company, amount=0.0, exposures=None, today=None):
        """Credit figures of the commercial partners of ``partners`` in ``company`` (company
        currency), as ``{commercial partner id: CreditFigures}``: the one definition of each
        figure, read for all the partners with one SQL query (lists of orders and customers
        compute their credit columns with it, not one query per row).

        * limit: the customer's credit limit (0: none);
        * exposure: open receivables plus confirmed, uninvoiced orders, kept by the triggers
          in ``cs_credit_exposure``;
        * overdue: residual of receivables past their due date plus the customer's credit
          terms (``OVERDUE_SQL``, the one definition);
        * available: limit minus exposure when there is a limit, else 0;
        * grade: the customer's credit grade.

        ``exposures``: ``{partner id: exposure}`` already read under the credit lock (the
        check uses the value it locked, not a second read).  ``today``: the day the overdue
        figure is counted on (default: the user's today).
        """
        # sudo: the policy judges every confirmation, invoice and delivery, also those of
        # users who may not read the credit profile (res_partner.CREDIT_GROUPS)
        commercial = partners.sudo().mapped('commercial_partner_id')
        ids = [pid for pid in commercial.ids if isinstance(pid, int)]
        rows = {}
        if ids:
            self.env.cr.execute("""
                SELECT p.id, COALESCE(p.credit_limit, 0), COALESCE(e.amount_total, 0),
                       %s, p.cs_credit_grade_id
                FROM res_partner p
                LEFT JOIN cs_credit_exposure e
                       ON e.partner_id = p.id AND e.company_id = %%(company)s
                WHERE p.id IN %%(ids)s""" % overdue_sql('p.id', '%(company)s'), {
                    'company': company.id, 'ids': tuple(ids),
                    'today': today or fields.Date.context_today(self)})
            rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        Grade = self.env['cs.credit.grade'].sudo()
        # iterated records share their prefetch: the grades' names are read in one query
        grades = {grade.id: grade for grade in
                  Grade.browse(set(row[3] for row in rows.values() if row[3]))}
        result = {}
        for partner in commercial:
            limit, exposure, overdue, grade_id = rows.get(partner.id, (0.0, 0.0, 0.0, False))
            if exposures and partner.id in exposures:
                exposure = exposures[partner.id]
            result[partner.id] = CreditFigures(
                limit=limit, exposure=exposure, overdue=overdue,
                available=limit - exposure if limit else 0.0, amount=amount,
                currency=company.currency_id,
                grade=grades.get(grade_id, Grade))
        return result

    @api.model
    def figures(self, partner, company, amount=0.0, lock=False):
        """Credit figures of a commercial partner in ``company`` (company currency); with
        ``lock``, after taking the customer's exposure lock (see _lock_and_read_exposure)."""
        partner = partner.commercial_partner_id.sudo()  # sudo: as in figures_batch()
        exposures = {partner.id: self._lock_and_read_exposure(partner, company)} if lock else None
        return self.figures_batch(partner, company, amount=amount, exposures=exposures)[partner.id]

    # ------------------------------------------------------------------ rules
    @api.model
    def _reasons(self, partner, company, figures):
        """Every rule the customer breaks, as translated sentences (empty: credit is fine)."""
        partner = partner.commercial_partner_id.sudo()  # sudo: as in figures()
        currency = figures.currency
        reasons = []
        if partner.cs_credit_hold:
            reasons.append(_('The customer is on manual credit hold: %s')
                           % (partner.cs_credit_hold_reason or _('no reason given')))
        if figures.grade.blocks_orders:
            reasons.append(_('Credit grade %s blocks new orders.') % figures.grade.name)
        if float_compare(figures.overdue, 0.0, precision_rounding=currency.rounding) > 0:
            reasons.append(_('Overdue beyond the %(days)d days of credit terms: %(overdue)s.')
                           % {'days': partner.cs_credit_terms_days,
                              'overdue': money(currency, figures.overdue)})
        if figures.limit:
            needed = figures.exposure + figures.amount
            if float_compare(needed, figures.limit, precision_rounding=currency.rounding) > 0:
                reasons.append(_('Exposure %(exposure)s plus this amount %(amount)s exceeds the '
                                 'credit limit %(limit)s.')
                               % {'exposure': money(currency, figures.exposure),
                                  'amount': money(currency, figures.amount),
                                  'limit': money(currency, figures.limit)})
        elif company.cs_credit_require_limit:
            reasons.append(_('The customer has no credit limit and the company gives no credit '
                             'without one.'))
        return reasons

    @api.model
    def check_order(self, order):
        """Check a quotation being confirmed; returns (reasons, figures), locking the partner."""
        company = order.company_id
        amount = order.currency_id.with_context(date=order.date_order).compute(
            order.amount_total, company.currency_id)
        figures = self.figures(order.partner_id, company, amount=amount, lock=True)
        return self._reasons(order.partner_id, company, figures), figures

    @api.model
    def check_partner(self, partner, company):
        """Checkpoint without a new amount (invoice validation, delivery)."""
        figures = self.figures(partner, company, lock=True)
        return self._reasons(partner, company, figures), figures

    # ------------------------------------------------------------------ checkpoints
    @api.model
    def check_invoices(self, invoices):
        """Optional checkpoint at invoice validation (company setting)."""
        for invoice in invoices.filtered(lambda i: i.type == 'out_invoice'
                                         and i.company_id.cs_credit_check_invoice):
            orders = invoice.invoice_line_ids.mapped('sale_line_ids.order_id')
            # sudo: the release is credit data (CREDIT_GROUPS), the check runs for any user
            if orders and all(order.credit_release_amount for order in orders.sudo()):
                continue  # the orders were released by a credit controller
            reasons, figures = self.check_partner(invoice.partner_id, invoice.company_id)
            if reasons:
                raise UserError(_('Invoice of %(customer)s cannot be validated: %(reasons)s\n'
                                  '%(figures)s') % {
                    'customer': invoice.partner_id.commercial_partner_id.name,
                    'reasons': '\n'.join(reasons), 'figures': self.format_figures(figures)})

    @api.model
    def check_deliveries(self, pickings):
        """Optional checkpoint at delivery validation (company setting)."""
        for picking in pickings.filtered(lambda p: p.picking_type_code == 'outgoing' and p.partner_id
                                         and p.company_id.cs_credit_check_delivery):
            # sudo: the warehouse validating the delivery may not read credit data (CREDIT_GROUPS)
            if picking.sale_id.sudo().credit_release_amount:
                continue  # the order was released by a credit controller
            reasons, figures = self.check_partner(picking.partner_id, picking.company_id)
            if reasons:
                raise UserError(_('Delivery %(delivery)s cannot be validated: %(reasons)s\n'
                                  '%(figures)s') % {
                    'delivery': picking.name, 'reasons': '\n'.join(reasons),
                    'figures': self.format_figures(figures)})

    # ------------------------------------------------------------------ periodic review
    @api.model
    def _cron_review(self):
        """信用额度定期查核: review activities for customers past their review date, overdue
        beyond terms, or with exposure near the limit (found in SQL, not by looping)."""
        today = fields.Date.context_today(self)
        self.env.cr.execute("""
            SELECT DISTINCT p.id FROM res_partner p
            LEFT JOIN cs_credit_exposure e ON e.partner_id = p.id
            LEFT JOIN res_company c ON c.id = e.company_id
            WHERE p.active AND p.id = p.commercial_partner_id AND (
                p.cs_credit_review_date <= %%(today)s
                OR (p.credit_limit > 0 AND e.amount_total >= p.credit_limit * c.cs_credit_warning_ratio / 100.0)
                OR EXISTS (  -- overdue beyond terms in a company (OVERDUE_SQL)
                    SELECT 1 FROM res_company oc WHERE %s > 0))
        """ % overdue_sql('p.id', 'oc.id'), {'today': today})
        partners = self.env['res.partner'].browse([row[0] for row in self.env.cr.fetchall()])
        fallback = self.env.ref('customer_service_mgmt.group_credit_manager').users[:1]
        for partner in partners:
            user = partner.cs_credit_controller_id or fallback
            if user:
                self.schedule_activity(partner, user, _('Credit review'),
                                       _('Review the credit limit and grade of %s.') % partner.name)
        return partners

    # ------------------------------------------------------------------ orders
    @api.model
    def hold_order_if_refused(self, order):
        """Run the policy for a quotation being confirmed.  Returns True when the order was
        put on credit hold (it stays a quotation, with the reason and the figures)."""
        # sudo: whoever confirms (e.g. a customer paying online) may not read credit data
        if order.sudo().credit_hold_kind == 'manual':
            return True  # forced by a credit controller: only a release lifts it
        if not order._cs_covered_by_release():
            reasons, figures = self.check_order(order)
            if reasons:
                self._hold_order(order, reasons, figures)
                return True
        values = {'credit_approved_amount': order.amount_total}
        if order.sudo().credit_hold or order.sudo().credit_hold_kind:  # sudo: as above
            # only then: credit_hold is tracked, an unchanged write would still track it
            values.update(credit_hold=False, credit_hold_kind=False)
        with guard.allow(order):
            # sudo: the salesperson confirming may not write the policy fields' groups
            order.sudo().write(values)
        return False

    def _hold_order(self, order, reasons, figures):
        reason = '\n'.join(reasons)
        with guard.allow(order):
            self._write_hold(order, reason, figures)
        self._record_decision(order, 'hold', reason, figures)
        order.message_post(body=_('Credit hold: %(reason)s %(figures)s') % {
            'reason': reason, 'figures': self.format_figures(figures)})
        self._notify_controllers(order, reason)

    def _write_hold(self, order, reason, figures):
        # sudo: as in hold_order_if_refused
        order.sudo().write({
            'credit_hold': True, 'credit_hold_kind': 'policy', 'credit_hold_reason': reason,
            'credit_hold_date': fields.Datetime.now(), 'credit_hold_limit': figures.limit,
            'credit_hold_exposure': figures.exposure, 'credit_hold_overdue': figures.overdue,
            'credit_hold_amount': figures.amount,
        })

    @api.model
    def decide(self, orders, decision, reason):
        """A credit controller's release, rejection or forced hold (audited)."""
        if not self.env.user.has_group('customer_service_mgmt.group_credit_controller'):
            raise AccessError(_('Only credit controllers may release, reject or hold orders.'))
        if not (reason or '').strip():
            raise UserError(_('A written reason is required for every credit decision.'))
        for order in orders:
            if order.state not in ('draft', 'sent'):
                raise UserError(_('Order %s is no longer a quotation.') % order.name)
            figures = self.figures(order.partner_id, order.company_id, lock=True,
                                   amount=order._cs_amount_company())
            self._record_decision(order, decision, reason, figures)
            # sudo: a credit controller reads the orders but needs no sales or stock rights
            # to carry out his decision; the audit record and the message keep his name
            order = order.sudo()
            order.message_post(body=_('Credit %(decision)s by %(user)s: %(reason)s') % {
                'decision': dict(self.env['cs.credit.decision']._fields['decision']._description_selection(self.env))[decision],
                'user': self.env.user.name, 'reason': reason},
                author_id=self.env.user.partner_id.id)
            with guard.allow(order):
                if decision == 'force_hold':
                    order.write({'credit_hold': True, 'credit_hold_kind': 'manual',
                                 'credit_hold_reason': reason,
                                 'credit_hold_date': fields.Datetime.now()})
                elif decision == 'release':
                    order.write({'credit_hold': False, 'credit_hold_kind': False,
                                 'credit_release_amount': order.amount_total})
                else:
                    order.write({'credit_hold': False, 'credit_hold_kind': False})
            if decision == 'release':
                order.action_confirm()
            elif decision == 'reject':
                order.action_cancel()
        return True

    @api.model
    def reevaluate_holds(self, partners):
        """Release automatically the policy holds of these customers that now pass
        (after a payment).  Forced holds stay."""
        orders = self.env['sale.order'].search([
            ('partner_id', 'child_of', partners.mapped('commercial_partner_id').ids),
            ('credit_hold', '=', True), ('credit_hold_kind', '=', 'policy'),
            ('state', 'in', ('draft', 'sent'))], order='date_order, id')
        released = self.env['sale.order']
        for order in orders:
            reasons, figures = self.check_order(order)
            if reasons:
                continue
            self._record_decision(order, 'auto_release', _('Credit passes after payment.'), figures)
            order.message_post(body=_('Credit hold released automatically: %s')
                               % self.format_figures(figures))
            order.action_confirm()
            released |= order
        return released

    @api.model
    def _record_decision(self, order, decision, reason, figures):
        # sudo: the audit trail is written whoever triggers the check (a salesman confirming
        # an order cannot create audit records directly, but his refused confirmation must
        # leave one)
        return self.env['cs.credit.decision'].sudo().create({
            'order_id': order.id, 'partner_id': order.partner_id.commercial_partner_id.id,
            'company_id': order.company_id.id, 'decision': decision, 'reason': reason,
            'user_id': self.env.uid, 'limit': figures.limit, 'exposure': figures.exposure,
            'overdue': figures.overdue, 'amount': figures.amount,
        })

    @api.model
    def _notify_controllers(self, order, reason):
        partner = order.partner_id.commercial_partner_id.sudo()  # sudo: as in figures()
        controller = partner.cs_credit_controller_id or self.env.ref(
            'customer_service_mgmt.group_credit_controller').users[:1]
        if controller:
            self.schedule_activity(order, controller, _('Credit hold: %s') % order.name, reason)

    @api.model
    def schedule_activity(self, record, user, summary, note):
        """To-do activity for ``user`` on ``record``, unless one with this summary is open."""
        return self.env['cs.activity.scheduler'].schedule_activities(record, user, summary, note)

    @api.model
    def format_figures(self, figures):
        currency = figures.currency
        return _('Limit %(limit)s, exposure %(exposure)s, this amount %(amount)s, '
                 'overdue %(overdue)s.') % {
            'limit': money(currency, figures.limit) if figures.limit else _('none'),
            'exposure': money(currency, figures.exposure),
            'amount': money(currency, figures.amount),
            'overdue': money(currency, figures.overdue)}
