"""After-sales service KPI benchmark (SPEC §3, issue 5 'Speed': KPI report over 200 000
requests under 2 s): not a test, a printed table.

Fills a database with N service requests (default 200 000) by SQL (generate_series: 7
types, 10 outlets in 3 regions, 500 customers, 20 000 serial numbers so that repeat repairs
exist, two years of request dates, about 80 % resolved) and times, as the pivot and the
Excel export run them on ``cs.service.report`` (median of --runs after --warmup runs):

* the pivot's default query: the KPIs by service type (one read_group),
* the KPIs by region and by month,
* the KPIs of one company over one year (what the export reads: rows + totals),
* the complete .xlsx export (``cs.service.xlsx.export._build``),

with the SQL query count of each.

From the project root::

    python3 -m csm_host test customer_service_mgmt/tests/test_smoke.py      # once: sets up .venv and .csm/odoo.conf
    .venv/bin/python -m bench.bench_service [--db csm_h5_bench] [--size 200000] [--runs 7]

Options: ``--update`` (upgrade the add-on in the database first, after code changes),
``--regenerate`` (delete the generated requests and insert them again),
``--drop`` (drop the database at the end).  The generated requests are committed once per
database (about a minute); the measurements change nothing.
"""
import statistics
import time

from bench import harness
from bench.harness import Column

PREFIX = 'BENCH-SR'
TARGET_SECONDS = 2.0


def generate(env, size, regenerate=False):
    """Insert requests up to ``size`` (those named BENCH-SR-*) with SQL."""
    cr = env.cr
    if regenerate:
        cr.execute("DELETE FROM cs_service_request WHERE name LIKE %s", (PREFIX + '-%',))
    cr.execute("SELECT count(*) FROM cs_service_request WHERE name LIKE %s", (PREFIX + '-%',))
    existing = cr.fetchone()[0]
    if existing >= size:
        return existing
    company = env.ref('base.main_company')
    regions = [env['cs.service.region'].create({'name': '%s region %d' % (PREFIX, index)})
               for index in range(3)]
    outlets = [env['cs.service.outlet'].create({
        'name': '%s outlet %d' % (PREFIX, index), 'region_id': regions[index % 3].id,
        'company_id': company.id}) for index in range(10)]
    product = env['product.product'].create({'name': '%s machine' % PREFIX, 'type': 'product',
                                             'tracking': 'serial', 'cs_warranty_months': 12})
    # the ORM for the few customers: res.partner has required columns of many apps
    partner_ids = [env['res.partner'].create({
        'name': '%s customer %d' % (PREFIX, index), 'is_company': True, 'customer': True}).id
        for index in range(500)]
    cr.execute("""
        INSERT INTO stock_production_lot (name, product_id, create_date, write_date)
        SELECT '%s-LOT-' || i, %%s, now(), now() FROM generate_series(1, 20000) i
        RETURNING id""" % PREFIX, (product.id,))
    lot_ids = [row[0] for row in cr.fetchall()]
    types = env['cs.service.type'].search([])
    stages = env['cs.service.stage'].search([])
    resolved = stages.filtered('is_resolved')[:1]
    open_stage = stages.filtered(lambda s: not s.is_resolved and not s.is_closed)[:1]
    cr.execute("""
        INSERT INTO cs_service_request (
            name, company_id, partner_id, type_id, kind, priority, channel, date_request,
            description, product_id, lot_id, quantity, outlet_id, region_id, user_id,
            stage_id, is_resolved, is_closed, date_done, visit_count, reopen_count,
            cost_amount, service_fee, warranty_state, sla_acknowledge_reached,
            sla_acknowledge_breached, sla_breached, create_uid, write_uid, create_date,
            write_date)
        SELECT %(prefix)s || '-' || i, %(company)s,
               (%(partners)s)[1 + i %% 500],
               (%(types)s)[1 + i %% %(ntypes)s], (%(kinds)s)[1 + i %% %(ntypes)s],
               (i %% 4)::varchar, 'phone', d, 'Bench request', %(product)s,
               (%(lots)s)[1 + (i / 21) %% 20000], 1, (%(outlets)s)[1 + i %% 10],
               (%(regions)s)[1 + i %% 10], 1,
               CASE WHEN i %% 5 = 0 THEN %(open)s ELSE %(resolved)s END,
               i %% 5 <> 0, false,
               CASE WHEN i %% 5 <> 0 THEN d + (i %% 97) * interval '1 hour' END,
               1 + (i %% 3 = 0)::int, (i %% 17 = 0)::int, 50 + i %% 500, 0,
               (ARRAY['in', 'expired', 'unknown'])[1 + i %% 3],
               CASE WHEN i %% 10 <> 0 THEN d + interval '2 hours' END,
               i %% 9 = 0, i %% 9 = 0, 1, 1, d, d
          FROM (SELECT i, timestamp '2024-01-01' + (i %% 730) * interval '1 day'
                          + (i %% 24) * interval '1 hour' AS d
                  FROM generate_series(%(first)s, %(last)s) i) series
    """, {
        'prefix': PREFIX, 'company': company.id, 'partners': partner_ids,
        'types': types.ids, 'kinds': types.mapped('kind'), 'ntypes': len(types),
        'product': product.id, 'lots': lot_ids, 'outlets': [o.id for o in outlets],
        'regions': [o.region_id.id for o in outlets], 'open': open_stage.id,
        'resolved': resolved.id, 'first': existing + 1, 'last': size,
    })
    # the repeat-repair flags, as the ORM keeps them on create and write
    env['cs.service.request']._update_repeat_repairs()
    cr.execute("ANALYZE cs_service_request")
    return size


class Bench(object):

    def __init__(self, env, runs, warmup):
        self.env, self.runs, self.warmup = env, runs, warmup
        self.report = env['cs.service.report']
        self.measures = ['request_count', 'resolved_count', 'ontime_response_rate',
                         'first_fix_rate', 'repeat_repair_count', 'resolution_hours',
                         'cost_amount', 'total_cost']

    def _time(self, function):
        for _index in range(self.warmup):
            function()
            self.env.cache.invalidate()
        samples, queries = [], 0
        for _index in range(self.runs):
            self.env.cache.invalidate()
            before = self.env.cr.sql_log_count
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
            queries = self.env.cr.sql_log_count - before
        return statistics.median(samples), max(samples), queries

    def _pivot(self, groupby):
        return lambda: self.report.read_group([], [groupby.split(':')[0]] + self.measures,
                                              [groupby], lazy=False)

    def figures(self):
        export = self.env['cs.service.xlsx.export'].create({
            'date_from': '2025-01-01', 'date_to': '2025-12-31', 'group_by': 'type_id'})
        domain = export._domain()
        rows = [
            ('pivot: KPIs by service type', self._pivot('type_id')),
            ('pivot: KPIs by region', self._pivot('region_id')),
            ('pivot: KPIs by month', self._pivot('date_request:month')),
            ('export query: one year, by type + totals',
             lambda: export.kpi_groups(domain, 'type_id')),
            ('complete .xlsx export (one year)', export._build),
        ]
        groups = self.report.read_group([], ['type_id'] + self.measures, ['type_id'], lazy=False)
        return [(label,) + self._time(function) for label, function in rows], groups


def main(argv=None):
    parser = harness.arguments('bench.bench_service', __doc__, db='csm_h5_bench')
    parser.add_argument('--size', type=int, default=200000, help='number of service requests')
    harness.runs_arguments(parser, runs=7, warmup=2)
    parser.add_argument('--regenerate', action='store_true',
                        help='delete the generated requests first and insert them again')
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    with harness.environment(registry, commit=True) as env:
        start = time.perf_counter()
        count = generate(env, args.size, args.regenerate)
        env.cr.commit()
        generated = time.perf_counter() - start
    with harness.environment(registry) as env:
        env.cr.execute("SELECT count(*) FROM cs_service_request")
        total = env.cr.fetchone()[0]
        results, groups = Bench(env, args.runs, args.warmup).figures()
    harness.report('Service KPI benchmark: database %s, %s service requests (%s generated, '
                   '%.0f s), median of %d runs after %d warm-up runs' % (
                       args.db, '{:,}'.format(total), '{:,}'.format(count), generated,
                       args.runs, args.warmup))
    harness.print_table(
        [Column('figure'), Column('median', 's', '%.3f'), Column('max', 's', '%.3f'),
         Column('SQL queries', fmt='%d'), Column('under %.0f s' % TARGET_SECONDS)],
        [(label, median, worst, queries, 'yes' if worst < TARGET_SECONDS else 'NO')
         for label, median, worst, queries in results])
    print()
    print('KPIs by service type (whole database):')
    harness.print_table(
        [Column('service type'), Column('requests', fmt='%d'), Column('on time', '%', '%.1f'),
         Column('first fix', '%', '%.1f'), Column('repeat repairs', fmt='%d'),
         Column('resolution', 'h', '%.1f'), Column('cost/request', fmt='%.1f')],
        [(group['type_id'][1] if group['type_id'] else '-', group['request_count'],
          group['ontime_response_rate'] or 0.0, group['first_fix_rate'] or 0.0,
          group['repeat_repair_count'], group['resolution_hours'] or 0.0,
          group['cost_amount'] or 0.0) for group in groups])
    harness.finish(args)


if __name__ == '__main__':
    main()
