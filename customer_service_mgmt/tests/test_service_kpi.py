"""After-sales service KPIs: the analysis view and its Excel export."""
import base64

from .common import read_workbook
from .service_common import ServiceCase


class TestServiceKpi(ServiceCase):

    def setUp(self):
        super(TestServiceKpi, self).setUp()
        self.kpi_type = self.env['cs.service.type'].create({'name': 'KPI repair', 'kind': 'repair'})
        self.lot = self.make_lot('SN-K-1')
        self.make_delivery(self.lot)
        requests = self.env['cs.service.request']
        # 1: on time, fixed at the first visit, 10 h, cost 100
        # 2: answered late, two visits, repeat repair 30 days after 1, cost 300
        # 3: repair 100 days after 2: not a repeat; open; cost 200
        for day, cost in (('2025-06-02', 100.0), ('2025-07-02', 300.0), ('2025-10-10', 200.0)):
            requests |= self.make_request(lot_id=self.lot.id, type_id=self.kpi_type.id,
                                          date_request=self.utc(day + ' 09:00'),
                                          cost_amount=cost)
        self.first, self.second, self.third = requests
        self.first.write({'sla_acknowledge_reached': self.utc('2025-06-02 10:00'),
                          'visit_count': 1, 'date_done': self.utc('2025-06-02 19:00')})
        self.first.stage_id = self.service_stage('resolved')
        self.second.write({'sla_acknowledge_reached': self.utc('2025-07-03 10:00'),
                           'sla_acknowledge_breached': True, 'visit_count': 2,
                           'date_done': self.utc('2025-07-03 15:00')})
        self.second.stage_id = self.service_stage('resolved')
        self.domain = [('type_id', '=', self.kpi_type.id)]

    def test_rates_and_averages(self):
        report = self.env['cs.service.report']
        rows = report.search(self.domain, order='date_request')
        self.assertEqual(rows.mapped('repeat_repair_count'), [0, 1, 0])
        self.assertEqual(rows.mapped('ontime_response_rate'), [100.0, 0.0, 0.0])
        total, = report.read_group(self.domain, [
            'type_id', 'request_count', 'resolved_count', 'ontime_response_rate',
            'first_fix_rate', 'repeat_repair_count', 'resolution_hours', 'cost_amount',
            'total_cost'], ['type_id'], lazy=False)
        self.assertEqual((total['request_count'], total['resolved_count']), (3, 2))
        self.assertEqual(total['ontime_response_rate'], 50.0, 'one answered late, one not yet')
        self.assertEqual(total['first_fix_rate'], 50.0)
        self.assertEqual(total['repeat_repair_count'], 1)
        self.assertAlmostEqual(total['resolution_hours'], (10 + 30) / 2.0)
        self.assertAlmostEqual(total['cost_amount'], 200.0)
        self.assertAlmostEqual(total['total_cost'], 600.0)

    def test_repeat_flag_follows_dates_types_and_deletions(self):
        self.assertEqual((self.first | self.second | self.third).mapped('repeat_repair'),
                         [False, True, False])
        self.third.date_request = self.utc('2025-08-01 09:00')
        self.assertTrue(self.third.repeat_repair, '30 days after the second repair')
        self.second.type_id = self.service_type('maintenance')
        self.assertFalse(self.second.repeat_repair, 'a maintenance is not a repeat repair')
        self.assertTrue(self.third.repeat_repair, '60 days after the first repair')
        self.first.unlink()
        self.assertFalse(self.third.repeat_repair, 'no repair before it any more')

    def test_reopened_request_is_not_a_first_time_fix(self):
        self.first.stage_id = self.service_stage('in_progress')
        self.first.stage_id = self.service_stage('resolved')
        row = self.env['cs.service.report'].search([('request_id', '=', self.first.id)])
        self.assertEqual(row.first_fix_rate, 0.0)

    def test_excel_export(self):
        self.env['cs.service.request'].search([('type_id', '!=', self.kpi_type.id)]).unlink()
        wizard = self.env['cs.service.xlsx.export'].sudo(self.technician).create({
            'date_from': '2025-01-01', 'date_to': '2025-12-31', 'group_by': 'type_id'})
        wizard.action_export()
        self.assertEqual(wizard.file_name, 'service_kpis_2025-01-01_2025-12-31.xlsx')
        sheets, _styles = read_workbook(base64.b64decode(wizard.file_data))
        sheet = sheets['Service KPIs']
        header = sheet.find('Service Type')
        self.assertEqual(sheet.row(header, 9), [
            'Service Type', 'Requests', 'Resolved', 'On-time Response (%)', 'First-time Fix (%)',
            'Repeat Repairs', 'Resolution Time (h)', 'Cost per Request', 'Total Cost'])
        self.assertEqual(sheet.row(header + 1, 9),
                         ['KPI repair', 3.0, 2.0, 50.0, 50.0, 1.0, 20.0, 200.0, 600.0])
        total = sheet.find('All requests')
        self.assertEqual(sheet.row(total, 9)[1:], [3.0, 2.0, 50.0, 50.0, 1.0, 20.0, 200.0, 600.0])

    def test_customer_service_kpis_count_service_requests(self):
        """The per-person and per-team KPI report (客服部关键绩效考核指标) counts the service
        requests of the technician and the outlet beside the complaints."""
        self.first.user_id = self.second.user_id = self.third.user_id = self.technician
        self.first.write({'followup_rating': '5', 'stage_id': self.service_stage('closed').id})
        self.first.action_followup_done()
        self.make_complaint(user_id=self.technician.id)
        kpi = self.env['cs.service.kpi.report']
        self.assertEqual(kpi.search_count([('source', '=', 'service_request'),
                                           ('res_id', 'in', (self.first | self.second).ids)]), 2)
        by_source = {row['source']: row for row in kpi.read_group(
            [('user_id', '=', self.technician.id)],
            ['source', 'handled', 'closed', 'resolution_rate', 'response_hours',
             'followup_rate', 'satisfaction'], ['source'])}
        service = by_source['service_request']
        self.assertEqual((service['handled'], service['closed']), (3, 1))
        self.assertAlmostEqual(service['resolution_rate'], 200.0 / 3)  # two of three resolved
        self.assertAlmostEqual(service['response_hours'], (1.0 + 25.0) / 2)
        self.assertEqual(service['followup_rate'], 100.0)  # the closed one was followed up
        self.assertEqual(service['satisfaction'], 100.0)
        self.assertEqual(by_source['complaint']['handled'], 1)
        outlet, = kpi.read_group([('source', '=', 'service_request'),
                                  ('outlet_id', '=', self.outlet.id),
                                  ('res_id', 'in', (self.first | self.second | self.third).ids)],
                                 ['outlet_id', 'handled'], ['outlet_id'])
        self.assertEqual(outlet['handled'], 3)
