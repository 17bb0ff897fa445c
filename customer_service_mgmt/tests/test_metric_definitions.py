"""One definition per business figure (issue 13, item 3).

* Exposure: the triggers and the rebuild derive from one definition (the contribution
  queries of cs_credit_exposure's SOURCES); the rebuild gives exactly the rows the triggers
  keep, on every column of cs_credit_exposure and cs_credit_due, after a varied walk of host
  operations; drift() compares every maintained column.
* Overdue beyond terms: the credit check, the customer and order forms, the review cron and
  the Excel export give the same number for the same customer, on both sides of every
  credit-terms boundary.
* SLA compliance: per deadline, deadlines met / deadlines due; the complaint analysis and
  the service KPI report give the same number for the same documents, and a deadline not
  yet due is not counted (an open document before its deadlines gives no figure).
"""
import base64
import sys
from datetime import date, timedelta

from .common import CsmCase, read_workbook
from .credit_common import CreditCase
from .exposure_driver import ExposureDriver
from .service_common import ServiceCase

# columns of the maintained tables that are no figure of the exposure: keys, the ORM's
# bookkeeping, and the credit checks' lock counter
NOT_FIGURES = {'id', 'partner_id', 'company_id', 'date_maturity', 'create_uid', 'create_date',
               'write_uid', 'write_date', 'checked_count'}
WALK_STEPS = 60


def _exposure_module(env):
    """The module defining the exposure (found from the model, wherever the file lives)."""
    return sys.modules[type(env['cs.credit.exposure']).drift.__module__]


class TestExposureOneDefinition(CsmCase):

    def setUp(self):
        super(TestExposureOneDefinition, self).setUp()
        self.definition = _exposure_module(self.env)
        self.Exposure = self.env['cs.credit.exposure']

    def figure_columns(self, table):
        self.env.cr.execute("""SELECT column_name FROM information_schema.columns
                               WHERE table_name = %s""", (table,))
        return {row[0] for row in self.env.cr.fetchall()} - NOT_FIGURES

    def snapshot(self):
        """Every row of both tables with every column (rows all zero left out: the triggers
        may leave them, they mean nothing)."""
        result = {}
        for table, keys, columns, _scratch in self.definition.MAINTAINED:
            self.env.cr.execute('SELECT %s, %s FROM %s' % (
                ', '.join(keys), ', '.join(columns), table))
            result[table] = {
                tuple(str(value) for value in row[:len(keys)]):
                    tuple(round(float(value), 2) for value in row[len(keys):])
                for row in self.env.cr.fetchall() if any(row[len(keys):])}
        return result

    def test_drift_compares_every_maintained_column(self):
        maintained = {table: set(columns)
                      for table, _keys, columns, _scratch in self.definition.MAINTAINED}
        self.assertEqual(set(maintained), {'cs_credit_exposure', 'cs_credit_due'})
        for table, columns in maintained.items():
            self.assertEqual(columns, self.figure_columns(table),
                             'every figure column of %s is compared by drift()' % table)
        # a wrong value in any maintained column shows up, on that column
        driver = ExposureDriver(self.env, 3)
        invoice_customer = driver.companies[0]
        order = self.env['sale.order'].create({'partner_id': invoice_customer.id, 'order_line': [
            (0, 0, {'product_id': driver.products[0].id, 'product_uom_qty': 2,
                    'price_unit': 100.0, 'tax_id': [(6, 0, [])]})]})
        order.action_confirm()
        order.action_invoice_create()
        order.invoice_ids.action_invoice_open()
        self.assertEqual(self.Exposure.drift(), [])
        for table, _keys, columns, _scratch in self.definition.MAINTAINED:
            for column in columns:
                self.env.cr.execute('SAVEPOINT cs_corrupt')
                self.env.cr.execute('UPDATE %s SET %s = %s + 1 WHERE partner_id = %%s'
                                    % (table, column, column), (invoice_customer.id,))
                self.assertTrue(self.env.cr.rowcount)
                drift = self.Exposure.drift()
                self.env.cr.execute('ROLLBACK TO SAVEPOINT cs_corrupt')
                self.assertEqual({(d[0], d[2]) for d in drift}, {(table, column)})
        self.assertEqual(self.Exposure.drift(), [])

    def test_installed_triggers_run_the_shared_definition(self):
        """The triggers in the database are generated from the same contribution queries
        as the from-scratch recomputation (rebuild, drift)."""
        for trigger, table, _watch, _contact, query in self.definition.SOURCES:
            self.env.cr.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", (trigger,))
            source = self.env.cr.fetchone()[0]
            for row in ('(SELECT (OLD).*)', '(SELECT (NEW).*)'):
                self.assertIn(query.format(rows=row), source)
            self.assertIn(query.format(rows=table), self.definition._SCRATCH_EXPOSURE_SQL)
            self.assertIn(query.format(rows=table), self.definition._SCRATCH_DUE_SQL)
            self.env.cr.execute("""SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                                   WHERE t.tgname = %s AND c.relname = %s""", (trigger, table))
            self.assertTrue(self.env.cr.fetchone(), '%s on %s' % (trigger, table))

    def test_rebuild_gives_the_maintained_rows(self):
        """After a varied walk of host operations (orders in two currencies and two
        companies, deliveries, invoices, refunds, payments, unreconciliation, contacts
        moved, partners merged), rebuilding from scratch changes no column of any row."""
        driver = ExposureDriver(self.env, 31)
        done = [driver.step() for _i in range(WALK_STEPS)]
        self.assertGreater(len([step for step in done if step]), WALK_STEPS // 2)
        self.assertGreaterEqual(len([name for name, count in driver.counts.items() if count]),
                                8, dict(driver.counts))
        maintained = self.snapshot()
        self.assertTrue(maintained['cs_credit_exposure'])
        self.assertTrue(maintained['cs_credit_due'])
        self.assertEqual(self.Exposure.drift(), [])
        self.Exposure.rebuild()
        self.assertEqual(self.snapshot(), maintained)
        self.env.cr.execute("""SELECT COUNT(*) FROM cs_credit_exposure
                               WHERE amount_total <> receivable + draft_invoices + open_orders""")
        self.assertEqual(self.env.cr.fetchone()[0], 0)


class TestOverdueOneDefinition(CreditCase):

    def setUp(self):
        super(TestOverdueOneDefinition, self).setUp()
        self.controller = self.make_user('cs_test_overdue_controller',
                                         'customer_service_mgmt.group_credit_controller')
        self.today = date.today()
        self.make_invoice(500, due=self.due(-50))
        self.make_invoice(300, due=self.due(-20))
        self.make_invoice(100, due=self.due(10))
        self.make_invoice(40, partner=self.contact, due=self.due(-35))
        self.make_invoice(70, post=False, due=self.due(-90))  # draft: no receivable
        self.order = self.make_order(10, partner=self.contact)  # a quotation of the contact

    def due(self, days):
        return str(self.today + timedelta(days=days))

    def by_scan(self, terms):
        """The rule stated directly on the journal items."""
        self.env.cr.execute("""
            SELECT COALESCE(SUM(aml.amount_residual), 0)
            FROM account_move_line aml
            JOIN account_account acc ON acc.id = aml.account_id AND acc.internal_type = 'receivable'
            JOIN res_partner p ON p.id = aml.partner_id
            WHERE p.commercial_partner_id = %s AND aml.company_id = %s
              AND aml.amount_residual > 0 AND aml.date_maturity < %s""",
                            (self.customer.id, self.company.id, self.due(-terms)))
        return float(self.env.cr.fetchone()[0])

    def exported(self):
        wizard = self.env['cs.credit.xlsx.export'].sudo(self.controller).create(
            {'report': 'exposure'})
        wizard.action_export()
        sheets, _styles = read_workbook(base64.b64decode(wizard.file_data))
        sheet = list(sheets.values())[0]
        headers, rows, _totals, _header_row, _total_row = sheet.table('Customer')
        row = [row for row in rows if row[0] == self.customer.name][0]
        return row[headers.index('Overdue')] or 0.0

    def test_every_consumer_gives_the_same_overdue(self):
        policy = self.env['cs.credit.policy']
        seen = set()
        for terms in (0, 19, 20, 34, 35, 49, 50, 60):
            self.customer.write({'cs_credit_terms_days': terms})
            self.customer.invalidate_cache()
            self.order.invalidate_cache()
            expected = self.by_scan(terms)
            seen.add(expected)
            figures = {
                'policy': policy.figures(self.contact, self.company).overdue,
                'customer form': self.customer.cs_credit_overdue,
                'order form': self.order.cs_credit_overdue,
                'Excel export': self.exported(),
            }
            for consumer, overdue in figures.items():
                self.assertAlmostEqual(overdue, expected, msg='%s, %d days' % (consumer, terms))
            reviewed = policy._cron_review()
            self.assertEqual(self.customer in reviewed, expected > 0,
                             'review cron, %d days of terms' % terms)
        self.assertEqual(seen, {840.0, 540.0, 500.0, 0.0}, 'every boundary was crossed')


class TestSlaComplianceOneDefinition(ServiceCase):

    def setUp(self):
        super(TestSlaComplianceOneDefinition, self).setUp()
        self.policy = self.env['cs.sla.policy'].search([], limit=1)
        self.assertTrue(self.policy)
        received = '2024-01-10 01:00:00'
        # acknowledged late, resolved in time: 1 of 2 met
        self.late = self.complaint(received, ack=('2024-01-10 04:00:00', '2024-01-10 05:00:00'),
                                   resolve=('2024-01-11 01:00:00', '2024-01-10 20:00:00'))
        # both in time: 2 of 2
        self.fast = self.complaint(received, ack=('2024-01-10 04:00:00', '2024-01-10 02:00:00'),
                                   resolve=('2024-01-11 01:00:00', '2024-01-10 11:00:00'))
        # acknowledged in time, resolution not met and not due yet: 1 of 1
        self.pending = self.complaint(received,
                                      ack=('2024-01-10 04:00:00', '2024-01-10 04:00:00'),
                                      resolve=('2099-01-01 00:00:00', None))
        # resolution deadline passed, never met: 1 of 2 (the acknowledgement in time)
        self.missed = self.complaint(received,
                                     ack=('2024-01-10 04:00:00', '2024-01-10 03:00:00'),
                                     resolve=('2024-01-11 01:00:00', None))
        # open, no deadline due yet: counts nothing (the KPI report counted it 100 % before)
        self.fresh = self.complaint(received, ack=('2099-01-01 00:00:00', None),
                                    resolve=('2099-01-02 00:00:00', None))
        self.complaints = self.late | self.fast | self.pending | self.missed | self.fresh

    def complaint(self, received, ack, resolve):
        """A complaint of our team with the given (deadline, reached) per kind."""
        complaint = self.make_complaint(user_id=self.cs_user.id)
        self.env.cr.execute("""
            UPDATE cs_complaint SET date_received = %s, sla_policy_id = %s,
                   sla_acknowledge_deadline = %s, sla_acknowledge_reached = %s,
                   sla_resolve_deadline = %s, sla_resolve_reached = %s,
                   sla_breached = %s WHERE id = %s""",
                            (received, self.policy.id, ack[0], ack[1], resolve[0], resolve[1],
                             bool(ack[1] and ack[1] > ack[0]), complaint.id))
        complaint.invalidate_cache()
        return complaint

    def analysis(self, complaints):
        groups = self.env['cs.complaint.analysis'].read_group(
            [('complaint_id', 'in', complaints.ids)], ['company_id', 'sla_compliance'],
            ['company_id'], lazy=False)
        return groups[0]['sla_compliance'] if groups else False

    def kpi(self, domain):
        groups = self.env['cs.service.kpi.report'].read_group(
            domain, ['company_id', 'sla_compliance', 'sla_due_count', 'sla_met_count'],
            ['company_id'], lazy=False)
        return groups[0] if groups else {}

    def kpi_complaints(self, complaints):
        return self.kpi([('source', '=', 'complaint'), ('res_id', 'in', complaints.ids)])

    def test_same_number_in_the_analysis_and_the_kpi_report(self):
        # 1 + 2 + 1 + 1 met of 2 + 2 + 1 + 2 due
        self.assertAlmostEqual(self.analysis(self.complaints), 500.0 / 7, places=2)
        for complaints in (self.complaints, self.late | self.fast, self.late | self.missed,
                           self.pending, self.late):
            kpi = self.kpi_complaints(complaints)
            self.assertEqual(kpi['sla_compliance'], self.analysis(complaints),
                             complaints.mapped('id'))
        kpi = self.kpi_complaints(self.complaints)
        self.assertEqual((kpi['sla_met_count'], kpi['sla_due_count']), (5, 7))
        # per person, as the KPI pivot and its export group them
        person = self.env['cs.service.kpi.report'].read_group(
            [('source', '=', 'complaint'), ('res_id', 'in', self.complaints.ids)],
            ['user_id', 'sla_compliance'], ['user_id'], lazy=False)
        self.assertEqual([group['sla_compliance'] for group in person],
                         [self.analysis(self.complaints)])

    def test_deadline_not_due_is_not_counted(self):
        self.assertIs(self.analysis(self.fresh), False)
        self.assertIs(self.kpi_complaints(self.fresh)['sla_compliance'], False)
        row = self.env['cs.service.kpi.report'].search(
            [('source', '=', 'complaint'), ('res_id', '=', self.fresh.id)])
        self.assertEqual((row.sla_due_count, row.sla_met_count), (0, 0))
        self.assertFalse(row.sla_compliance)
        without = self.kpi_complaints(self.complaints - self.fresh)['sla_compliance']
        self.assertEqual(self.kpi_complaints(self.complaints)['sla_compliance'], without)

    def test_service_requests_count_each_deadline(self):
        """Response, on-site visit and resolution: each deadline due counts once."""
        request = self.make_request(user_id=self.technician.id)
        self.env.cr.execute("""
            UPDATE cs_service_request SET sla_policy_id = %s,
                   sla_acknowledge_deadline = '2024-01-10 04:00:00',
                   sla_acknowledge_reached = '2024-01-10 02:00:00',
                   sla_onsite_deadline = '2024-01-11 04:00:00', sla_onsite_reached = NULL,
                   sla_resolve_deadline = '2099-01-01 00:00:00', sla_resolve_reached = NULL
            WHERE id = %s""", (self.policy.id, request.id))
        request.invalidate_cache()
        kpi = self.kpi([('source', '=', 'service_request'), ('res_id', '=', request.id)])
        self.assertEqual((kpi['sla_met_count'], kpi['sla_due_count']), (1, 2))
        self.assertEqual(kpi['sla_compliance'], 50.0)

    def test_help_states_the_one_meaning(self):
        helps = {self.env[model]._fields['sla_compliance'].help
                 for model in ('cs.complaint.analysis', 'cs.service.kpi.report')}
        self.assertEqual(len(helps), 1)
        text = helps.pop()
        for words in ('deadlines met in time', 'deadlines due', 'not passed yet is not counted'):
            self.assertIn(words, text)
