# -*- coding: utf-8 -*-
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

ABC_CLASSES = [('a', 'A'), ('b', 'B'), ('c', 'C')]
CHURN_STATES = [('active', 'Active'), ('at_risk', 'At Risk'), ('lost', 'Lost'),
                ('won_back', 'Won Back')]

# revenue, registered capital, purchase potential: the customer's financial data
# (客户档案信息的保密) is for sales, accounting, credit control and service management,
# not for every service agent nor for portal users
FINANCIAL_GROUPS = ('sales_team.group_sale_salesman,account.group_account_invoice,'
                    'customer_service_mgmt.group_credit_controller,'
                    'customer_service_mgmt.group_cs_manager')

# ABC classification 客户ABC分类, one statement for all the given companies.
#
# Revenue: customer invoices minus credit notes (open or paid) of the twelve months up to
# the date, per commercial partner and company, untaxed, in company currency: the invoices'
# amount_untaxed_signed, which Odoo keeps as the sum of their lines (negative for credit
# notes) -- reading the invoices instead of their lines is four times fewer rows.
# Customers classified before and without revenue now take part with 0 (they become C).
#
# Pareto rule: customers are ranked by revenue, largest first; a customer's class is
# decided by the share of the revenue of the customers strictly ahead of it: below the A
# threshold -> A, below A + B -> B, otherwise C.  The customer crossing a threshold
# therefore belongs to the higher class (a single customer making all the revenue is A).
# Ties: customers with equal revenue are peers of the window frame (RANGE), none of them
# is ahead of the other, so they always get the same class whatever their ids; the rank
# (RANK()) is shared as well.  Customers without positive revenue are C.
#
# The rows are written by the system (no create_uid / write_uid: their foreign-key checks
# doubled the cost of a first classification of 100 000 customers).
# The class changes are written to cs_abc_history in the same statement: its CTEs all see
# the rows as they were before the statement, so ``old`` is the previous class (a first
# classification is no change: the row's abc_date tells since when it holds).  Rows whose
# figures did not change are not rewritten; abc_date is the day the current class was
# given.
ABC_SQL = """
WITH params AS (
    SELECT c.id AS company_id,
           c.cs_abc_a_percent::numeric / 100 AS a_share,
           (c.cs_abc_a_percent + c.cs_abc_b_percent)::numeric / 100 AS b_share
    FROM res_company c
    WHERE c.id = ANY(%(company_ids)s)
), revenue AS (
    SELECT inv.company_id, inv.commercial_partner_id AS partner_id,
           SUM(inv.amount_untaxed_signed) AS revenue
    FROM account_invoice inv
    WHERE inv.company_id = ANY(%(company_ids)s)
      AND inv.type IN ('out_invoice', 'out_refund') AND inv.state IN ('open', 'paid')
      AND inv.date_invoice > %(date_from)s AND inv.date_invoice <= %(date_to)s
    GROUP BY inv.company_id, inv.commercial_partner_id
), scope AS (
    SELECT company_id, partner_id, revenue FROM revenue
    UNION ALL
    SELECT s.company_id, s.partner_id, 0 FROM cs_customer_segment s
    WHERE s.company_id = ANY(%(company_ids)s) AND s.abc_class IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM revenue r
                      WHERE r.company_id = s.company_id AND r.partner_id = s.partner_id)
), ranked AS (
    SELECT company_id, partner_id, revenue, GREATEST(revenue, 0) AS positive,
           RANK() OVER (PARTITION BY company_id ORDER BY revenue DESC) AS revenue_rank,
           SUM(GREATEST(revenue, 0)) OVER (PARTITION BY company_id) AS total,
           SUM(GREATEST(revenue, 0)) OVER (PARTITION BY company_id ORDER BY revenue DESC
                                           RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
               AS running,
           SUM(GREATEST(revenue, 0)) OVER (PARTITION BY company_id, revenue) AS peers
    FROM scope
), classified AS (
    SELECT r.company_id, r.partner_id, r.revenue, r.revenue_rank,
           CASE WHEN r.total > 0 THEN r.running / r.total * 100 ELSE 0 END AS share,
           CASE WHEN r.positive <= 0 THEN 'c'
                WHEN r.running - r.peers < p.a_share * r.total THEN 'a'
                WHEN r.running - r.peers < p.b_share * r.total THEN 'b'
                ELSE 'c' END AS abc_class
    FROM ranked r JOIN params p ON p.company_id = r.company_id
), history AS (
    INSERT INTO cs_abc_history (partner_id, company_id, date, old_class, new_class, revenue,
                                create_date, write_date)
    SELECT c.partner_id, c.company_id, %(date_to)s, old.abc_class, c.abc_class, c.revenue,
           now() at time zone 'UTC', now() at time zone 'UTC'
    FROM classified c
    LEFT JOIN cs_customer_segment old
           ON old.partner_id = c.partner_id AND old.company_id = c.company_id
    WHERE old.abc_class IS NOT NULL AND old.abc_class <> c.abc_class
    RETURNING 1
), upsert AS (
    INSERT INTO cs_customer_segment (partner_id, company_id, abc_class, revenue_12m,
                                     revenue_rank, revenue_share, abc_date, churn_state,
                                     create_date, write_date)
    SELECT partner_id, company_id, abc_class, revenue, revenue_rank, share, %(date_to)s,
           'active', now() at time zone 'UTC', now() at time zone 'UTC'
    FROM classified
    ON CONFLICT (partner_id, company_id) DO UPDATE SET
        abc_class = EXCLUDED.abc_class, revenue_12m = EXCLUDED.revenue_12m,
        revenue_rank = EXCLUDED.revenue_rank, revenue_share = EXCLUDED.revenue_share,
        abc_date = CASE WHEN cs_customer_segment.abc_class IS DISTINCT FROM EXCLUDED.abc_class
                        THEN EXCLUDED.abc_date ELSE cs_customer_segment.abc_date END,
        write_date = EXCLUDED.write_date
    WHERE (cs_customer_segment.abc_class, cs_customer_segment.revenue_12m,
           cs_customer_segment.revenue_rank, cs_customer_segment.revenue_share)
          IS DISTINCT FROM (EXCLUDED.abc_class, EXCLUDED.revenue_12m, EXCLUDED.revenue_rank,
                            EXCLUDED.revenue_share)
    RETURNING 1
)
SELECT (SELECT COUNT(*) FROM upsert), (SELECT COUNT(*) FROM history)
"""

# Lost-customer detection 流失客户, one statement for all the given companies.
#
# Orders: confirmed sale orders (sale / done) per commercial partner and company.  The usual
# reorder interval is the average gap between the distinct days with a confirmed order
# (last day - first day) / (days - 1): a customer needs two ordering days to have one.
# Days without orders count from the last order, or from the day someone recorded the
# customer as won back if that is later.
#   lost:     more than the company's "lost after" days without orders (0: rule off), or
#             more than interval x lost factor;
#   at risk:  more than interval x at-risk factor;
#   won back: flagged at risk / lost before, and an order was confirmed since it was
#             flagged (date: that order's day, by: its salesperson); a won-back customer
#             stays "won back" until it is overdue again.
# Distinct ordering days come from a first aggregation per day (hash aggregates, no sort
# of the orders).  Rows whose figures did not change are not rewritten.
CHURN_SQL = """
WITH params AS (
    SELECT c.id AS company_id, c.cs_churn_risk_factor::numeric AS risk_factor,
           c.cs_churn_lost_factor::numeric AS lost_factor, c.cs_churn_lost_days AS lost_days
    FROM res_company c
    WHERE c.id = ANY(%(company_ids)s)
), days AS (
    SELECT so.company_id, p.commercial_partner_id AS partner_id,
           so.confirmation_date::date AS day, COUNT(*) AS orders
    FROM sale_order so
    JOIN res_partner p ON p.id = so.partner_id
    WHERE so.company_id = ANY(%(company_ids)s) AND so.state IN ('sale', 'done')
      AND so.confirmation_date < %(today)s::date + 1
    GROUP BY so.company_id, p.commercial_partner_id, so.confirmation_date::date
), orders AS (
    SELECT company_id, partner_id, SUM(orders) AS order_count, COUNT(*) AS order_days,
           MIN(day) AS first_date, MAX(day) AS last_date
    FROM days
    GROUP BY company_id, partner_id
), evaluated AS (
    SELECT o.*, old.churn_state AS old_state, old.churn_date AS old_churn_date,
           old.won_back_date AS old_won_back_date, old.won_back_user_id AS old_won_back_user_id,
           CASE WHEN o.order_days > 1
                THEN (o.last_date - o.first_date)::numeric / (o.order_days - 1) END AS interval,
           %(today)s::date - GREATEST(o.last_date, old.won_back_date) AS idle_days,
           p.risk_factor, p.lost_factor, p.lost_days
    FROM orders o
    JOIN params p ON p.company_id = o.company_id
    LEFT JOIN cs_customer_segment old
           ON old.partner_id = o.partner_id AND old.company_id = o.company_id
), risk AS (
    SELECT e.*,
           CASE WHEN (e.lost_days > 0 AND e.idle_days > e.lost_days)
                     OR (e.interval > 0 AND e.idle_days > e.interval * e.lost_factor) THEN 'lost'
                WHEN e.interval > 0 AND e.idle_days > e.interval * e.risk_factor THEN 'at_risk'
           END AS flag,
           e.old_state IN ('at_risk', 'lost') AND e.last_date >= e.old_churn_date AS ordered_again
    FROM evaluated e
), decided AS (
    SELECT r.*,
           CASE WHEN r.flag IS NOT NULL THEN r.flag
                WHEN r.ordered_again OR r.old_state = 'won_back' THEN 'won_back'
                ELSE 'active' END AS churn_state,
           CASE WHEN r.flag IS NOT NULL AND r.old_state IN ('at_risk', 'lost')
                THEN r.old_churn_date
                WHEN r.flag IS NOT NULL THEN %(today)s::date
                ELSE r.old_churn_date END AS churn_date,
           CASE WHEN r.ordered_again THEN r.last_date ELSE r.old_won_back_date END AS won_back_date,
           CASE WHEN r.ordered_again THEN (
                    SELECT so.user_id FROM sale_order so
                    JOIN res_partner p ON p.id = so.partner_id
                    WHERE p.commercial_partner_id = r.partner_id AND so.company_id = r.company_id
                      AND so.state IN ('sale', 'done')
                    ORDER BY so.confirmation_date DESC, so.id DESC LIMIT 1)
                ELSE r.old_won_back_user_id END AS won_back_user_id
    FROM risk r
), upsert AS (
    INSERT INTO cs_customer_segment (partner_id, company_id, order_count, first_order_date,
                                     last_order_date, reorder_interval, churn_state,
                                     churn_date, won_back_date, won_back_user_id,
                                     create_date, write_date)
    SELECT partner_id, company_id, order_count, first_date, last_date, interval,
           churn_state, churn_date, won_back_date, won_back_user_id,
           now() at time zone 'UTC', now() at time zone 'UTC'
    FROM decided
    ON CONFLICT (partner_id, company_id) DO UPDATE SET
        order_count = EXCLUDED.order_count, first_order_date = EXCLUDED.first_order_date,
        last_order_date = EXCLUDED.last_order_date, reorder_interval = EXCLUDED.reorder_interval,
        churn_state = EXCLUDED.churn_state, churn_date = EXCLUDED.churn_date,
        won_back_date = EXCLUDED.won_back_date, won_back_user_id = EXCLUDED.won_back_user_id,
        write_date = EXCLUDED.write_date
    WHERE (cs_customer_segment.order_count, cs_customer_segment.last_order_date,
           cs_customer_segment.reorder_interval, cs_customer_segment.churn_state,
           cs_customer_segment.churn_date, cs_customer_segment.won_back_date,
           cs_customer_segment.won_back_user_id)
          IS DISTINCT FROM (EXCLUDED.order_count, EXCLUDED.last_order_date,
                            EXCLUDED.reorder_interval, EXCLUDED.churn_state,
                            EXCLUDED.churn_date, EXCLUDED.won_back_date,
                            EXCLUDED.won_back_user_id)
    RETURNING 1
)
SELECT d.churn_state, COUNT(*), (SELECT COUNT(*) FROM upsert) FROM decided d GROUP BY d.churn_state
"""


class CsCustomerSegment(models.Model):
    """A customer's standing in one company 客户分层: its ABC class 客户ABC分类 from the
    trailing-12-month revenue, and its ordering rhythm with the lost-customer flag 流失客户.

    The rows are computed in bulk by SQL (``compute_abc``, ``detect_churn``), by the daily
    cron and on demand; users only act on them (win-back plan, won back).
    """
    _name = 'cs.customer.segment'
    _description = 'Customer Classification'
    _order = 'company_id, revenue_rank, id'
    _rec_name = 'partner_id'

    # no index besides the unique (partner_id, company_id) one: the table is rewritten in
    # bulk and read by customer
    partner_id = fields.Many2one('res.partner', string='Customer', required=True,
                                 readonly=True, ondelete='cascade')
    company_id = fields.Many2one('res.company', required=True,
                                 readonly=True, ondelete='cascade')
    user_id = fields.Many2one(related='partner_id.user_id', string='Salesperson', readonly=True)
    customer_type = fields.Selection(related='partner_id.cs_customer_type', readonly=True,
                                     string='Customer Type')
    key_account = fields.Boolean(related='partner_id.cs_key_account', readonly=True,
                                 string='Key Account')
    abc_class = fields.Selection(ABC_CLASSES, string='ABC Class', readonly=True)
    revenue_12m = fields.Float(string='Revenue (12 Months)', readonly=True,
                               groups=FINANCIAL_GROUPS,
                               help='Invoiced revenue (untaxed, minus credit notes) of the last '
                                    'twelve months, in the company currency.')
    revenue_rank = fields.Integer(readonly=True, group_operator='min',
                                  help='1 = largest revenue; equal revenues share a rank.')
    revenue_share = fields.Float(string='Cumulative Share (%)', readonly=True,
                                 group_operator='max', groups=FINANCIAL_GROUPS,
                                 help='Share of the company\'s revenue made by this customer and '
                                      'all customers with a larger or equal revenue.')
    abc_date = fields.Date(string='Class Since', readonly=True,
                           help='When the customer was given its current class.')
    order_count = fields.Integer(string='Confirmed Orders', readonly=True)
    first_order_date = fields.Date(string='First Order', readonly=True)
    last_order_date = fields.Date(string='Last Order', readonly=True)
    reorder_interval = fields.Float(string='Usual Reorder Interval (Days)', readonly=True,
                                    group_operator='avg',
                                    help='Average number of days between two ordering days.')
    idle_days = fields.Integer(string='Days Without Orders', compute='_compute_idle_days',
                               help='Days since the last order (or since the customer was '
                                    'recorded as won back).')
    churn_state = fields.Selection(CHURN_STATES, string='Ordering Status', readonly=True,
                                   default='active')
    churn_date = fields.Date(string='Flagged On', readonly=True,
                             help='When the customer was first flagged at risk or lost.')
    won_back_date = fields.Date(string='Won Back On', readonly=True)
    won_back_user_id = fields.Many2one('res.users', string='Won Back By', readonly=True)
    winback_date = fields.Date(string='Win-back Started', readonly=True)
    winback_user_id = fields.Many2one('res.users', string='Win-back Started By', readonly=True)

    _sql_constraints = [
        ('partner_company_uniq', 'unique(partner_id, company_id)',
         'A customer has one classification per company.'),
    ]

    @api.model_cr
    def init(self):
        # room in each page for the daily updates (HOT updates: no index to rewrite)
        self.env.cr.execute('ALTER TABLE cs_customer_segment SET (fillfactor = 70)')

    @api.depends('last_order_date', 'won_back_date')
    def _compute_idle_days(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for segment in self:
            since = max(segment.last_order_date or '', segment.won_back_date or '')
            segment.idle_days = (today - fields.Date.from_string(since)).days if since else 0

    # ------------------------------------------------------------------ computation
    @api.model
    def _check_compute_access(self):
        if not self.env.user.has_group('customer_service_mgmt.group_cs_manager') and \
                not self.env.user.has_group('sales_team.group_sale_manager'):
            raise AccessError(_('Only customer service and sales managers may recompute the '
                                'customer classification.'))

    @api.model
    def compute_abc(self, companies=None, date=None):
        """Classify the customers of ``companies`` (default: all) as of ``date`` (default:
        today); returns (rows written, class changes)."""
        # every company (a handful of rows; the statement takes their ids)
        # pylint: disable-next=no-search-all
        companies = companies if companies is not None else self.env['res.company'].sudo().search([])
        date_to = fields.Date.from_string(date or fields.Date.context_today(self))
        date_from = date_to - relativedelta(years=1)
        self.flush_cs_segment_cache()
        self.env.cr.execute(ABC_SQL, {
            'company_ids': companies.ids, 'date_from': date_from, 'date_to': date_to})
        classified, changes = self.env.cr.fetchone()
        self.flush_cs_segment_cache()
        return classified, changes

    @api.model
    def detect_churn(self, companies=None, date=None):
        """Flag the customers of ``companies`` (default: all) that stopped ordering, as of
        ``date`` (default: today); returns ({state: number of customers}, rows written)."""
        # every company (a handful of rows; the statement takes their ids)
        # pylint: disable-next=no-search-all
        companies = companies if companies is not None else self.env['res.company'].sudo().search([])
        self.flush_cs_segment_cache()
        self.env.cr.execute(CHURN_SQL, {
            'company_ids': companies.ids, 'today': date or fields.Date.context_today(self)})
        rows = self.env.cr.fetchall()
        self.flush_cs_segment_cache()
        return {state: count for state, count, _written in rows}, rows[0][2] if rows else 0

    @api.model
    def flush_cs_segment_cache(self):
        """The statements write behind the ORM: forget what it cached."""
        self.invalidate_cache()
        self.env['res.partner'].invalidate_cache(['cs_abc_class', 'cs_churn_state',
                                                  'cs_revenue_12m'])

    @api.model
    def _cron_classify(self):
        self.compute_abc()
        self.detect_churn()

    @api.model
    def action_recompute(self):
        """Recompute the classification of the current company now (button)."""
        self._check_compute_access()
        company = self.env.user.company_id
        # sudo: the statements write rows and history that users only read
        self.sudo().compute_abc(company)
        self.sudo().detect_churn(company)
        return {'type': 'ir.actions.client', 'tag': 'reload'}

    # ------------------------------------------------------------------ win-back
    @api.multi
    def action_start_winback(self):
        """Plan the win-back 恢复客户关系 activities on the flagged customers: one activity per
        step of the plan, for the customer's account manager, salesperson or the current user."""
        flagged = self.filtered(lambda segment: segment.churn_state in ('at_risk', 'lost'))
        if not flagged:
            raise UserError(_('Only customers at risk or lost can be won back.'))
        # every step of the plan is planned: configuration, a handful of rows
        steps = self.env['cs.winback.step'].search([])  # pylint: disable=no-search-all
        if not steps:
            raise UserError(_('The win-back plan has no steps: configure them first.'))
        today = fields.Date.from_string(fields.Date.context_today(self))
        model = self.env['ir.model']._get('res.partner')
        # sudo: salespeople and service agents plan activities for the account manager,
        # and record that the win-back started on rows they only read
        activities = self.env['mail.activity'].sudo()
        for segment in flagged:
            partner = segment.partner_id
            user = partner.cs_account_manager_id or partner.user_id or self.env.user
            for step in steps:
                activities.create({
                    'res_model_id': model.id, 'res_id': partner.id, 'user_id': user.id,
                    'activity_type_id': step.activity_type_id.id, 'summary': step.name,
                    'note': step.note, 'date_deadline': today + timedelta(days=step.days)})
        flagged.sudo().write({'winback_date': fields.Date.to_string(today),
                              'winback_user_id': self.env.uid})
        return True

    @api.multi
    def action_mark_won_back(self):
        """Record that the customers are won back (by whom, when); the days without orders
        count from today until they order again."""
        flagged = self.filtered(lambda segment: segment.churn_state in ('at_risk', 'lost'))
        if flagged != self:
            raise UserError(_('Only customers at risk or lost can be marked as won back.'))
        # sudo: the status is recorded by the salesperson or agent who won the customer back
        flagged.sudo().write({'churn_state': 'won_back', 'won_back_user_id': self.env.uid,
                              'won_back_date': fields.Date.context_today(self)})
        return True
