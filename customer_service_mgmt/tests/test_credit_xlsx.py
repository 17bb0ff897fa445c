"""Excel exports of the credit reports: the workbook is reopened and its headers, values,
totals and formats checked; only credit controllers and accountants may export."""
import base64
import re
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError

from .common import read_workbook
from .credit_common import CreditCase


class TestCreditXlsx(CreditCase):

    def setUp(self):
        super(TestCreditXlsx, self).setUp()
        self.controller = self.make_user('cs_test_xlsx_controller',
                                         'customer_service_mgmt.group_credit_controller')
        self.accountant = self.make_user('cs_test_xlsx_accountant', 'account.group_account_invoice')
        self.grade = self.env.ref('customer_service_mgmt.credit_grade_a')
        self.customer.write({'cs_credit_grade_id': self.grade.id})
        self.today = date.today()

    def export(self, report, user=None, **values):
        env = self.env(user=user) if user else self.env
        values.update(report=report)
        wizard = env['cs.credit.xlsx.export'].create(values)
        action = wizard.action_export()
        self.assertEqual(action['res_model'], 'cs.credit.xlsx.export')
        self.assertEqual(action['res_id'], wizard.id)
        self.assertEqual(wizard.state, 'done')
        self.assertTrue(wizard.file_name.endswith('.xlsx'))
        content = base64.b64decode(wizard.file_data)
        self.assertEqual(content[:2], b'PK')
        sheets, styles = read_workbook(content)
        self.assertEqual(len(sheets), 1)
        return list(sheets.values())[0], styles

    def due(self, days):
        return str(self.today + timedelta(days=days))

    def assert_totals(self, sheet, headers, rows, totals, header_row, total_row, money_columns):
        """Each money column's total is a SUM formula over the data rows, with the right value."""
        for col in money_columns:
            letter = chr(ord('A') + col)
            expected = sum(row[col] or 0.0 for row in rows)
            self.assertAlmostEqual(totals[col], expected, places=2, msg=headers[col])
            if rows:
                self.assertEqual(sheet.formulas['%s%d' % (letter, total_row)],
                                 'SUM(%s%d:%s%d)' % (letter, header_row + 1, letter, total_row - 1))

    def assert_layout(self, sheet, styles, title, header_row):
        self.assertEqual(sheet.value('A1'), title)
        self.assertEqual(sheet.value('A2'), 'Company: %s' % self.company.name)
        self.assertEqual(sheet.value('A4'), 'Currency: %s' % self.company.currency_id.name)
        self.assertEqual(header_row, 6, 'title block, blank row, then the header row')
        # header row frozen, column widths set, money format with the company currency symbol
        self.assertIn('ySplit="%d"' % header_row, sheet.xml)
        self.assertIn('state="frozen"', sheet.xml)
        self.assertIn('<col ', sheet.xml)
        self.assertIn('<autoFilter', sheet.xml)
        symbol = self.company.currency_id.symbol
        self.assertRegex(styles, r'formatCode="[^"]*&quot;%s&quot;[^"]*#,##0\.00' % re.escape(symbol)
                         if self.company.currency_id.position == 'before' else
                         r'formatCode="#,##0\.00[^"]*&quot;%s&quot;' % re.escape(symbol))

    # ------------------------------------------------------------------ exposure
    def test_exposure_report(self):
        order = self.make_order(2000)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.make_invoice(1000, due=self.due(10))   # not due
        self.make_invoice(300, due=self.due(-45))   # within 60 days of terms
        self.make_invoice(500, due=self.due(-120))  # overdue beyond the terms
        self.make_invoice(250, post=False)          # draft
        self.customer.write({'cs_credit_terms_days': 60})
        other = self.env['res.partner'].create({'name': 'Foshan Test Ceramics Ltd.',
                                                'is_company': True, 'customer': True})
        self.make_invoice(700, partner=other, due=self.due(5))
        # a row of another company never shows up
        company_b = self.env['res.company'].create({'name': 'CS Test Company B'})
        self.env.cr.execute("""INSERT INTO cs_credit_exposure (partner_id, company_id, receivable,
                               amount_total) VALUES (%s, %s, 999, 999)""", (other.id, company_b.id))

        sheet, styles = self.export('exposure', user=self.controller)
        headers, rows, totals, header_row, total_row = sheet.table('Customer')
        self.assertEqual(headers, ['Customer', 'Credit Grade', 'Credit Limit', 'Open Receivables',
                                   'Draft Invoices', 'Uninvoiced Orders', 'Exposure',
                                   'Available Credit', 'Overdue'])
        self.assert_layout(sheet, styles, 'Credit Exposure by Customer', header_row)
        self.assertEqual(sheet.value('A3'), 'Date: %s' % self.today)
        by_name = {row[0]: row for row in rows}
        self.assertEqual(by_name[self.customer.name],
                         [self.customer.name, 'A', 10000.0, 1800.0, 250.0, 2000.0, 4050.0, 5950.0,
                          500.0])
        self.assertEqual(by_name[other.name][3], 700.0)
        self.assertIsNone(by_name[other.name][7], 'no limit: no available credit figure')
        self.assertFalse(by_name[other.name][8])
        self.assertEqual(sum(1 for row in rows if row[0] == other.name), 1,
                         'the other company\'s row is not exported')
        self.assertTrue(totals[0].startswith('Total (%d customers)' % len(rows)))
        self.assert_totals(sheet, headers, rows, totals, header_row, total_row, range(2, 9))

    def test_exposure_report_stays_in_its_company(self):
        self.make_invoice(1000)  # company A
        company_b = self.env['res.company'].create({'name': 'CS Test Company B'})
        self.env.cr.execute("""INSERT INTO cs_credit_exposure (partner_id, company_id, receivable,
                               amount_total) VALUES (%s, %s, 999, 999)""",
                            (self.customer.id, company_b.id))
        # a controller of both companies working in company B sees company B's figures only
        self.controller.write({'company_ids': [(4, company_b.id)], 'company_id': company_b.id})
        sheet, _styles = self.export('exposure', user=self.controller)
        self.assertEqual(sheet.value('A2'), 'Company: CS Test Company B')
        _headers, rows, totals, _header_row, _total_row = sheet.table('Customer')
        self.assertEqual([(row[0], row[3], row[6]) for row in rows],
                         [(self.customer.name, 999.0, 999.0)])
        self.assertEqual(totals[6], 999.0)
        # the other company cannot be chosen without switching to it; nor by a user outside it
        with self.assertRaises(AccessError):
            self.export('exposure', user=self.controller, company_id=self.company.id)
        with self.assertRaises(AccessError):
            self.export('exposure', user=self.accountant, company_id=company_b.id)

    # ------------------------------------------------------------------ ageing
    def test_ageing_report(self):
        self.make_invoice(1000, due=self.due(10))    # not due
        self.make_invoice(200, due=self.due(-10))    # 0-30
        self.make_invoice(300, due=self.due(-45))    # 31-60
        self.make_invoice(400, due=self.due(-75))    # 61-90
        self.make_invoice(500, due=self.due(-120))   # > 90
        self.make_invoice(50, due=self.due(-20))     # 0-30 as well
        other = self.env['res.partner'].create({'name': 'Foshan Test Ceramics Ltd.',
                                                'is_company': True, 'customer': True})
        self.make_invoice(700, partner=other, due=self.due(-31))

        sheet, styles = self.export('ageing', user=self.accountant)
        headers, rows, totals, header_row, total_row = sheet.table('Customer')
        self.assertEqual(headers, ['Customer', 'Not Due', '0-30 Days', '31-60 Days', '61-90 Days',
                                   '> 90 Days', 'Total'])
        self.assert_layout(sheet, styles, 'Receivables Ageing', header_row)
        self.assertEqual(sheet.value('A3'), 'As of: %s' % self.today)
        by_name = {row[0]: row for row in rows}
        self.assertEqual(by_name[self.customer.name],
                         [self.customer.name, 1000.0, 250.0, 300.0, 400.0, 500.0, 2450.0])
        self.assertEqual(by_name[other.name], [other.name, 0, 0, 700.0, 0, 0, 700.0])
        self.assertEqual(len(by_name), len(rows), 'one row per customer')
        self.assert_totals(sheet, headers, rows, totals, header_row, total_row, range(1, 7))
        for row in rows:  # buckets add up to the total
            self.assertAlmostEqual(sum(row[1:6]), row[6], places=2)

    # ------------------------------------------------------------------ holds and releases
    def test_decisions_report(self):
        held = self.make_order(20000)
        held.action_confirm()
        self.assertTrue(held.credit_hold)
        policy = self.env['cs.credit.policy']
        policy.decide(held, 'release', 'Deposit of 50 % received')
        self.assertEqual(held.state, 'sale')
        rejected = self.make_order(30000)
        rejected.action_confirm()
        policy.decide(rejected, 'reject', 'Customer asked for too much')
        # an old decision outside the period
        old = self.env['cs.credit.decision'].sudo().create({
            'order_id': rejected.id, 'partner_id': self.customer.id, 'company_id': self.company.id,
            'decision': 'hold', 'reason': 'Old hold', 'user_id': self.env.uid,
            'date': '%s 12:00:00' % (self.today - timedelta(days=400)), 'amount': 123.0})

        start = self.today - timedelta(days=1)
        sheet, styles = self.export('decisions', user=self.controller,
                                    date_from=str(start), date_to=str(self.today))
        headers, rows, totals, header_row, total_row = sheet.table('Date')
        self.assertEqual(headers, ['Date', 'Sale Order', 'Customer', 'Decision', 'By', 'Reason',
                                   'Credit Limit', 'Exposure', 'Overdue', 'Order Amount'])
        self.assert_layout(sheet, styles, 'Credit Holds and Releases', header_row)
        self.assertEqual(sheet.value('A3'), 'Period: %s - %s' % (start, self.today))
        ours = [row for row in rows if row[1] in (held.name, rejected.name)]
        self.assertEqual([(row[1], row[3]) for row in ours], [
            (held.name, 'Held by Policy'), (held.name, 'Released'),
            (rejected.name, 'Held by Policy'), (rejected.name, 'Rejected')])
        release = ours[1]
        self.assertEqual(release[2], self.customer.name)
        self.assertEqual(release[4], self.env.user.name)
        self.assertEqual(release[5], 'Deposit of 50 % received')
        self.assertEqual(release[6], 10000.0)
        self.assertEqual(release[9], 20000.0)
        self.assertIsInstance(release[0], float, 'dates are real Excel dates')
        self.assertNotIn('Old hold', [row[5] for row in rows])
        self.assertNotIn(old.amount, [row[9] for row in rows])
        self.assertTrue(totals[0].startswith('Total (%d decisions)' % len(rows)))
        self.assert_totals(sheet, headers, rows, totals, header_row, total_row, [9])
        # summary by decision type below the table
        summary = sheet.find('Decision', column='A')
        self.assertGreater(summary, total_row)
        self.assertEqual(sheet.row(summary, 3), ['Decision', 'Count', 'Order Amount'])
        counts = {}
        number = summary + 1
        while sheet.value('A%d' % number):
            counts[sheet.value('A%d' % number)] = sheet.row(number, 3)[1:]
            number += 1
        self.assertEqual(sum(count for count, _amount in counts.values()), len(rows))
        self.assertGreaterEqual(counts['Held by Policy'][0], 2)
        self.assertGreaterEqual(counts['Released'][0], 1)

    def test_decisions_need_a_valid_period(self):
        wizard = self.env['cs.credit.xlsx.export'].create({
            'report': 'decisions', 'date_from': str(self.today), 'date_to': self.due(-1)})
        with self.assertRaises(UserError):
            wizard.action_export()

    # ------------------------------------------------------------------ access
    def test_salesman_cannot_export(self):
        for report in ('exposure', 'ageing', 'decisions'):
            with self.assertRaises(AccessError):
                self.env(user=self.salesman)['cs.credit.xlsx.export'].create({'report': report})
        wizard = self.env(user=self.controller)['cs.credit.xlsx.export'].create({'report': 'ageing'})
        with self.assertRaises(AccessError):
            wizard.sudo(self.salesman)._build()

    def test_menu_and_action_for_controllers_and_accountants(self):
        menu = self.env.ref('customer_service_mgmt.menu_cs_credit_xlsx_export')
        self.assertEqual(menu.parent_id, self.env.ref('customer_service_mgmt.menu_cs_reporting'))
        self.assertEqual(menu.action, self.env.ref('customer_service_mgmt.action_cs_credit_xlsx_export'))
        self.assertEqual(set(menu.groups_id.ids), {
            self.env.ref('customer_service_mgmt.group_credit_controller').id,
            self.env.ref('account.group_account_invoice').id})
