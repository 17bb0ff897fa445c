"""Customer base benchmark (SPEC §5, issue 7 'Speed'): not a test, a printed table.

Over 100 000 customers with 1 000 000 customer invoice lines (250 000 invoices and credit
notes over the last ~13 months) and 500 000 confirmed sale orders, all generated with SQL
(generate_series) in the main company, it times

* the ABC classification (``cs.customer.segment.compute_abc``: one statement ranking every
  customer's trailing-12-month revenue with window functions, upserting the classes and
  writing the class changes to ``cs.abc.history``),
* the lost-customer detection (``cs.customer.segment.detect_churn``: one statement over
  the confirmed orders),

each three times: a first run (every row inserted, every class a change), a second one the
same day (nothing changed: nothing rewritten) and a third one dated 30 days later (the
twelve-month window slid: revenues, ranks and statuses change, most rows are rewritten).  Target: under 10 s each.  Memory: the work happens in PostgreSQL;
the Odoo process' peak RSS (``resource.getrusage``, the benchmark runs Odoo in-process) is
printed after each step and must not grow with the data.  From the project root::

    .venv/bin/python -m bench.bench_customer_base [--db csm_h7_bench] [--customers 100000]

The data is generated once per database and committed (a few minutes); the measured runs
are committed too (the second run measures updates of existing rows).
"""
import datetime
import resource
import time

from bench import harness
from bench.harness import Column

PREFIX = 'CSM-CB'  # ref of the generated customers
INVOICES_PER_CUSTOMER = 2.5
LINES_PER_INVOICE = 4
ORDERS_PER_CUSTOMER = 5


def _peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


class Generator(object):
    """Customers, invoices with their lines and confirmed orders, inserted with SQL."""

    def __init__(self, env, customers):
        self.env = env
        self.cr = env.cr
        self.size = customers
        company = env.user.company_id
        journal = env['account.journal'].search([('type', '=', 'sale'),
                                                 ('company_id', '=', company.id)], limit=1)
        receivable = env['ir.property'].get('property_account_receivable_id', 'res.partner')
        warehouse = env['stock.warehouse'].search([('company_id', '=', company.id)], limit=1)
        pricelist = env['product.pricelist'].search([], limit=1)
        self.params = {
            'prefix': PREFIX, 'company': company.id, 'currency': company.currency_id.id,
            'journal': journal.id, 'receivable': receivable.id,
            'revenue': journal.default_credit_account_id.id, 'warehouse': warehouse.id,
            'pricelist': pricelist.id, 'uid': env.uid, 'customers': customers,
            'invoices': int(customers * INVOICES_PER_CUSTOMER), 'lines': LINES_PER_INVOICE,
            'orders': customers * ORDERS_PER_CUSTOMER,
        }

    def generated(self):
        self.cr.execute("SELECT COUNT(*) FROM res_partner WHERE ref LIKE %s", (PREFIX + '-%',))
        return self.cr.fetchone()[0]

    def run(self):
        if self.generated() >= self.size:
            return False
        started = time.time()
        cr, params = self.cr, self.params
        # customers: 100 000 companies; revenue falls with the customer number modulo
        # 5 000, so many customers tie (same revenue) and the classes are Pareto-like
        cr.execute("""
            CREATE TEMP TABLE bench_customers AS
            SELECT g, nextval('res_partner_id_seq') AS id
            FROM generate_series(1, %(customers)s) g""", params)
        cr.execute("""
            INSERT INTO res_partner (id, name, display_name, ref, is_company, customer, supplier,
                                     active, type, commercial_partner_id, company_id,
                                     invoice_warn, picking_warn, sale_warn,
                                     create_uid, create_date, write_uid, write_date)
            SELECT id, 'Bench Customer ' || g, 'Bench Customer ' || g, %(prefix)s || '-' || g,
                   true, true, false, true, 'contact', id, NULL,
                   'no-message', 'no-message', 'no-message',
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_customers""", params)
        # invoices (every 20th a credit note) over the last 400 days, state paid (no
        # effect on the credit exposure triggers), 4 lines each: 1 000 000 lines
        cr.execute("""
            CREATE TEMP TABLE bench_invoices AS
            SELECT i, nextval('account_invoice_id_seq') AS id,
                   c.id AS partner_id, c.g AS customer,
                   CASE WHEN i %% 20 = 0 THEN 'out_refund' ELSE 'out_invoice' END AS type,
                   (CURRENT_DATE - (i %% 400))::date AS date_invoice
            FROM generate_series(1, %(invoices)s) i
            JOIN bench_customers c ON c.g = 1 + (i - 1) %% %(customers)s""", params)
        cr.execute("""
            INSERT INTO account_invoice (id, number, type, state, reference_type, date_invoice,
                                         date, partner_id, commercial_partner_id, account_id,
                                         currency_id, journal_id, company_id, user_id,
                                         create_uid, create_date, write_uid, write_date)
            SELECT id, %(prefix)s || '/' || i, type, 'paid', 'none', date_invoice, date_invoice,
                   partner_id, partner_id, %(receivable)s, %(currency)s, %(journal)s,
                   %(company)s, %(uid)s,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_invoices""", params)
        cr.execute("""
            INSERT INTO account_invoice_line (invoice_id, name, account_id, quantity, price_unit,
                                              price_subtotal, price_total, price_subtotal_signed,
                                              company_id, partner_id, currency_id, sequence,
                                              create_uid, create_date, write_uid, write_date)
            SELECT inv.id, 'Bench goods', %(revenue)s, 1, amount.value, amount.value,
                   amount.value,
                   CASE WHEN inv.type = 'out_refund' THEN -amount.value ELSE amount.value END,
                   %(company)s, inv.partner_id, %(currency)s, l,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_invoices inv
            CROSS JOIN generate_series(1, %(lines)s) l
            CROSS JOIN LATERAL (SELECT round((100000.0 / (1 + inv.customer %% 5000)
                                             * (1 + l %% 3))::numeric, 2) AS value) amount
            """, params)
        # the invoices' untaxed totals, as Odoo keeps them (sum of the lines, signed)
        cr.execute("""
            UPDATE account_invoice inv
            SET amount_untaxed = ABS(total.amount), amount_untaxed_signed = total.amount,
                amount_total = ABS(total.amount), amount_total_signed = total.amount,
                amount_total_company_signed = total.amount
            FROM (SELECT invoice_id, SUM(price_subtotal_signed) AS amount
                  FROM account_invoice_line GROUP BY invoice_id) total
            WHERE total.invoice_id = inv.id AND inv.number LIKE %(prefix)s || '/%%'""", params)
        # confirmed orders: each customer orders every 10-69 days, the last order 0-299 days
        # ago, so the detection finds active, at-risk and lost customers
        cr.execute("""
            INSERT INTO sale_order (name, state, date_order, confirmation_date, partner_id,
                                    partner_invoice_id, partner_shipping_id, pricelist_id,
                                    picking_policy, warehouse_id, company_id,
                                    user_id, create_uid, create_date, write_uid, write_date)
            SELECT %(prefix)s || '/SO/' || o, 'sale', confirmed, confirmed, c.id, c.id, c.id,
                   %(pricelist)s, 'direct', %(warehouse)s, %(company)s, %(uid)s,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM generate_series(1, %(orders)s) o
            JOIN bench_customers c ON c.g = 1 + (o - 1) %% %(customers)s
            CROSS JOIN LATERAL (
                SELECT (now() at time zone 'UTC')
                       - ((c.g %% 300) + ((o - 1) / %(customers)s) * (10 + c.g %% 60))
                         * interval '1 day' AS confirmed) dates""", params)
        for table in ('res_partner', 'account_invoice', 'account_invoice_line', 'sale_order'):
            cr.execute('ANALYZE %s' % table)
        cr.commit()
        harness.say('generated %d customers, %d invoices, %d invoice lines, %d orders in %.0f s'
                    % (self.size, params['invoices'], params['invoices'] * LINES_PER_INVOICE,
                       params['orders'], time.time() - started))
        return True


def _measure(env, label, method, rows_of):
    cr = env.cr
    before = _peak_rss_mb()
    started = time.time()
    result = method()
    cr.commit()
    elapsed = time.time() - started
    return (label, rows_of(result), elapsed, _peak_rss_mb(), _peak_rss_mb() - before)


COLUMNS = [Column('step'), Column('result'), Column('time', 's', '%.2f'),
           Column('peak RSS', 'MB', '%.0f'), Column('RSS growth', 'MB', '%.1f')]


def main(argv=None):
    parser = harness.arguments('bench.bench_customer_base', __doc__, db='csm_h7_bench')
    parser.add_argument('--customers', type=int, default=100000, help='number of customers')
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    rows = []
    with harness.environment(registry, commit=True) as env:
        cr = env.cr
        Generator(env, args.customers).run()
        company = env.user.company_id
        segment = env['cs.customer.segment']
        cr.execute("SELECT COUNT(*) FROM account_invoice_line")
        lines = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM sale_order WHERE state IN ('sale', 'done')")
        orders = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM res_partner WHERE customer AND is_company")
        customers = cr.fetchone()[0]
        rows.append(('Peak RSS before the measured steps', '', 0.0, _peak_rss_mb(), 0.0))
        today = datetime.date.today()
        for run, when in (('1st run (every row new)', today),
                          ('2nd run (same day, nothing changed)', today),
                          ('3rd run (30 days later: window slid)',
                           today + datetime.timedelta(days=30))):
            rows.append(_measure(
                env, 'ABC classification, %s' % run,
                lambda: segment.compute_abc(company, date=str(when)),
                lambda result: '%d rows written, %d class changes' % result))
            rows.append(_measure(
                env, 'Lost-customer detection, %s' % run,
                lambda: segment.detect_churn(company, date=str(when)),
                lambda result: '%s; %d rows written' % (', '.join(
                    '%s %d' % item for item in sorted(result[0].items())), result[1])))
        cr.execute("SELECT abc_class, COUNT(*) FROM cs_customer_segment "
                   "WHERE company_id = %s GROUP BY abc_class ORDER BY abc_class", (company.id,))
        classes = cr.fetchall()
    harness.report('Customer base benchmark: database %s, %d customers, %d invoice lines, %d '
                   'confirmed orders' % (args.db, customers, lines, orders),
                   'Classes: %s' % ', '.join('%s %d' % (name or '-', count)
                                             for name, count in classes))
    harness.print_table(COLUMNS, rows)
    harness.finish(args)


if __name__ == '__main__':
    main()
