"""Complaint reports and escalation benchmark (SPEC §2, issue 4 'Speed'): a printed table.

With --count complaints (default 200 000) spread over the last two years (skewed categories,
products and customers, 4 teams, stages by age, response-time deadlines met, met late or
missed), the median over --runs runs, as a customer service manager (record rules apply), of:

* the daily complaint report of yesterday: the pivot's read_group (category x team) on
  ``cs.complaint.daily.report`` and the wizard's whole Excel export (two read_groups and the
  workbook) - target under 2 s,
* the complaint analysis pivot: read_group by category x month over all complaints, by
  customer with the top 10, and the wizard's Pareto export by customer over two years -
  target under 2 s,
* the escalation cron (``cs.sla.policy._cron_escalate``) with 10 000 complaints whose
  acknowledgement deadline has passed unmet: activities for the team managers, flags,
  digest mails - target under 30 s (--escalation-runs runs, default 3).

Every measured report run happens in a savepoint that is rolled back; every escalation run
in a transaction and environment of its own (as a cron job), rolled back.  The data is generated once
per database with SQL bulk inserts (generate_series; the ORM would take hours), committed,
and recognised on later runs by the reference prefix ``CPB/``; teams, users, products and
customers are created with the ORM.  The database is the benchmark's own (default
``csm_complaint_bench``, created with the add-on when missing); ``--drop`` removes it at
the end.  From the project root::

    python3 -m csm_host test customer_service_mgmt/tests/test_smoke.py   # once: .venv and .csm/odoo.conf
    .venv/bin/python -m bench.bench_complaint [--count 200000] [--runs 7] [--update] [--drop]
"""
import statistics
import sys
import time
from datetime import date, timedelta

from bench import harness
from bench.harness import Column

PREFIX = 'CPB/'
DUE = 10000          # complaints the escalation cron has to escalate
TEAMS = 4
PRODUCTS = 50
CUSTOMERS = 400
# category xml ids with their share of the complaints (a Pareto-like spread)
CATEGORIES = [('quality', 0.42), ('delivery', 0.25), ('packaging', 0.13), ('attitude', 0.10),
              ('billing', 0.06), ('other', 0.04)]


# ---------------------------------------------------------------------- data generation
class Generator(object):
    """Teams, products, customers with the ORM; complaints with SQL."""

    def __init__(self, env, due=DUE):
        self.env = env
        self.cr = env.cr
        self.company = env.user.company_id
        self.due = due

    def ensure(self, count):
        self.cr.execute("SELECT count(*) FROM cs_complaint WHERE name LIKE %s", (PREFIX + '%',))
        existing = self.cr.fetchone()[0]
        if existing == count:
            return self.reporter()
        if existing:
            sys.exit('[bench] %s has %d generated complaints, not %d: use another --db or --drop'
                     % (self.cr.dbname, existing, count))
        started = time.time()
        self.company.partner_id.tz = 'Asia/Shanghai'  # the daily report's days
        teams = self._teams()
        products = self._products()
        customers = self._customers()
        self._complaints(count, teams, products, customers)
        self._due_complaints()
        for table in ('cs_complaint', 'mail_activity', 'mail_followers'):
            self.cr.execute('ANALYZE %s' % table)
        self.cr.commit()
        harness.say('generated %d complaints in %.1f s' % (count, time.time() - started))
        return self.reporter()

    def reporter(self):
        return self.env['res.users'].search([('login', '=', 'cpb_reporter')])

    def _user(self, login, group):
        return self.env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [self.env.ref(group).id])]})

    def _teams(self):
        self._user('cpb_reporter', 'customer_service_mgmt.group_cs_manager')
        calendar = self.company.resource_calendar_id
        teams = self.env['cs.team']
        for index in range(TEAMS):
            manager = self._user('cpb_manager_%d' % index, 'customer_service_mgmt.group_cs_manager')
            agent = self._user('cpb_agent_%d' % index, 'customer_service_mgmt.group_cs_user')
            teams |= teams.create({
                'name': 'Bench team %d' % index, 'manager_id': manager.id,
                'member_ids': [(6, 0, [agent.id])], 'resource_calendar_id': calendar.id,
                'tz': 'Asia/Shanghai'})
        return teams

    def _products(self):
        Product = self.env['product.product']
        return Product.concat(*[Product.create({'name': 'Bench cabinet %d' % index,
                                                'default_code': 'CPB-%d' % index, 'type': 'consu'})
                                for index in range(PRODUCTS)])

    def _customers(self):
        Partner = self.env['res.partner']
        return Partner.concat(*[Partner.create({'name': 'Bench Furniture Customer %d' % index,
                                                'is_company': True, 'customer': True})
                                for index in range(CUSTOMERS)])

    def _complaints(self, count, teams, products, customers):
        stages = {name: self.env.ref('customer_service_mgmt.complaint_stage_%s' % name).id
                  for name in ('received', 'acknowledged', 'investigating', 'solution',
                               'resolved', 'closed', 'rejected')}
        categories, bounds, cumulative = [], [], 0.0
        for xmlid, share in CATEGORIES:
            categories.append(self.env.ref('customer_service_mgmt.complaint_category_%s'
                                           % xmlid).id)
            cumulative += share
            bounds.append(cumulative)
        bounds[-1] = 2.0  # above any draw, whatever the rounding of the shares' sum
        open_stages = [stages[name] for name in ('received', 'acknowledged', 'investigating',
                                                 'solution', 'resolved')]
        self.cr.execute("SELECT setseed(0.42)")
        # r: independent random draws per complaint; received spread over two years, closed
        # 2 to 14 days later (when that is past), acknowledged 0.5 to 20 hours after reception
        self.cr.execute("""
            CREATE TEMP TABLE cpb_rows AS
            SELECT g, r[1] AS r_age, r[2] AS r_categ, r[3] AS r_product, r[4] AS r_customer,
                   r[5] AS r_team, r[6] AS r_priority, r[7] AS r_close, r[8] AS r_ack,
                   r[9] AS r_stage, r[10] AS r_reject,
                   (now() AT TIME ZONE 'UTC') - interval '730 days' * r[1] AS received
            FROM generate_series(1, %s) g
            CROSS JOIN LATERAL (SELECT array_agg(random()) AS r
                                FROM generate_series(1, 10) WHERE g > 0) draws""", (count,))
        self.cr.execute("""
            CREATE TEMP TABLE cpb_complaints AS
            SELECT g, received, r_categ, r_product, r_customer, r_team, r_priority, r_stage,
                   r_reject,
                   received + interval '1 hour' * (4 + 12 * floor(r_priority * 4)) AS ack_deadline,
                   received + interval '1 hour' * (0.5 + 19.5 * r_ack) AS ack_at,
                   received + interval '1 day' * 7 AS resolve_deadline,
                   received + interval '1 day' * (2 + 12 * r_close * r_close) AS close_at
            FROM cpb_rows""")
        params = {
            'prefix': PREFIX, 'company': self.company.id, 'uid': self.env.uid,
            'categories': categories, 'bounds': bounds, 'products': products.ids,
            'customers': customers.ids, 'teams': teams.ids,
            'members': [team.member_ids[0].id for team in teams],
            'open_stages': open_stages, 'closed': stages['closed'],
            'rejected': stages['rejected'], 'resolved': stages['resolved'],
            'received_stage': stages['received'],
        }
        self.cr.execute("""
            INSERT INTO cs_complaint (
                name, company_id, partner_id, channel, categ_id, priority, date_received,
                product_id, description, team_id, user_id, stage_id, is_closed, date_closed,
                reopen_count, resolution, followup_decision,
                sla_acknowledge_deadline, sla_acknowledge_reached, sla_acknowledge_breached,
                sla_acknowledge_warned, sla_resolve_deadline, sla_resolve_reached,
                sla_resolve_breached, sla_resolve_warned,
                create_uid, create_date, write_uid, write_date)
            SELECT %(prefix)s || lpad(g::text, 7, '0'), %(company)s,
                   (%(customers)s::int[])[1 + floor(r_customer ^ 3 * %(customer_count)s)::int],
                   (ARRAY['phone', 'email', 'visit', 'letter', 'portal'])[1 + g %% 5],
                   (%(categories)s::int[])[(SELECT count(*) FROM unnest(%(bounds)s::float[]) b
                                            WHERE b < r_categ) + 1],
                   floor(r_priority * 4)::int::text, received,
                   CASE WHEN r_product < 0.9 THEN
                       (%(products)s::int[])[1 + floor((r_product / 0.9) ^ 2
                                                       * %(product_count)s)::int] END,
                   'Bench complaint ' || g,
                   (%(teams)s::int[])[1 + floor(r_team * %(team_count)s)::int],
                   (%(members)s::int[])[1 + floor(r_team * %(team_count)s)::int],
                   CASE WHEN closed AND r_reject < 0.04 THEN %(rejected)s
                        WHEN closed THEN %(closed)s
                        WHEN resolved THEN %(resolved)s
                        WHEN acked THEN (%(open_stages)s::int[])[2 + floor(r_stage * 3)::int]
                        ELSE %(received_stage)s END,
                   closed, CASE WHEN closed THEN close_at END,
                   0, CASE WHEN closed OR resolved THEN 'Replaced the damaged goods.' END,
                   CASE WHEN closed THEN 'none' END,
                   ack_deadline, CASE WHEN acked THEN ack_at END,
                   CASE WHEN acked THEN ack_at > ack_deadline ELSE ack_deadline <= now_utc END,
                   true,
                   resolve_deadline, CASE WHEN closed OR resolved THEN close_at END,
                   CASE WHEN closed OR resolved THEN close_at > resolve_deadline
                        ELSE resolve_deadline <= now_utc END,
                   true,
                   %(uid)s, received, %(uid)s, received
            FROM cpb_complaints
            CROSS JOIN LATERAL (SELECT now() AT TIME ZONE 'UTC' AS now_utc) n
            -- closed when the closing date is past (96 %%), resolved but open when past
            -- otherwise; acknowledged when the acknowledgement is past
            CROSS JOIN LATERAL (
                SELECT close_at < n.now_utc AND r_stage < 0.96 AS closed,
                       close_at < n.now_utc AND r_stage >= 0.96 AS resolved,
                       ack_at < n.now_utc AS acked) state""",
                        dict(params, customer_count=len(customers), product_count=len(products),
                             team_count=len(teams)))
        self.cr.execute("""
            UPDATE cs_complaint SET
                sla_breached = sla_acknowledge_breached OR sla_resolve_breached,
                sla_deadline = CASE
                    WHEN sla_acknowledge_reached IS NULL THEN sla_acknowledge_deadline
                    WHEN sla_resolve_reached IS NULL THEN sla_resolve_deadline END
            WHERE name LIKE %s""", (PREFIX + '%',))

    def _due_complaints(self):
        """The ``due`` (default DUE) most recently received complaints become an
        unacknowledged backlog the escalation cron has not seen yet: open, acknowledgement
        deadline passed, resolution deadline ahead (one escalation each)."""
        self.cr.execute("""
            WITH due AS (
                SELECT id FROM cs_complaint WHERE name LIKE %s
                ORDER BY date_received DESC LIMIT %s)
            UPDATE cs_complaint c SET
                stage_id = %s, is_closed = false, date_closed = NULL, resolution = NULL,
                followup_decision = NULL,
                sla_acknowledge_deadline = LEAST(c.date_received + interval '4 hours',
                                                 now() AT TIME ZONE 'UTC' - interval '1 minute'),
                sla_acknowledge_reached = NULL, sla_acknowledge_breached = false,
                sla_acknowledge_warned = false,
                sla_resolve_deadline = now() AT TIME ZONE 'UTC' + interval '3 days',
                sla_resolve_reached = NULL, sla_resolve_breached = false,
                sla_resolve_warned = false, sla_breached = false
            FROM due WHERE c.id = due.id""", (PREFIX + '%', self.due,
                                              self.env.ref('customer_service_mgmt.'
                                                           'complaint_stage_received').id))
        self.cr.execute("""
            UPDATE cs_complaint SET sla_deadline = sla_acknowledge_deadline
            WHERE name LIKE %s AND NOT sla_acknowledge_breached
              AND sla_acknowledge_reached IS NULL""", (PREFIX + '%',))


# ---------------------------------------------------------------------- measurements
class Bench(object):

    def __init__(self, env, runs, warmup):
        self.env = env
        self.cr = env.cr
        self.runs = runs
        self.warmup = warmup
        self.company = env.user.company_id
        self.yesterday = date.today() - timedelta(days=1)

    def _timed(self, measure, runs, warmup):
        """Median ms of ``measure()`` over ``runs`` runs, each rolled back."""
        samples = []
        for run in range(warmup + runs):
            self.cr.execute('SAVEPOINT bench_run')
            try:
                self.env.cache.invalidate()
                started = time.perf_counter()
                result = measure()
                elapsed = (time.perf_counter() - started) * 1000.0
            finally:
                self.cr.execute('ROLLBACK TO SAVEPOINT bench_run')
                self.env.clear()
            if run >= warmup:
                samples.append(elapsed)
        return statistics.median(samples), result

    def _wizard(self, **values):
        return self.env['cs.complaint.report.wizard'].create(values)

    def daily_pivot(self):
        groups = self.env['cs.complaint.daily.report'].read_group(
            [('day', '=', str(self.yesterday)), ('company_id', '=', self.company.id)],
            ['categ_id', 'team_id', 'received_count', 'closed_count', 'open_count',
             'overdue_count'], ['categ_id', 'team_id'], lazy=False)
        return '%d received, %d open, %d overdue' % (
            sum(g['received_count'] for g in groups), sum(g['open_count'] for g in groups),
            sum(g['overdue_count'] for g in groups))

    def daily_export(self):
        content, _name = self._wizard(report='daily', day=str(self.yesterday))._build()
        return '%d bytes' % len(content)

    def analysis_category_month(self):
        groups = self.env['cs.complaint.analysis'].read_group(
            [('company_id', '=', self.company.id)],
            ['categ_id', 'date_received', 'complaint_count', 'response_hours',
             'resolution_hours', 'sla_compliance'],
            ['categ_id', 'date_received:month'], lazy=False)
        return '%d groups, %d complaints' % (len(groups),
                                             sum(g['complaint_count'] for g in groups))

    def analysis_top_customers(self):
        groups = self.env['cs.complaint.analysis'].read_group(
            [('company_id', '=', self.company.id)],
            ['partner_id', 'complaint_count', 'response_hours', 'resolution_hours',
             'sla_compliance'], ['partner_id'], orderby='complaint_count desc', limit=10,
            lazy=False)
        return 'top customer %d complaints' % groups[0]['complaint_count']

    def analysis_pareto_export(self):
        today = date.today()
        content, _name = self._wizard(report='analysis', dimension='partner_id',
                                      date_from=str(today - timedelta(days=731)),
                                      date_to=str(today))._build()
        return '%d bytes' % len(content)

    def measure(self):
        rows = []
        for label, method, target, runs in (
                ('daily report pivot (category x team), yesterday', self.daily_pivot, 2000,
                 self.runs),
                ('daily report Excel export (wizard), yesterday', self.daily_export, 2000,
                 self.runs),
                ('analysis pivot: category x month, all complaints',
                 self.analysis_category_month, 2000, self.runs),
                ('analysis pivot: top 10 customers', self.analysis_top_customers, 2000,
                 self.runs),
                ('analysis Pareto Excel export by customer, 2 years',
                 self.analysis_pareto_export, 2000, self.runs)):
            harness.say('%s ...' % label)
            median, result = self._timed(method, runs, self.warmup)
            rows.append((label, median, target, runs, result))
        return rows


def _due_count(cr):
    cr.execute("""SELECT count(*) FROM cs_complaint
                  WHERE sla_acknowledge_deadline <= now() AT TIME ZONE 'UTC'
                    AND sla_acknowledge_reached IS NULL
                    AND NOT COALESCE(sla_acknowledge_breached, false)""")
    return cr.fetchone()[0]


def measure_escalation(registry, runs, due=DUE):
    """The cron as ir.cron runs it: as the superuser, in a transaction and environment of
    its own (rolled back); checked to leave no due complaint behind."""
    samples = []
    for run in range(runs):
        with harness.environment(registry) as env:
            cr = env.cr
            assert _due_count(cr) == due
            started = time.perf_counter()
            env['cs.sla.policy']._cron_escalate()
            samples.append((time.perf_counter() - started) * 1000.0)
            cr.execute("SELECT count(*) FROM mail_activity WHERE res_model = 'cs.complaint' "
                       "AND create_date >= now() AT TIME ZONE 'UTC'")
            activities = cr.fetchone()[0]
            left = _due_count(cr)
            assert not left, left
        harness.say('escalation run %d/%d: %.1f s' % (run + 1, runs, samples[-1] / 1000.0))
    return ('escalation cron, %d due complaints' % due, statistics.median(samples), 30000,
            runs, '%d complaints escalated, %d activities' % (due, activities))


COLUMNS = [Column('measure'), Column('median', 'ms', '%.0f'), Column('target', 'ms', '%d'),
           Column('runs', fmt='%d'), Column('result')]


def main(argv=None):
    parser = harness.arguments('bench.bench_complaint', __doc__, db='csm_complaint_bench')
    parser.add_argument('--count', type=int, default=200000, help='complaints to generate')
    harness.runs_arguments(parser, runs=7, warmup=1)
    parser.add_argument('--escalation-runs', type=int, default=3,
                        help='measured runs of the escalation cron')
    parser.add_argument('--due', type=int, default=DUE,
                        help='complaints the escalation cron has to escalate (at most --count)')
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    with harness.environment(registry, commit=True) as env:
        reporter = Generator(env, due=args.due).ensure(args.count)
    # the reports as a customer service manager (access rules and record rules)
    with harness.environment(registry, reporter.id,
                             {'lang': 'en_US', 'tz': 'Asia/Shanghai'}) as env:
        rows = Bench(env, args.runs, args.warmup).measure()
    rows.append(measure_escalation(registry, args.escalation_runs, args.due))
    harness.report('Complaint benchmark: database %s, %d complaints, median of %d runs '
                   '(escalation: %d)' % (args.db, args.count, args.runs, args.escalation_runs))
    harness.print_table(COLUMNS, rows)
    harness.finish(args)


if __name__ == '__main__':
    main()
