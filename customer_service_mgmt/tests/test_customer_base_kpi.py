"""Service KPIs 客服部关键绩效考核指标 (issue 7): the SQL view per person and team, its
access, and the .xlsx exports (KPIs, customer roster 客户名册)."""
import base64

from odoo.exceptions import AccessError, UserError

from .common import read_workbook
from .complaint_common import ComplaintCase

T0 = '2026-03-02 01:00:00'


class TestServiceKpi(ComplaintCase):

    def setUp(self):
        super(TestServiceKpi, self).setUp()
        policy = self.env['cs.sla.policy'].search([], limit=1)
        self.assertTrue(policy, 'the default response-time standards are installed')
        # closed, followed up, rated very satisfied, all deadlines met
        self.done = self.make_complaint(user_id=self.cs_user.id, resolution='Replaced.',
                                        followup_decision='planned')
        self.done.stage_id = self.stage('closed')
        self.done.write({'followup_rating': '5'})
        self.done.action_followup_done()
        # rejected after a late answer
        self.rejected = self.make_complaint(user_id=self.cs_user.id,
                                            resolution='Damage caused by the mover.')
        self.rejected.stage_id = self.stage('rejected')
        # still open, handled by the manager, no standard
        self.open = self.make_complaint(user_id=self.cs_manager.id)
        self.set_times(self.done, ack=2, resolve=10, closed=11, policy=policy, breached=False)
        self.set_times(self.rejected, ack=4, resolve=None, closed=20, policy=policy, breached=True)
        self.set_times(self.open, ack=None, resolve=None, closed=None, policy=None, breached=False)
        self.Kpi = self.env['cs.service.kpi.report']

    def set_times(self, complaint, ack, resolve, closed, policy, breached):
        """Known timestamps (hours after T0) for exact averages; with a standard, the
        acknowledgement is due after 3 h and the resolution after 12 h."""
        hours = lambda h: None if h is None else "TIMESTAMP '%s' + interval '%d hours'" % (T0, h)
        deadlines = (3, 12) if policy else (None, None)
        self.env.cr.execute("""
            UPDATE cs_complaint SET date_received = %%s, sla_acknowledge_reached = %s,
                   sla_resolve_reached = %s, date_closed = %s, sla_acknowledge_deadline = %s,
                   sla_resolve_deadline = %s, sla_policy_id = %%s,
                   sla_breached = %%s WHERE id = %%s""" % tuple(
            hours(h) or 'NULL' for h in (ack, resolve, closed) + deadlines),
            (T0, policy.id if policy else None, breached, complaint.id))
        complaint.invalidate_cache()

    def by_user(self, user=None, domain=None):
        Kpi = self.Kpi.sudo(user) if user else self.Kpi
        groups = Kpi.read_group(
            (domain or []) + [('source', '=', 'complaint'),
                              ('res_id', 'in', (self.done | self.rejected | self.open).ids)],
            ['user_id', 'handled', 'closed', 'resolution_rate', 'response_hours',
             'resolution_hours', 'sla_compliance', 'followup_rate', 'satisfaction'],
            ['user_id'], lazy=False)
        return {group['user_id'][0]: group for group in groups}

    def test_figures_per_person(self):
        figures = self.by_user()
        agent = figures[self.cs_user.id]
        self.assertEqual((agent['handled'], agent['closed']), (2, 2))
        self.assertAlmostEqual(agent['resolution_rate'], 50.0, msg='a rejection is not resolved')
        self.assertAlmostEqual(agent['response_hours'], 3.0)
        self.assertAlmostEqual(agent['resolution_hours'], 15.0, msg='10 h, and 20 h to closing')
        # deadlines met / due: 2 of 2, and 0 of 2 (acknowledged late, never resolved)
        self.assertAlmostEqual(agent['sla_compliance'], 50.0)
        self.assertAlmostEqual(agent['followup_rate'], 100.0, msg='only planned follow-ups count')
        self.assertAlmostEqual(agent['satisfaction'], 100.0)
        manager = figures[self.cs_manager.id]
        self.assertEqual((manager['handled'], manager['closed']), (1, 0))
        self.assertFalse(manager['response_hours'], 'not acknowledged: no response time')
        self.assertFalse(manager['sla_compliance'])

    def test_figures_per_team(self):
        groups = self.Kpi.read_group([('res_id', 'in', (self.done | self.rejected | self.open).ids)],
                                     ['team_id', 'handled', 'resolution_rate'], ['team_id'],
                                     lazy=False)
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]['team_id'][0], self.team.id)
        self.assertEqual(groups[0]['handled'], 3)
        self.assertAlmostEqual(groups[0]['resolution_rate'], 100.0 / 3)

    def test_agents_see_their_own_figures(self):
        other = self.make_user('kpi_other_agent', 'customer_service_mgmt.group_cs_user')
        self.assertEqual(set(self.by_user(self.cs_user)), {self.cs_user.id})
        self.assertFalse(self.by_user(other))
        self.assertEqual(set(self.by_user(self.cs_manager)), {self.cs_user.id, self.cs_manager.id})
        with self.assertRaises(AccessError):
            self.Kpi.sudo(self.salesman).search([])

    def test_sources_are_one_union_part_each(self):
        sources = self.Kpi._kpi_sources()
        self.assertEqual(len(sources), 2)  # complaints, service requests
        self.env.cr.execute('SELECT * FROM cs_service_kpi_report LIMIT 0')
        view_columns = [column.name for column in self.env.cr.description]
        for source in sources:
            self.env.cr.execute('SELECT * FROM (%s) part LIMIT 0' % source)
            columns = [column.name for column in self.env.cr.description]
            self.assertEqual(['id'] + columns, view_columns)

    def export(self, user, **values):
        wizard = self.env['cs.customer.xlsx.export'].sudo(user).create(values)
        wizard.action_export()
        self.assertTrue(wizard.file_name.endswith('.xlsx'))
        return read_workbook(base64.b64decode(wizard.file_data))[0]

    def test_kpi_workbook(self):
        sheets = self.export(self.cs_manager, report='kpi', date_from='2026-03-01',
                             date_to='2026-03-31')
        self.assertEqual(set(sheets), {'KPIs per Person', 'KPIs per Team'})
        person = sheets['KPIs per Person']
        header = person.find('Team')
        self.assertEqual(person.row(header, 4), ['Team', 'Person', 'Handled', 'Closed'])
        rows = {person.value('B%d' % n): person.row(n, 10) for n in (header + 1, header + 2)}
        self.assertEqual(rows[self.cs_user.name][2:], [2.0, 2.0, 50.0, 3.0, 15.0, 50.0, 100.0,
                                                       100.0])
        total = person.row(person.find('All'), 10)
        self.assertEqual(total[2:4], [3.0, 2.0])
        self.assertAlmostEqual(total[4], 100.0 / 3)
        team = sheets['KPIs per Team']
        self.assertEqual(team.row(team.find('Team') + 1, 2), [self.team.name, 3.0])
        # the period filters: nothing in April
        april = self.export(self.cs_manager, report='kpi', date_from='2026-04-01',
                            date_to='2026-04-30')['KPIs per Person']
        self.assertEqual(april.find('All'), april.find('Team') + 1)

    def test_kpi_workbook_access_and_input(self):
        with self.assertRaises(AccessError):
            self.env['cs.customer.xlsx.export'].sudo(self.salesman).create({'report': 'kpi'})
        wizard = self.env['cs.customer.xlsx.export'].sudo(self.cs_manager).create({
            'report': 'kpi', 'date_from': '2026-04-01', 'date_to': '2026-03-01'})
        with self.assertRaises(UserError):
            wizard.action_export()

    def test_roster_workbook(self):
        self.customer.write({'cs_customer_type': 'regular', 'ref': 'C-001',
                             'cs_registered_capital': 1e6})
        sheet = self.export(self.salesman, report='roster')['Customer Roster']
        header = sheet.find('Reference')
        headers = sheet.row(header, 14)
        self.assertEqual(headers[-1], 'Revenue (12 Months)', 'salespeople see revenue')
        row = sheet.row(sheet.find(self.customer.name, column='B'), 14)
        self.assertEqual(row[0], 'C-001')
        self.assertEqual(row[4], 'Regular')
        self.assertTrue(sheet.find('Total ('))
        # a service agent's roster has no financial column
        sheet = self.export(self.cs_user, report='roster')['Customer Roster']
        self.assertNotIn('Revenue (12 Months)', sheet.row(sheet.find('Reference'), 14))
