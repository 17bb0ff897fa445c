"""Shared set-up of the complaint and SLA tests: a team on a known calendar (Mon-Fri
08-12 and 13-17, Asia/Shanghai), its users, a customer with a contact, helpers."""
from .common import CsmCase

TZ = 'Asia/Shanghai'


class ComplaintCase(CsmCase):

    def setUp(self):
        super(ComplaintCase, self).setUp()
        self.calendar = self.env['resource.calendar'].create({
            'name': 'Complaint desk hours', 'company_id': self.company.id,
            'attendance_ids': [(5, 0, 0)] + [
                (0, 0, {'name': 'Day %d %s' % (day, half), 'dayofweek': str(day),
                        'hour_from': start, 'hour_to': end})
                for day in range(5) for half, start, end in (('am', 8, 12), ('pm', 13, 17))],
        })
        self.cs_user = self.make_user('cs_test_agent', 'customer_service_mgmt.group_cs_user')
        self.cs_manager = self.make_user('cs_test_manager', 'customer_service_mgmt.group_cs_manager')
        self.salesman = self.make_user('cs_test_seller', 'sales_team.group_sale_salesman')
        self.team = self.env['cs.team'].create({
            'name': 'Hotline', 'manager_id': self.cs_manager.id,
            'member_ids': [(6, 0, [self.cs_user.id])],
            'resource_calendar_id': self.calendar.id, 'tz': TZ})
        self.customer = self.make_customer(
            'Foshan Test Furniture Co.', email='service@foshan-furniture.example.com',
            user_id=self.salesman.id)
        self.contact = self.make_contact(self.customer, 'Wang Fang',
                                         email='wang.fang@foshan-furniture.example.com')
        self.other_customer = self.make_customer('Dongguan Other Trading Co.',
                                                 email='info@dongguan-other.example.com')
        self.quality = self.env.ref('customer_service_mgmt.complaint_category_quality')
        self.product = self.make_product('Oak wardrobe', list_price=1200.0)

    def make_complaint(self, user=None, **values):
        vals = {'partner_id': self.customer.id, 'categ_id': self.quality.id,
                'description': 'Two wardrobe doors arrived cracked.', 'team_id': self.team.id}
        vals.update(values)
        env = self.env(user=user) if user else self.env
        return env['cs.complaint'].create(vals)

    def stage(self, name):
        return self.env.ref('customer_service_mgmt.complaint_stage_%s' % name)

    def make_sale_order(self, partner=None, company=None):
        values = {'partner_id': (partner or self.customer).id,
                  'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 1,
                                         'price_unit': 1200.0})]}
        if company:
            values['company_id'] = company.id
        return self.env['sale.order'].create(values)
