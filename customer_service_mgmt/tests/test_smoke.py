from .common import CsmCase


class TestInstalled(CsmCase):
    def test_addon_installed(self):
        module = self.env['ir.module.module'].search([('name', '=', 'customer_service_mgmt')])
        self.assertEqual(module.state, 'installed')
        company = self.env.user.company_id
        self.assertEqual(company.currency_id.name, 'CNY')
        self.assertTrue(company.chart_template_id)
        self.assertTrue(self.env['res.lang'].search([('code', '=', 'zh_CN')]))
