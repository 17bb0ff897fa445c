"""Screens at scale (issue 11, item 6): not a test, a printed table.

With 100 000 sale orders, 100 000 complaints and 10 000 customers, the server time and the
SQL query count of loading, the way the web client loads them:

* the sale order list (tree view fields plus the credit columns: limit, exposure, available,
  overdue, grade), as a salesperson (own orders) and as the sales manager;
* the credit hold queue, as a credit controller;
* the complaint kanban (``read_group`` by stage, then each column's cards) and list, as a
  customer service agent;
* the customer form with every tab (its fields incl. the smart-button counts, each
  one2many/many2many list of the form), as admin and as the salesperson;
* the service request list, as a customer service manager.

Each screen is loaded showing 10 and 80 rows (for the form: 10 and 80 lines in each
x2many list): the query count must not grow with the rows shown.  Calls go through the ORM
in-process as the role's user (access rights and record rules apply), the environment cache
is cleared before every run (a new request), the registry caches stay warm (a running
server); the table shows medians.

Data (generated once per database with SQL, reusing the generators of bench_credit,
bench_complaint and bench_service): 10 000 customers (one in ten the salesperson's, credit
limits, grades, terms), 100 000 confirmed uninvoiced orders spread over them (one in ten
the salesperson's; 300 more quotations on credit hold), 100 000 complaints over the same
customers, 20 000 service requests.  From the project root::

    .venv/bin/python -m bench.bench_screens [--db csm_screens_bench] [--runs 5] [--update]
"""
import statistics
import time

from bench import bench_complaint, bench_credit, bench_service, harness
from bench.harness import Column

PREFIX = 'CSM-SCR'  # ref of the generated customers
HELD = 300  # quotations on credit hold (the hold queue)
TARGET_MS = 1000


# ---------------------------------------------------------------------- data generation
class ComplaintGenerator(bench_complaint.Generator):
    """bench_complaint's complaints, over the given customers."""

    def __init__(self, env, customers):
        super(ComplaintGenerator, self).__init__(env)
        self.customers = customers

    def _customers(self):
        return self.customers


class Generator(object):

    def __init__(self, env, args):
        self.env, self.cr, self.args = env, env.cr, args
        self.company = env.user.company_id

    def users(self):
        Users = self.env['res.users'].with_context(no_reset_password=True)
        result = {}
        for login, groups in [
                ('scr_sales', ['sales_team.group_sale_salesman']),
                ('scr_salesmgr', ['sales_team.group_sale_manager']),
                ('scr_credit', ['customer_service_mgmt.group_credit_controller',
                                'account.group_account_invoice'])]:
            user = Users.search([('login', '=', login)])
            result[login] = user or Users.create({
                'name': login, 'login': login, 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]})
        return result

    def ensure(self):
        users = self.users()
        self.cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE %s", (PREFIX + '-%',))
        if self.cr.fetchone()[0]:
            return users
        started = time.time()
        customers = self._customers(users['scr_sales'])
        harness.say('%d customers in %.1f s' % (len(customers), time.time() - started))
        self._orders(customers, users)
        harness.say('%d orders in %.1f s' % (self.args.orders, time.time() - started))
        ComplaintGenerator(self.env, customers).ensure(self.args.complaints)
        harness.say('%d complaints in %.1f s' % (self.args.complaints, time.time() - started))
        bench_service.generate(self.env, self.args.requests)
        # the service requests over the same customers
        self.cr.execute("""
            UPDATE cs_service_request SET partner_id = (%s::int[])[1 + id %% %s]
            WHERE name LIKE %s""", (customers.ids, len(customers), bench_service.PREFIX + '-%'))
        # bulk inserts bypass the ORM: the stored salespeople of the documents as it keeps them
        # (when the add-on has them: a database built before they existed gets them filled
        # on its upgrade)
        for table in ('cs_complaint', 'cs_service_request'):
            if 'cs_partner_user_id' in self.env[table.replace('_', '.')]._fields:
                self.cr.execute("""
                    UPDATE {0} d SET cs_partner_user_id = p.user_id
                    FROM res_partner p WHERE p.id = d.partner_id""".format(table))
            self.cr.execute('ANALYZE %s' % table)
        for table in ('res_partner', 'sale_order', 'sale_order_line', 'cs_credit_exposure',
                      'cs_credit_due'):
            self.cr.execute('ANALYZE %s' % table)
        self.cr.commit()
        harness.say('generated in %.1f s' % (time.time() - started))
        return users

    def _customers(self, salesman):
        """Customers (companies) with credit profiles; one in ten is the salesperson's."""
        grades = self.env['cs.credit.grade'].search([]).ids
        self.cr.execute("""
            INSERT INTO res_partner (name, display_name, ref, is_company, customer, supplier,
                employee, active, type, lang, tz, company_id, user_id, credit_limit,
                cs_credit_terms_days, cs_credit_grade_id, color, partner_share,
                invoice_warn, picking_warn, sale_warn, create_uid, create_date, write_uid, write_date)
            SELECT 'Bench Screen Customer ' || g, 'Bench Screen Customer ' || g,
                   %(prefix)s || '-' || g, true, true, false, false, true, 'contact', 'zh_CN',
                   'Asia/Shanghai', %(company)s, CASE WHEN g %% 10 = 0 THEN %(salesman)s END,
                   CASE WHEN g %% 7 = 0 THEN 0 ELSE 100000 + (g %% 50) * 10000 END,
                   (g %% 4) * 10, (%(grades)s::int[])[1 + g %% %(ngrades)s], 0, true,
                   'no-message', 'no-message', 'no-message', %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM generate_series(1, %(count)s) g
            RETURNING id""", {'prefix': PREFIX, 'company': self.company.id,
                              'salesman': salesman.id, 'grades': grades, 'ngrades': len(grades),
                              'uid': self.env.uid, 'count': self.args.customers})
        ids = [row[0] for row in self.cr.fetchall()]
        self.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id IN %s",
                        (tuple(ids),))
        return self.env['res.partner'].browse(sorted(ids))

    def _orders(self, customers, users):
        """bench_credit's confirmed, uninvoiced orders over the customers (their salesperson
        sells one in ten orders); the last HELD become quotations on credit hold."""
        credit = bench_credit.Generator(self.env)
        salesman, admin = users['scr_sales'].id, self.env.uid
        credit._orders(customers[0], self.args.orders, partner_ids=customers.ids,
                       user_ids=[salesman] + [admin] * 9)
        self.cr.execute("""
            WITH held AS (SELECT id FROM sale_order WHERE name LIKE %s ORDER BY id DESC LIMIT %s)
            UPDATE sale_order o SET state = 'draft', credit_hold = true, credit_hold_kind = 'policy',
                   credit_hold_date = now() at time zone 'UTC', confirmation_date = NULL,
                   credit_hold_reason = 'Exposure plus this amount exceeds the credit limit.',
                   credit_hold_limit = 100000, credit_hold_exposure = 99000,
                   credit_hold_amount = o.amount_total, credit_approved_amount = 0
            FROM held WHERE o.id = held.id""", (bench_credit.PREFIX + '/SO/%', HELD))
        # their lines leave the exposure (the triggers fire on this update)
        self.cr.execute("""
            UPDATE sale_order_line l SET state = 'draft', cs_uninvoiced_amount = 0,
                   qty_to_invoice = 0, invoice_status = 'no'
            FROM sale_order o WHERE o.id = l.order_id AND o.credit_hold""")


# ---------------------------------------------------------------------- the web client's calls
def _view_fields(Model, view_type, view_xmlid=None):
    view_id = Model.env.ref(view_xmlid).id if view_xmlid else None
    return Model.fields_view_get(view_id=view_id, view_type=view_type)


def load_list(Model, domain, fields, limit, order=None):
    """/web/dataset/search_read: the page of records, then the total when the page is full."""
    records = Model.search_read(domain, fields, limit=limit, order=order)
    if len(records) == limit:
        Model.search_count(domain)
    return records


def load_kanban(Model, domain, fields, groupby, limit):
    """The grouped kanban: read_group for the columns, then the cards of each column."""
    groups = Model.read_group(domain, sorted(set(fields) | {groupby}), [groupby], lazy=True)
    for group in groups:
        if group.get('%s_count' % groupby):
            load_list(Model, group['__domain'], fields, limit)
    return groups


def load_form(Model, record_id, view, limit):
    """The form: read of its fields (counts of the smart buttons included), then the lines of
    each one2many/many2many list in it (the first ``limit``)."""
    record = Model.browse(record_id).read(list(view['fields']))[0]
    for name, description in view['fields'].items():
        if description['type'] not in ('one2many', 'many2many') or not record.get(name):
            continue
        subviews = description.get('views') or {}
        Lines = Model.env[description['relation']]
        if 'tree' in subviews:
            line_fields = list(subviews['tree']['fields'])
        elif 'kanban' in subviews:
            line_fields = list(subviews['kanban']['fields'])
        else:
            line_fields = list(Lines.fields_view_get(view_type='tree')['fields'])
        Lines.browse(record[name][:limit]).read(line_fields)
    return record


# ---------------------------------------------------------------------- measurements
CREDIT_COLUMNS = ['cs_credit_limit', 'cs_credit_exposure', 'cs_credit_available',
                  'cs_credit_overdue', 'cs_credit_grade_id']


class Screens(object):

    def __init__(self, registry, users, runs, warmup):
        self.registry, self.users, self.runs, self.warmup = registry, users, runs, warmup

    def _measure(self, uid, load):
        """Median time and query count of ``load(env, limit)`` for 10 and 80 rows."""
        result = {}
        context = {'lang': 'en_US', 'tz': 'Asia/Shanghai'}
        with harness.environment(self.registry, uid, context) as env:
            cr = env.cr
            for limit in (10, 80):
                times, queries = [], []
                for run in range(self.warmup + self.runs):
                    env.cache.invalidate()
                    before = cr.sql_log_count
                    started = time.perf_counter()
                    load(env, limit)
                    elapsed = (time.perf_counter() - started) * 1000
                    if run >= self.warmup:
                        times.append(elapsed)
                        queries.append(cr.sql_log_count - before)
                result[limit] = (statistics.median(times), max(queries))
        return result

    def screens(self, env):
        """(label, login or None for admin, load)."""
        SaleOrder = env['sale.order']
        sales, credit = self.users['scr_sales'], self.users['scr_credit']

        def order_list(env, limit):
            Model = env['sale.order']
            view = _view_fields(Model, 'tree', 'sale.view_order_tree')
            load_list(Model, [('state', 'not in', ('draft', 'sent', 'cancel'))],
                      list(view['fields']) + CREDIT_COLUMNS, limit)

        def hold_queue(env, limit):
            Model = env['sale.order']
            view = _view_fields(Model, 'tree', 'customer_service_mgmt.view_cs_credit_hold_tree')
            load_list(Model, [('credit_hold', '=', True), ('state', 'in', ('draft', 'sent'))],
                      list(view['fields']), limit)

        def complaint_kanban(env, limit):
            Model = env['cs.complaint']
            view = _view_fields(Model, 'kanban')
            load_kanban(Model, [], list(view['fields']), 'stage_id', limit)

        def complaint_list(env, limit):
            Model = env['cs.complaint']
            view = _view_fields(Model, 'tree')
            load_list(Model, [], list(view['fields']), limit)

        def service_list(env, limit):
            Model = env['cs.service.request']
            view = _view_fields(Model, 'tree')
            load_list(Model, [], list(view['fields']), limit)

        # the salesperson's customer with the most orders
        env.cr.execute("""
            SELECT o.partner_id FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
            WHERE p.user_id = %s GROUP BY o.partner_id ORDER BY count(*) DESC, o.partner_id
            LIMIT 1""", (sales.id,))
        customer_id = env.cr.fetchone()[0]

        def customer_form(env, limit):
            Model = env['res.partner']
            view = _view_fields(Model, 'form')
            load_form(Model, customer_id, view, limit)

        agent = env['res.users'].search([('login', '=', 'cpb_agent_0')])
        manager = env['res.users'].search([('login', '=', 'cpb_reporter')])
        return [
            ('sale order list + credit columns (salesperson)', sales, order_list),
            ('sale order list + credit columns (sales manager)', self.users['scr_salesmgr'],
             order_list),
            ('credit hold queue (credit controller)', credit, hold_queue),
            ('complaint kanban by stage (CS agent)', agent, complaint_kanban),
            ('complaint list (CS agent)', agent, complaint_list),
            ('customer form, all tabs (admin)', None, customer_form),
            ('customer form, all tabs (salesperson)', sales, customer_form),
            ('service request list (CS manager)', manager, service_list),
        ], SaleOrder

    def measure(self):
        from odoo import SUPERUSER_ID
        with harness.environment(self.registry) as env:
            screens, _model = self.screens(env)
            screens = [(label, user.id if user else SUPERUSER_ID, load)
                       for label, user, load in screens]
        rows = []
        for label, uid, load in screens:
            result = self._measure(uid, load)
            rows.append((label, result))
            harness.say('%-50s %s' % (label, result))
        return rows


COLUMNS = [Column('screen'), Column('10 rows', 'ms', '%.0f'), Column('queries (10)', fmt='%d'),
           Column('80 rows', 'ms', '%.0f'), Column('queries (80)', fmt='%d'),
           Column('target', 'ms', '%d')]


def main(argv=None):
    parser = harness.arguments('bench.bench_screens', __doc__, db='csm_screens_bench')
    parser.add_argument('--customers', type=int, default=10000)
    parser.add_argument('--orders', type=int, default=100000)
    parser.add_argument('--complaints', type=int, default=100000)
    parser.add_argument('--requests', type=int, default=20000)
    harness.runs_arguments(parser, runs=5, warmup=1)
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    with harness.environment(registry, commit=True) as env:
        users = Generator(env, args).ensure()
    rows = Screens(registry, users, args.runs, args.warmup).measure()
    harness.report('Screens benchmark: database %s, %d customers, %d orders, %d complaints, %d '
                   'service requests; median of %d runs' % (
                       args.db, args.customers, args.orders, args.complaints, args.requests,
                       args.runs))
    harness.print_table(COLUMNS, [(label, result[10][0], result[10][1], result[80][0],
                                   result[80][1], TARGET_MS) for label, result in rows])
    harness.finish(args)


if __name__ == '__main__':
    main()
