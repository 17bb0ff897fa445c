"""Who sees and does what with service requests: service users of an outlet, managers,
salespeople, portal customers, other companies."""
from odoo.exceptions import AccessError

from .service_common import ServiceCase


class TestServiceAccess(ServiceCase):

    def setUp(self):
        super(TestServiceAccess, self).setUp()
        self.mine = self.make_request()
        self.elsewhere = self.make_request(outlet_id=self.other_outlet.id,
                                           partner_id=self.other_customer.id)
        self.portal_user = self.make_user('cs_test_portal', 'base.group_portal',
                                          partner_id=self.contact.id)
        self.other_portal = self.env['res.partner'].create({
            'name': 'Li Lei', 'parent_id': self.other_customer.id})
        self.other_portal_user = self.make_user('cs_test_portal2', 'base.group_portal',
                                                partner_id=self.other_portal.id)

    def visible(self, user):
        return self.env['cs.service.request'].sudo(user).search([]) & (self.mine | self.elsewhere)

    def test_technician_sees_his_outlet(self):
        self.assertEqual(self.visible(self.technician), self.mine)
        with self.assertRaises(AccessError):
            self.elsewhere.sudo(self.technician).read(['name'])
        self.mine.sudo(self.technician).write({'resolution': 'Bearing replaced.'})
        created = self.make_request(user=self.technician, outlet_id=False)
        self.assertIn(created, self.env['cs.service.request'].sudo(self.technician).search([]))
        with self.assertRaises(AccessError):
            self.mine.sudo(self.technician).unlink()
        with self.assertRaises(AccessError):
            self.env['cs.service.type'].sudo(self.technician).create(
                {'name': 'Painting', 'kind': 'maintenance'})

    def test_technician_works_without_warehouse_rights(self):
        self.assertFalse(self.technician.has_group('stock.group_stock_user'))
        lot = self.make_lot('SN-A-1')
        self.make_delivery(lot)
        request = self.make_request(user=self.technician, lot_id=lot.id)
        request.action_create_repair()
        self.assertEqual(request.sudo(self.technician).repair_ids.read(['state'])[0]['state'],
                         'draft')

    def test_manager_sees_all_and_configures(self):
        self.assertEqual(self.visible(self.cs_manager), self.mine | self.elsewhere)
        self.env['cs.service.type'].sudo(self.cs_manager).create(
            {'name': 'Painting', 'kind': 'maintenance'})
        self.elsewhere.sudo(self.cs_manager).unlink()

    def test_salesman_reads_his_customers_only(self):
        self.assertEqual(self.visible(self.salesman), self.mine)
        with self.assertRaises(AccessError):
            self.mine.sudo(self.salesman).write({'description': 'Changed'})
        with self.assertRaises(AccessError):
            self.make_request(user=self.salesman)

    def test_portal_reads_his_company_only(self):
        self.assertEqual(self.visible(self.portal_user), self.mine)
        self.assertEqual(self.visible(self.other_portal_user), self.elsewhere)
        with self.assertRaises(AccessError):
            self.elsewhere.sudo(self.portal_user).read(['name'])
        with self.assertRaises(AccessError):
            self.mine.sudo(self.portal_user).write({'description': 'Changed'})
        with self.assertRaises(AccessError):
            self.env['cs.service.request'].sudo(self.portal_user).create({
                'partner_id': self.other_customer.id, 'type_id': self.service_type('repair').id,
                'description': 'Forged'})

    def test_other_company(self):
        other_company = self.env['res.company'].create({'name': 'Suzhou Subsidiary'})
        foreign = self.make_request(company_id=other_company.id, outlet_id=False)
        self.cs_manager.write({'company_ids': [(4, other_company.id)]})
        self.assertNotIn(foreign, self.env['cs.service.request'].sudo(self.cs_manager).search([]))
        self.cs_manager.company_id = other_company
        self.assertIn(foreign, self.env['cs.service.request'].sudo(self.cs_manager).search([]))

    def test_kpi_report_and_export_for_service_users_only(self):
        self.assertTrue(self.env['cs.service.report'].sudo(self.technician).search_count([]))
        with self.assertRaises(AccessError):
            self.env['cs.service.report'].sudo(self.salesman).search([])
        with self.assertRaises(AccessError):
            self.env['cs.service.xlsx.export'].sudo(self.salesman).create({})
