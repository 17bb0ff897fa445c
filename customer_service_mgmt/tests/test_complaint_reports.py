"""Complaint reports: the daily report's counts across day boundaries (company time zone),
the analysis measures and SLA compliance, the Pareto workbook, and who may read them."""
import base64
import io
import zipfile
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import read_workbook
from .complaint_common import ComplaintCase

# the report day D = 2025-03-05 in Shanghai (UTC+8) is [2025-03-04 16:00, 2025-03-05 16:00) UTC
DAY = '2025-03-05'
BEFORE, AFTER = '2025-03-04', '2025-03-06'


class ComplaintReportCase(ComplaintCase):

    def setUp(self):
        super(ComplaintReportCase, self).setUp()
        self.company.partner_id.tz = 'Asia/Shanghai'
        self.delivery = self.env.ref('customer_service_mgmt.complaint_category_delivery')
        self.billing = self.env.ref('customer_service_mgmt.complaint_category_billing')
        self.packaging = self.env.ref('customer_service_mgmt.complaint_category_packaging')
        self.field_team = self.env['cs.team'].create({
            'name': 'Field Service', 'manager_id': self.cs_manager.id,
            'member_ids': [(6, 0, [self.cs_user.id])],
            'resource_calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai'})

    def complaint(self, received, categ=None, team=None, closed=None, **sla):
        """A complaint received at ``received`` (UTC), closed at ``closed``, with the given
        response-time stamps (``ack_deadline``, ``ack_reached``, ``resolve_deadline``,
        ``resolve_reached``; missing ones empty)."""
        complaint = self.make_complaint(date_received=received,
                                        categ_id=(categ or self.quality).id,
                                        team_id=(team or self.team).id)
        if closed:
            complaint.write({'stage_id': self.stage('closed').id, 'resolution': 'Replaced.',
                             'followup_decision': 'none'})
        complaint.write({
            'date_closed': closed or False,
            'sla_acknowledge_deadline': sla.get('ack_deadline', False),
            'sla_acknowledge_reached': sla.get('ack_reached', False),
            'sla_resolve_deadline': sla.get('resolve_deadline', False),
            'sla_resolve_reached': sla.get('resolve_reached', False),
        })
        return complaint


class TestDailyReport(ComplaintReportCase):

    def setUp(self):
        super(TestDailyReport, self).setUp()
        # received D 09:00, open
        self.a = self.complaint('2025-03-05 01:00:00')
        # received D-1 23:30 (a minute before midnight is still D-1), closed D 10:00
        self.b = self.complaint('2025-03-04 15:30:00', closed='2025-03-05 02:00:00')
        # received D 23:59, open, other category
        self.c = self.complaint('2025-03-05 15:59:00', categ=self.delivery)
        # received D+1 00:00: not on D
        self.e = self.complaint('2025-03-05 16:00:00')
        # received and closed before D: not on D
        self.f = self.complaint('2025-03-01 02:00:00', closed='2025-03-02 02:00:00')
        # received D-2, acknowledgement due D-1 10:00 and never given: overdue on D-1 and D
        self.g = self.complaint('2025-03-03 02:00:00', team=self.field_team,
                                ack_deadline='2025-03-04 02:00:00')
        # acknowledged in time on D, resolution due in three days: not overdue
        self.h = self.complaint('2025-03-05 00:00:00', team=self.field_team,
                                ack_deadline='2025-03-05 04:00:00', ack_reached='2025-03-05 03:00:00',
                                resolve_deadline='2025-03-08 04:00:00')
        # acknowledgement due D 10:00, given on D+1: overdue at the end of D, not of D+1
        self.i = self.complaint('2025-03-04 02:00:00', categ=self.delivery, team=self.field_team,
                                ack_deadline='2025-03-05 02:00:00', ack_reached='2025-03-05 20:00:00',
                                resolve_deadline='2025-03-12 02:00:00')
        # closed on D with its resolution late: closed complaints are never overdue
        self.j = self.complaint('2025-03-03 03:00:00', closed='2025-03-05 12:00:00',
                                resolve_deadline='2025-03-04 03:00:00',
                                resolve_reached='2025-03-05 12:00:00')
        self.ours = self.a | self.b | self.c | self.e | self.f | self.g | self.h | self.i | self.j

    def figures(self, day, groupby, user=None):
        report = self.env['cs.complaint.daily.report']
        if user:
            report = report.sudo(user)
        groups = report.read_group(
            [('day', '=', day), ('company_id', '=', self.company.id),
             ('complaint_id', 'in', self.ours.ids)],
            [groupby, 'received_count', 'closed_count', 'open_count', 'overdue_count'],
            [groupby], lazy=False)
        return {group[groupby][1]: (group['received_count'], group['closed_count'],
                                    group['open_count'], group['overdue_count'])
                for group in groups}

    def rows(self, day):
        return self.env['cs.complaint.daily.report'].search(
            [('day', '=', day), ('complaint_id', 'in', self.ours.ids)])

    def test_rows_of_the_day(self):
        self.assertEqual(self.rows(DAY).mapped('complaint_id'),
                         self.a | self.b | self.c | self.g | self.h | self.i | self.j)
        self.assertEqual(self.rows(BEFORE).mapped('complaint_id'),
                         self.b | self.g | self.i | self.j)

    def test_counts_by_category(self):
        # (received, closed, open at end of day, overdue at end of day)
        self.assertEqual(self.figures(DAY, 'categ_id'), {
            'Product Quality': (2, 2, 3, 1),  # a h received; b j closed; a g h open; g overdue
            'Delivery': (1, 0, 2, 1),         # c received; c i open; i overdue
        })

    def test_counts_by_team(self):
        self.assertEqual(self.figures(DAY, 'team_id'), {
            'Hotline': (2, 2, 2, 0),          # a c received; b j closed; a c open
            'Field Service': (1, 0, 3, 2),    # h received; g h i open; g i overdue
        })

    def test_day_before_and_after(self):
        self.assertEqual(self.figures(BEFORE, 'team_id'), {
            'Hotline': (1, 0, 2, 1),          # b received; b j open; j's resolution late
            'Field Service': (1, 0, 2, 1),    # i received; g i open; g overdue (i due on D)
        })
        self.assertEqual(self.figures(AFTER, 'team_id'), {
            'Hotline': (1, 0, 3, 0),          # e received; a c e open
            'Field Service': (0, 0, 3, 1),    # g h i open; only g overdue now
        })

    def test_other_company_is_left_out_and_hidden(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        foreign = self.env['cs.complaint'].create({
            'company_id': other.id, 'partner_id': self.other_customer.id,
            'categ_id': self.quality.id, 'description': 'Scratched panel.', 'team_id': False,
            'date_received': '2025-03-05 03:00:00'})
        self.ours |= foreign
        report = self.env['cs.complaint.daily.report']
        self.assertEqual(report.search([('day', '=', DAY), ('complaint_id', '=', foreign.id)])
                         .company_id, other, 'the superuser sees it')
        self.assertEqual(self.figures(DAY, 'categ_id')['Product Quality'], (2, 2, 3, 1))
        as_agent = report.sudo(self.cs_user).search([('day', '=', DAY),
                                                     ('complaint_id', 'in', self.ours.ids)])
        self.assertNotIn(foreign, as_agent.mapped('complaint_id'))
        self.assertIn(self.a, as_agent.mapped('complaint_id'))

    def test_wizard_shows_the_day(self):
        wizard = self.env['cs.complaint.report.wizard'].sudo(self.cs_user).create(
            {'report': 'daily', 'day': DAY})
        action = wizard.action_open()
        self.assertEqual(action['res_model'], 'cs.complaint.daily.report')
        rows = self.env['cs.complaint.daily.report'].sudo(self.cs_user).search(
            action['domain'] + [('complaint_id', 'in', self.ours.ids)])
        self.assertEqual(len(rows), 7)

    def test_daily_workbook(self):
        wizard = self.env['cs.complaint.report.wizard'].sudo(self.cs_user).create(
            {'report': 'daily', 'day': DAY})
        wizard.action_export()
        self.assertEqual(wizard.file_name, 'complaint_daily_report_%s.xlsx' % DAY)
        sheets, _styles = read_workbook(base64.b64decode(wizard.file_data))
        self.assertEqual(sorted(sheets), ['By Category', 'By Team'])
        sheet = sheets['By Team']
        header = sheet.find('Team')
        self.assertEqual(sheet.row(header, 5), ['Team', 'Received', 'Closed',
                                                'Open at End of Day', 'Overdue at End of Day'])
        # complaints of other tests' teams are not in this company's test teams
        rows = {}
        number = header + 1
        while sheet.value('A%d' % number) != 'Total':
            rows[sheet.value('A%d' % number)] = sheet.row(number, 5)[1:]
            number += 1
        self.assertEqual(rows['Hotline'], [2, 2, 2, 0])
        self.assertEqual(rows['Field Service'], [1, 0, 3, 2])
        self.assertEqual(sheet.formulas['B%d' % number], 'SUM(B%d:B%d)' % (header + 1, number - 1))
        self.assertEqual(sheet.value('B%d' % number), sum(row[0] for row in rows.values()))

    def test_daily_report_needs_a_day(self):
        wizard = self.env['cs.complaint.report.wizard'].sudo(self.cs_user).create(
            {'report': 'daily', 'day': False})
        with self.assertRaisesRegex(UserError, 'Choose the day'):
            wizard.action_export()


class TestDailyReportToday(ComplaintReportCase):

    def test_today_ends_now(self):
        """For the current day, "overdue at the end of the day" is overdue now: a deadline
        later today is not missed yet."""
        now = datetime.utcnow()

        def stamp(hours):
            return fields.Datetime.to_string(now + timedelta(hours=hours))
        missed = self.complaint(stamp(-3), ack_deadline=stamp(-1))
        pending = self.complaint(stamp(-3), ack_deadline=stamp(1))
        today = fields.Date.to_string((now + timedelta(hours=8)).date())  # Shanghai
        rows = self.env['cs.complaint.daily.report'].search(
            [('day', '=', today), ('complaint_id', 'in', (missed | pending).ids)])
        self.assertEqual({row.complaint_id: (row.open_count, row.overdue_count) for row in rows},
                         {missed: (1, 1), pending: (1, 0)})


class TestAnalysis(ComplaintReportCase):

    def setUp(self):
        super(TestAnalysis, self).setUp()
        # January 2024, Shanghai days: nothing else in the database is received then
        received = '2024-01-10 01:00:00'
        # acknowledged after 2 h (in time), resolved after 24 h (late): 1 of 2 met
        self.late = self.complaint(received, ack_deadline='2024-01-10 04:00:00',
                                   ack_reached='2024-01-10 03:00:00',
                                   resolve_deadline='2024-01-10 20:00:00',
                                   resolve_reached='2024-01-11 01:00:00')
        # acknowledged after 1 h, resolved after 10 h: both met
        self.fast = self.complaint(received, ack_deadline='2024-01-10 04:00:00',
                                   ack_reached='2024-01-10 02:00:00',
                                   resolve_deadline='2024-01-10 20:00:00',
                                   resolve_reached='2024-01-10 11:00:00')
        # acknowledged after 3 h, resolution deadline far ahead and not due yet: 1 of 1 met
        self.pending = self.complaint(received, ack_deadline='2024-01-10 04:00:00',
                                      ack_reached='2024-01-10 04:00:00',
                                      resolve_deadline='2099-01-01 00:00:00')
        self.ours = self.late | self.fast | self.pending

    def test_measures_per_complaint(self):
        rows = {row.complaint_id: row for row in self.env['cs.complaint.analysis'].search(
            [('complaint_id', 'in', self.ours.ids)])}
        self.assertAlmostEqual(rows[self.late].response_hours, 2.0)
        self.assertAlmostEqual(rows[self.late].resolution_hours, 24.0)
        self.assertEqual((rows[self.late].sla_met_count, rows[self.late].sla_due_count), (1, 2))
        self.assertEqual((rows[self.fast].sla_met_count, rows[self.fast].sla_due_count), (2, 2))
        self.assertEqual((rows[self.pending].sla_met_count, rows[self.pending].sla_due_count),
                         (1, 1))
        self.assertFalse(rows[self.pending].resolution_hours)

    def test_group_compliance_is_a_ratio_of_sums(self):
        groups = self.env['cs.complaint.analysis'].read_group(
            [('complaint_id', 'in', self.ours.ids)],
            ['categ_id', 'complaint_count', 'response_hours', 'resolution_hours',
             'sla_compliance'], ['categ_id'], lazy=False)
        self.assertEqual(len(groups), 1)
        group = groups[0]
        self.assertEqual(group['complaint_count'], 3)
        self.assertAlmostEqual(group['response_hours'], 2.0)       # (2 + 1 + 3) / 3
        self.assertAlmostEqual(group['resolution_hours'], 17.0)    # (24 + 10) / 2 resolved
        # 4 met of 5 due = 80 %, not the mean of 50, 100 and 100 %
        self.assertEqual(group['sla_compliance'], 80.0)
        self.assertEqual((group['sla_met_count'], group['sla_due_count']), (4, 5))

    def test_no_deadline_due_gives_no_compliance(self):
        fresh = self.complaint('2024-01-11 01:00:00', resolve_deadline='2099-01-01 00:00:00')
        group = self.env['cs.complaint.analysis'].read_group(
            [('complaint_id', '=', fresh.id)], ['categ_id', 'complaint_count', 'sla_compliance'],
            ['categ_id'], lazy=False)[0]
        self.assertIs(group['sla_compliance'], False)

    def test_bar_chart_groups_most_frequent_first(self):
        self.complaint('2024-01-12 01:00:00', categ=self.delivery)
        groups = self.env['cs.complaint.analysis'].read_group(
            [('date_received', '>=', '2024-01-01'), ('date_received', '<', '2024-02-01')],
            ['categ_id', 'complaint_count'], ['categ_id'])
        self.assertEqual([group['categ_id'][0] for group in groups],
                         [self.quality.id, self.delivery.id])


class TestPareto(ComplaintReportCase):

    def setUp(self):
        super(TestPareto, self).setUp()
        # February 2024: Product Quality 5, Delivery 3, Billing 1, Packaging 1
        for categ, count in ((self.billing, 1), (self.delivery, 3), (self.packaging, 1),
                             (self.quality, 5)):
            for index in range(count):
                self.complaint('2024-02-%02d 02:00:00' % (index + 2), categ=categ,
                               ack_deadline='2024-02-01 00:00:00')
        self.wizard = self.env['cs.complaint.report.wizard'].sudo(self.cs_user).create({
            'report': 'analysis', 'date_from': '2024-02-01', 'date_to': '2024-02-29',
            'dimension': 'categ_id', 'chart_limit': 3})

    def test_pareto_table(self):
        self.wizard.action_export()
        content = base64.b64decode(self.wizard.file_data)
        sheets, styles = read_workbook(content)
        sheet = sheets['Pareto by Category']
        header = sheet.find('Rank')
        self.assertEqual(sheet.row(header, 9), [
            'Rank', 'Category', 'Complaints', 'Share', 'Cumulative Share', 'Vital Few',
            'Avg. Response Time (h)', 'Avg. Resolution Time (h)', 'SLA Compliance'])
        rows = [sheet.row(header + offset, 9) for offset in range(1, 5)]
        self.assertEqual([row[:6] for row in rows], [
            [1, 'Product Quality', 5, 0.5, 0.5, 'Yes'],
            [2, 'Delivery', 3, 0.3, 0.8, 'Yes'],
            [3, 'Billing', 1, 0.1, 0.9, None],      # the first 80 % are already made
            [4, 'Packaging', 1, 0.1, 1.0, None],
        ])
        self.assertEqual(rows[0][8], 0.0, 'acknowledgement due and never given: 0 % met')
        total = header + 5
        self.assertEqual(sheet.value('A%d' % total), 'Total (4 groups)')
        self.assertEqual(sheet.value('C%d' % total), 10)
        self.assertEqual(sheet.formulas['C%d' % total], 'SUM(C%d:C%d)' % (header + 1, header + 4))
        # vital rows are highlighted
        vital, trivial = sheet.styles['B%d' % (header + 1)], sheet.styles['B%d' % (header + 3)]
        self.assertNotEqual(vital, trivial)

    def test_pareto_chart(self):
        self.wizard.action_export()
        content = base64.b64decode(self.wizard.file_data)
        header = read_workbook(content)[0]['Pareto by Category'].find('Rank')
        book = zipfile.ZipFile(io.BytesIO(content))
        charts = [name for name in book.namelist() if name.startswith('xl/charts/chart')]
        self.assertEqual(len(charts), 1)
        chart = book.read(charts[0]).decode('utf-8')
        self.assertIn('<c:barChart>', chart)
        self.assertIn('<c:lineChart>', chart)
        # chart_limit = 3: the three most frequent categories, counts and cumulative share
        rows = (header + 1, header + 3)
        self.assertIn("'Pareto by Category'!$C$%d:$C$%d" % rows, chart)
        self.assertIn("'Pareto by Category'!$E$%d:$E$%d" % rows, chart)
        self.assertIn("'Pareto by Category'!$B$%d:$B$%d" % rows, chart)
        self.assertEqual(chart.count('<c:valAx>'), 2, 'cumulative share on a second axis')

    def test_month_sheet(self):
        self.wizard.action_export()
        sheets, _styles = read_workbook(base64.b64decode(self.wizard.file_data))
        sheet = sheets['By Month']
        row = sheet.find('Month') + 1
        self.assertEqual(sheet.row(row, 2), ['February 2024', 10])

    def test_bad_period_and_chart_size(self):
        self.wizard.write({'date_from': '2024-03-01'})
        with self.assertRaisesRegex(UserError, 'start of the period is after its end'):
            self.wizard.action_export()
        self.wizard.write({'date_from': '2024-02-01', 'chart_limit': 0})
        with self.assertRaisesRegex(UserError, 'at least one bar'):
            self.wizard.action_export()

    def test_open_in_the_erp(self):
        action = self.wizard.action_open()
        self.assertEqual(action['res_model'], 'cs.complaint.analysis')
        self.assertEqual(action['context']['pivot_row_groupby'], ['categ_id'])
        count = self.env['cs.complaint.analysis'].sudo(self.cs_user).search_count(action['domain'])
        self.assertEqual(count, 10)


class TestReportAccess(ComplaintReportCase):

    def test_roles(self):
        self.complaint('2025-03-05 01:00:00')
        portal = self.make_user('cs_test_portal', 'base.group_portal', partner_id=self.contact.id)
        employee = self.make_user('cs_test_employee', 'base.group_user')
        for model in ('cs.complaint.daily.report', 'cs.complaint.analysis'):
            self.assertTrue(self.env[model].sudo(self.cs_user).search([], limit=1))
            self.assertTrue(self.env[model].sudo(self.cs_manager).search([], limit=1))
            for user in (self.salesman, portal, employee):
                with self.assertRaises(AccessError, msg='%s reads %s' % (user.login, model)):
                    self.env[model].sudo(user).read_group([], ['company_id'], ['company_id'])
        for user in (self.salesman, portal, employee):
            with self.assertRaisesRegex(AccessError, 'Only customer service users'):
                self.env['cs.complaint.report.wizard'].sudo(user).create({'report': 'daily'})

    def test_other_company_cannot_be_exported(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        with self.assertRaisesRegex(AccessError, 'Second Test Factory'):
            self.env['cs.complaint.report.wizard'].sudo(self.cs_user).create(
                {'report': 'daily', 'company_id': other.id})
