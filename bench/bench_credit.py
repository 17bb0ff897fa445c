"""Credit policy benchmark (SPEC §1, issue 3 'Speed'): not a test, a printed table.

For customers with N = 0, 1 000, 10 000, 50 000 open invoices AND N open (confirmed,
uninvoiced) sale orders, the median over --runs runs of:

* confirming a new one-line quotation with the credit policy (``order.action_confirm()``),
* the same without the policy (the host's ``action_confirm``, i.e. the next class after the
  add-on's in the MRO: sale / sale_stock, pickings included),
* the time spent inside the policy during the confirmation (``hold_order_if_refused``),
* the policy check alone (``cs.credit.policy.check_order``), also for the customer once
  its invoices are overdue,
* validating a one-line draft invoice (``action_invoice_open``, with the company's credit
  checkpoint at invoice validation switched on),

with the SQL query count of each (as the superuser).  Every measured run is rolled back
(savepoint), so the
N rows stay as generated.  The data is generated once per database with SQL bulk inserts
(the ORM would take hours for 50 000 invoices) and committed; the exposure triggers fire on
those inserts as they do in production.  From the project root::

    .venv/bin/python -m bench.bench_credit [--db csm_h4_bench] [--sizes 0,1000] [--runs 15]
"""
import statistics
import time

from bench import harness
from bench.harness import Column

DEFAULT_SIZES = (0, 1000, 10000, 50000)
PREFIX = 'CSM-BENCH'  # ref of the generated customers, prefix of generated document names


# ---------------------------------------------------------------------- data generation
class Generator(object):
    """Customers with N open invoices and N open orders, inserted in bulk with SQL.  Also
    works on a database without the add-on (bench_credit_peers: plain Odoo, OCA module):
    the add-on's columns are then left out."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.addon = 'cs.credit.policy' in env.registry
        self.company = env.user.company_id
        self.currency = self.company.currency_id
        self.journal = env['account.journal'].search([('type', '=', 'sale'),
                                                      ('company_id', '=', self.company.id)], limit=1)
        self.warehouse = env['stock.warehouse'].search([('company_id', '=', self.company.id)],
                                                       limit=1)
        self.product = self._product()

    def _product(self):
        product = self.env['product.product'].search([('default_code', '=', PREFIX)], limit=1)
        return product or self.env['product.product'].create({
            'name': 'Bench cabinet hinge', 'default_code': PREFIX, 'type': 'consu',
            'list_price': 100.0, 'invoice_policy': 'order', 'taxes_id': [(6, 0, [])]})

    def customer(self, size):
        """The customer with ``size`` open invoices and orders (generated when missing)."""
        ref = '%s-%d' % (PREFIX, size)
        partner = self.env['res.partner'].search([('ref', '=', ref)], limit=1)
        if partner:
            return partner
        started = time.time()
        values = {'name': 'Bench Customer %d' % size, 'ref': ref, 'is_company': True,
                  'customer': True}
        if self.addon:
            values['cs_credit_terms_days'] = 30
        partner = self.env['res.partner'].create(values)
        if size:
            self._invoices(partner, size)
            self._orders(partner, size)
        for table in ('account_move', 'account_move_line', 'account_invoice',
                      'account_invoice_line', 'sale_order', 'sale_order_line') \
                + (('cs_credit_exposure',) if self.addon else ()):
            self.cr.execute('ANALYZE %s' % table)
        self.env.cache.invalidate()
        if self.addon:
            exposure = self.env['cs.credit.policy'].figures(partner, self.company).exposure
        else:  # open invoices plus open orders, as generated
            self.cr.execute("""SELECT COALESCE(SUM(amount_residual), 0) FROM account_move_line
                               WHERE partner_id = %s""", [partner.id])
            exposure = self.cr.fetchone()[0] * 2
        # a limit the benchmark orders pass: measure the confirmation, not the hold
        partner.write({'credit_limit': round(exposure * 2 + 1000000.0)})
        self.cr.commit()
        print('[bench] generated N=%d in %.1f s (exposure %.2f)'
              % (size, time.time() - started, exposure), flush=True)
        return partner

    def _ids(self, size, partner_ids=None, user_ids=None):
        """Temporary table of the rows to insert: ids taken from the tables' sequences; the
        orders' customers and salespeople taken in turn from ``partner_ids``/``user_ids``
        (default: one customer, the superuser)."""
        partner_ids = partner_ids or [0]
        user_ids = user_ids or [self.env.uid]
        self.cr.execute("DROP TABLE IF EXISTS bench_rows")
        self.cr.execute("""
            CREATE TEMP TABLE bench_rows AS
            SELECT g,
                   (%s::int[])[1 + g %% %s] AS partner_id,
                   (%s::int[])[1 + g %% %s] AS user_id,
                   nextval('account_move_id_seq') AS move_id,
                   nextval('account_invoice_id_seq') AS invoice_id,
                   nextval('sale_order_id_seq') AS order_id,
                   (100 + (g %% 50) * 10)::numeric AS amount,
                   (CURRENT_DATE - (g %% 60))::date AS date_invoice,
                   -- 30 days to pay: some invoices are due, some late but within the
                   -- customer's 30 days of credit terms, none beyond (orders must pass)
                   (CURRENT_DATE - (g %% 60) + 30)::date AS date_due
            FROM generate_series(1, %s) g""", (partner_ids, len(partner_ids), user_ids,
                                               len(user_ids), size))

    def _invoices(self, partner, size):
        self._ids(size)
        receivable = partner.property_account_receivable_id
        revenue = self.journal.default_credit_account_id
        params = {
            'partner': partner.id, 'company': self.company.id, 'currency': self.currency.id,
            'journal': self.journal.id, 'receivable': receivable.id,
            'receivable_type': receivable.user_type_id.id, 'revenue': revenue.id,
            'revenue_type': revenue.user_type_id.id, 'uid': self.env.uid,
            'product': self.product.id, 'uom': self.product.uom_id.id,
            'prefix': '%s/%d/' % (PREFIX, partner.id),
        }
        self.cr.execute("""
            INSERT INTO account_move (id, name, ref, date, journal_id, currency_id, state, partner_id,
                                      amount, company_id, matched_percentage,
                                      create_uid, create_date, write_uid, write_date)
            SELECT move_id, %(prefix)s || g, %(prefix)s || g, date_invoice, %(journal)s, %(currency)s,
                   'posted', %(partner)s, amount, %(company)s, 0,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)
        self.cr.execute("""
            INSERT INTO account_invoice (id, number, move_name, type, state, reference_type, sent,
                date_invoice, date_due, date, partner_id, commercial_partner_id, partner_shipping_id,
                account_id, move_id, amount_untaxed, amount_untaxed_signed, amount_tax, amount_total,
                amount_total_signed, amount_total_company_signed, currency_id, journal_id, company_id,
                reconciled, residual, residual_signed, residual_company_signed, user_id,
                create_uid, create_date, write_uid, write_date)
            SELECT invoice_id, %(prefix)s || g, %(prefix)s || g, 'out_invoice', 'open', 'none', false,
                   date_invoice, date_due, date_invoice, %(partner)s, %(partner)s, %(partner)s,
                   %(receivable)s, move_id, amount, amount, 0, amount,
                   amount, amount, %(currency)s, %(journal)s, %(company)s,
                   false, amount, amount, amount, %(uid)s,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)
        self.cr.execute("""
            INSERT INTO account_invoice_line (name, sequence, invoice_id, uom_id, product_id, account_id,
                price_unit, price_subtotal, price_total, price_subtotal_signed, quantity, discount,
                company_id, partner_id, currency_id, is_rounding_line,
                create_uid, create_date, write_uid, write_date)
            SELECT 'Bench cabinet hinge', 10, invoice_id, %(uom)s, %(product)s, %(revenue)s,
                   amount, amount, amount, amount, 1, 0,
                   %(company)s, %(partner)s, %(currency)s, false,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)
        # the receivable line (open: amount_residual) and the revenue line of each invoice
        self.cr.execute("""
            INSERT INTO account_move_line (name, quantity, product_uom_id, product_id, debit, credit,
                balance, debit_cash_basis, credit_cash_basis, balance_cash_basis, amount_currency,
                company_currency_id, amount_residual, amount_residual_currency, account_id, move_id,
                ref, reconciled, journal_id, blocked, date_maturity, date, company_id, invoice_id,
                partner_id, user_type_id, tax_exigible, create_uid, create_date, write_uid, write_date)
            SELECT '/', 1, NULL, NULL, amount, 0,
                   amount, amount, 0, amount, 0,
                   %(currency)s, amount, 0, %(receivable)s, move_id,
                   %(prefix)s || g, false, %(journal)s, false, date_due, date_invoice, %(company)s,
                   invoice_id, %(partner)s, %(receivable_type)s, true,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows
            UNION ALL
            SELECT 'Bench cabinet hinge', 1, %(uom)s, %(product)s, 0, amount,
                   -amount, 0, amount, -amount, 0,
                   %(currency)s, 0, 0, %(revenue)s, move_id,
                   %(prefix)s || g, false, %(journal)s, false, date_invoice, date_invoice, %(company)s,
                   invoice_id, %(partner)s, %(revenue_type)s, true,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)

    def _orders(self, partner, size, partner_ids=None, user_ids=None):
        """``size`` confirmed, uninvoiced orders of ``partner`` (or of ``partner_ids`` in
        turn, sold by ``user_ids`` in turn)."""
        from psycopg2.extensions import AsIs
        self._ids(size, partner_ids=partner_ids or [partner.id], user_ids=user_ids)
        params = {
            'partner': partner.id, 'company': self.company.id, 'currency': self.currency.id,
            'pricelist': partner.property_product_pricelist.id, 'warehouse': self.warehouse.id,
            'uid': self.env.uid, 'product': self.product.id, 'uom': self.product.uom_id.id,
            'prefix': '%s/SO/%d/' % (PREFIX, partner.id),
        }
        # the add-on's columns: approved amount, uninvoiced amount (as their computes give
        # them for a confirmed, uninvoiced order)
        params['order_cols'] = AsIs(', credit_hold, credit_approved_amount' if self.addon else '')
        params['order_vals'] = AsIs(', false, amount' if self.addon else '')
        params['line_cols'] = AsIs(', cs_uninvoiced_amount' if self.addon else '')
        params['line_vals'] = AsIs(', amount' if self.addon else '')
        self.cr.execute("""
            INSERT INTO sale_order (id, name, state, date_order, confirmation_date, user_id, partner_id,
                partner_invoice_id, partner_shipping_id, pricelist_id, invoice_status, amount_untaxed,
                amount_tax, amount_total, company_id, picking_policy, warehouse_id %(order_cols)s,
                create_uid, create_date, write_uid, write_date)
            SELECT order_id, %(prefix)s || g, 'sale', date_invoice, date_invoice, user_id, partner_id,
                   partner_id, partner_id, %(pricelist)s, 'to invoice', amount,
                   0, amount, %(company)s, 'direct', %(warehouse)s %(order_vals)s,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)
        self.cr.execute("""
            INSERT INTO sale_order_line (order_id, name, sequence, invoice_status, price_unit,
                price_subtotal, price_tax, price_total, price_reduce, price_reduce_taxinc,
                price_reduce_taxexcl, discount, product_id, product_uom_qty, product_uom, qty_delivered,
                qty_to_invoice, qty_invoiced, salesman_id, currency_id, company_id, order_partner_id,
                is_downpayment, state, customer_lead, amt_to_invoice, amt_invoiced %(line_cols)s,
                create_uid, create_date, write_uid, write_date)
            SELECT order_id, 'Bench cabinet hinge', 10, 'to invoice', amount,
                   amount, 0, amount, amount, amount,
                   amount, 0, %(product)s, 1, %(uom)s, 0,
                   1, 0, user_id, %(currency)s, %(company)s, partner_id,
                   false, 'sale', 0, amount, 0 %(line_vals)s,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM bench_rows""", params)


# ---------------------------------------------------------------------- measurements
class Bench(object):

    def __init__(self, env, product, runs, warmup):
        self.env = env
        self.cr = env.cr
        self.product = product
        self.runs = runs
        self.warmup = warmup
        self.revenue = env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', env.user.company_id.id)],
            limit=1).default_credit_account_id

    def _rolled_back(self, prepare, measure, cold):
        """(ms, SQL queries, extra figures) of ``measure(prepare())``, inside a savepoint
        that is rolled back.  ``cold``: with an empty record cache, like a new request."""
        self.cr.execute('SAVEPOINT bench_run')
        try:
            subject = prepare()
            if cold:
                self.env.cache.invalidate()
            queries = self.cr.sql_log_count
            started = time.perf_counter()
            extra = measure(subject)
            elapsed = (time.perf_counter() - started) * 1000.0
            return elapsed, self.cr.sql_log_count - queries, extra or {}
        finally:
            self.cr.execute('ROLLBACK TO SAVEPOINT bench_run')
            self.env.clear()

    def _quotation(self, partner):
        return self.env['sale.order'].create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 2,
                                   'price_unit': 150.0, 'tax_id': [(6, 0, [])]})],
        })

    def _loaded_quotation(self, partner):
        """A quotation whose records are loaded as when its confirmation runs (order,
        customer, company, currencies, user): what remains is the credit check's own work."""
        order = self._quotation(partner)
        self.env.cache.invalidate()
        order.name, order.partner_id.commercial_partner_id.name, self.env.user.tz
        order.company_id.currency_id.name, order.pricelist_id.currency_id.name
        return order

    def _overdue_quotation(self, partner):
        """The same once the customer's credit terms are gone: the invoices past their due
        date are now overdue (about half of them), the order would be held."""
        partner.write({'cs_credit_terms_days': 0})
        return self._loaded_quotation(partner)

    def _draft_invoice(self, partner):
        return self.env['account.invoice'].create({
            'partner_id': partner.id, 'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {'name': 'Bench cabinet hinge', 'account_id': self.revenue.id,
                                         'product_id': self.product.id, 'quantity': 2,
                                         'price_unit': 150.0})],
        })

    def _confirm_with_policy(self, order):
        """Confirm, timing the policy's part of it (``hold_order_if_refused``) in place."""
        policy_class = type(self.env['cs.credit.policy'])
        original = policy_class.hold_order_if_refused
        own = 'hold_order_if_refused' in policy_class.__dict__
        probe = {'policy_ms': 0.0, 'policy_sql': 0}
        cr = self.cr

        def timed(policy, record):
            started, queries = time.perf_counter(), cr.sql_log_count
            try:
                return original(policy, record)
            finally:
                probe['policy_ms'] += (time.perf_counter() - started) * 1000.0
                probe['policy_sql'] += cr.sql_log_count - queries

        policy_class.hold_order_if_refused = timed
        try:
            result = order.action_confirm()
        finally:
            if own:
                policy_class.hold_order_if_refused = original
            else:
                del policy_class.hold_order_if_refused
        assert result is True and order.state == 'sale', 'the benchmark order was held: %s' % (
            order.credit_hold_reason,)
        return probe

    def _confirm_without_policy(self, order):
        harness.host_method(order, 'action_confirm')()  # the host's implementation
        assert order.state == 'sale'

    def _check(self, order):
        reasons, _figures = self.env['cs.credit.policy'].check_order(order)
        assert not reasons, reasons

    def _check_overdue(self, order):
        reasons, figures = self.env['cs.credit.policy'].check_order(order)
        assert (figures.overdue > 0) == bool(self.size) == bool(reasons), (figures, reasons)

    def _validate(self, invoice):
        invoice.action_invoice_open()
        assert invoice.state == 'open'

    def _figures(self, partner):
        return {  # name: (prepare, measure, cold cache)
            'with': (lambda: self._quotation(partner), self._confirm_with_policy, True),
            'loaded': (lambda: self._loaded_quotation(partner), self._confirm_with_policy, False),
            'without': (lambda: self._quotation(partner), self._confirm_without_policy, True),
            'check': (lambda: self._loaded_quotation(partner), self._check, False),
            'overdue': (lambda: self._overdue_quotation(partner), self._check_overdue, False),
            'invoice': (lambda: self._draft_invoice(partner), self._validate, True),
        }

    def measure(self, customers):
        """{N: figures} for [(N, customer)].  Each run measures every figure of every N,
        interleaved and in alternating order, so that the load of the machine (other test
        runs) hits every N and every figure alike instead of drifting along the table."""
        figures = {size: self._figures(partner) for size, partner in customers}
        names = list(figures[customers[0][0]]) if customers else []
        samples = {size: {name: [] for name in names} for size, _partner in customers}
        for run in range(self.warmup + self.runs):
            order = customers if run % 2 else customers[::-1]
            for size, _partner in order:
                self.size = size
                for name in (names if run % 2 else names[::-1]):
                    prepare, action, cold = figures[size][name]
                    sample = self._rolled_back(prepare, action, cold)
                    if run >= self.warmup:
                        samples[size][name].append(sample)
            if run >= self.warmup:
                print('[bench] run %d/%d' % (run - self.warmup + 1, self.runs), flush=True)
        return {size: self._summary(samples[size]) for size in samples}

    @staticmethod
    def _summary(samples):
        median = statistics.median
        result = {name: (median(ms for ms, _q, _x in values), median(q for _ms, q, _x in values))
                  for name, values in samples.items()}
        for name, key in (('with', 'policy_cold'), ('loaded', 'policy')):
            result[key] = (median(x['policy_ms'] for _ms, _q, x in samples[name]),
                           median(x['policy_sql'] for _ms, _q, x in samples[name]))
        # difference of the same run's two confirmations (noisy on a busy machine)
        result['difference'] = median(
            with_ms - without_ms for (with_ms, _q1, _x1), (without_ms, _q2, _x2)
            in zip(samples['with'], samples['without']))
        return result


COLUMNS = [
    Column('N', fmt='{:,}', help='open invoices and open orders of the customer'),
    Column('confirm with policy', 'ms', '%.1f',
           help='action_confirm of a new one-line quotation, cold record cache'),
    Column('confirm without', 'ms', '%.1f',
           help="the host's action_confirm (sale, sale_stock), same order"),
    Column('policy overhead', 'ms', '%.1f',
           help="time spent in the policy during a confirmation whose order, customer, "
                "company and user are loaded (the host's confirmation loads them anyway)"),
    Column('policy, cold', 'ms', '%.1f',
           help='the same in a cold confirmation: includes the first reads of those records'),
    Column('with - without', 'ms', '%.1f',
           help='median of the paired differences: noisy on a busy machine'),
    Column('policy check', 'ms', '%.1f', help='check_order alone, records loaded'),
    Column('check, overdue customer', 'ms', '%.1f',
           help='check_order once the credit terms are 0 (about half of the N invoices '
                'overdue: the order would be held)'),
    Column('invoice validation', 'ms', '%.1f',
           help='action_invoice_open of a one-line draft invoice, credit checkpoint at '
                'invoice validation on'),
    Column('SQL: confirm with/without', fmt='%d / %d', help='queries of the two confirmations'),
    Column('SQL: policy', fmt='%d / %d', help='queries inside the policy (loaded / cold)'),
    Column('SQL: invoice validation', fmt='%d', help='queries of the invoice validation'),
]


def _rows(results):
    return [(size, result['with'][0], result['without'][0], result['policy'][0],
             result['policy_cold'][0], result['difference'], result['check'][0],
             result['overdue'][0], result['invoice'][0],
             (result['with'][1], result['without'][1]),
             (result['policy'][1], result['policy_cold'][1]), result['invoice'][1])
            for size, result in results]


def main(argv=None):
    parser = harness.arguments('bench.bench_credit', __doc__, db='csm_h4_bench')
    parser.add_argument('--sizes', default=','.join(str(size) for size in DEFAULT_SIZES),
                        help='comma-separated numbers of open invoices/orders')
    harness.runs_arguments(parser, runs=15, warmup=3)
    args = harness.parse(parser, argv)
    sizes = harness.sizes(args.sizes)
    registry = harness.open_registry(args)
    with harness.environment(registry, commit=True) as env:
        generator = Generator(env)
        partners = [(size, generator.customer(size)) for size in sizes]
        product = generator.product
    with harness.environment(registry) as env:  # nothing of the measurements stays
        # the optional checkpoint at invoice validation runs the policy too: measure it on
        env.user.company_id.write({'cs_credit_check_invoice': True})
        bench = Bench(env, product.with_env(env), args.runs, args.warmup)
        results = bench.measure([(size, partner.with_env(env)) for size, partner in partners])
        rows = [(size, results[size]) for size, _partner in partners]
    harness.report('Credit policy benchmark: database %s, median of %d runs (after %d warm-up '
                   'runs), one-line orders and invoices' % (args.db, args.runs, args.warmup))
    harness.print_table(COLUMNS, _rows(rows))
    harness.finish(args)


if __name__ == '__main__':
    main()
