"""Excel satisfaction report (issue 6): trend, CSI per dimension and NPS distribution sheets
with their native charts, read back from the .xlsx; only customer service users export."""
import base64
import io
import zipfile

from odoo.exceptions import UserError

from .common import read_workbook
from .satisfaction_common import SatisfactionCase


class TestSatisfactionXlsx(SatisfactionCase):

    def export(self, campaigns, user):
        wizard = self.env['cs.satisfaction.xlsx.export'].sudo(user).create(
            {'campaign_ids': [(6, 0, campaigns.ids)]})
        wizard.action_export()
        self.assertEqual(wizard.state, 'done')
        return base64.b64decode(wizard.file_data)

    def test_workbook_figures_and_charts(self):
        q1 = self.make_campaign()
        q2 = self.make_campaign(title='Q2 satisfaction', date_start='2026-04-01',
                                date_end='2026-06-30')
        self.answer(self.make_input(campaign=q1), choice='Fair', nps=9)
        self.answer(self.make_input(campaign=q1), choice='Bad', nps=2)
        self.answer(self.make_input(campaign=q2), choice='Great', number=10, nps=10)
        content = self.export(q1 | q2, self.cs_user)
        sheets, _styles = read_workbook(content)
        self.assertEqual(list(sheets), ['Trend', 'Dimensions', 'NPS'])

        trend = sheets['Trend']
        row = trend.find(q1.name)
        self.assertEqual(trend.row(row, 9)[3:],
                         [2.0, 2.0, 100.0, 25.0, 0.0, 0.0])  # invited, answered, rate, CSI, NPS, CSAT
        self.assertEqual(trend.value('G%d' % (row + 1)), 100.0)  # Q2 comes after Q1

        dimensions = sheets['Dimensions']
        quality = dimensions.find('Product Quality')
        self.assertEqual(dimensions.row(quality, 3), ['Product Quality', 25.0, 100.0])
        service = dimensions.find('Service')
        self.assertEqual(dimensions.row(service, 3), ['Service', None, 100.0])

        nps = sheets['NPS']
        counts = {nps.value('A%d' % number): nps.value('B%d' % number)
                  for number in range(nps.find('0'), nps.find('10') + 1)}
        self.assertEqual((counts['2'], counts['9'], counts['10'], counts['5']), (1, 1, 1, 0))

        charts = [name for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
                  if name.startswith('xl/charts/chart')]
        self.assertEqual(len(charts), 3)

    def test_only_customer_service_exports(self):
        with self.assertRaises(UserError):
            self.export(self.make_campaign(), self.salesman)
