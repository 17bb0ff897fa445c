"""Service requests: intake, response-time standards by type and region, visits, stages,
reopening and follow-up."""
from odoo.exceptions import UserError, ValidationError

from .service_common import ServiceCase

MONDAY = '2025-06-02'


class TestIntake(ServiceCase):

    def test_sequence_customer_contact_and_defaults(self):
        request = self.make_request(partner_id=self.contact.id)
        self.assertTrue(request.name.startswith('SR/'))
        self.assertEqual(request.partner_id, self.customer, 'filed on the commercial entity')
        self.assertEqual(request.contact_id, self.contact)
        self.assertEqual(request.stage_id, self.service_stage('new'))
        self.assertEqual(request.region_id, self.region, 'the region is the outlet\'s')
        self.assertEqual(request.kind, 'repair')
        self.assertTrue(request.message_ids, 'chatter')

    def test_outlet_from_the_customers_province(self):
        province = self.env['res.country.state'].search([], limit=1)
        self.region.state_ids = province
        self.customer.state_id = province
        request = self.env['cs.service.request'].create({
            'partner_id': self.contact.id, 'type_id': self.service_type('repair').id,
            'description': 'Noise'})
        self.assertEqual(request.outlet_id, self.outlet)
        self.assertEqual(request.region_id, self.region)
        request = self.make_request(outlet_id=self.other_outlet.id)
        self.assertEqual(request.outlet_id, self.other_outlet, 'an explicit outlet is kept')

    def test_empty_description_is_refused_clearly(self):
        with self.assertRaisesRegex(ValidationError, 'description cannot be empty'):
            self.make_request(description='   ')

    def test_documents_of_another_customer_or_company_are_refused(self):
        order = self.make_sale_order(partner=self.other_customer)
        with self.assertRaisesRegex(ValidationError, 'Sale Order .* is for customer Dongguan Other Trading Co., not for Foshan'):
            self.make_request(sale_order_id=order.id)
        other_company = self.env['res.company'].create({'name': 'Suzhou Subsidiary'})
        foreign = self.env['cs.service.outlet'].create({
            'name': 'Suzhou Outlet', 'region_id': self.region.id, 'company_id': other_company.id,
            'resource_calendar_id': self.calendar.id})
        with self.assertRaisesRegex(ValidationError, 'Service Outlet Suzhou Outlet belongs to company Suzhou Subsidiary, not to '):
            self.make_request(outlet_id=foreign.id)

    def test_history_on_customer_and_serial(self):
        lot = self.make_lot('SN-H-1')
        self.make_delivery(lot)
        self.make_request(lot_id=lot.id)
        self.make_request(lot_id=lot.id, type_id=self.service_type('maintenance').id)
        self.make_request(product_id=self.machine.id)
        self.assertEqual(lot.cs_service_request_count, 2)
        self.assertEqual(self.customer.cs_service_request_count, 3)
        self.assertEqual(self.contact.cs_service_request_count, 3, 'a contact shows its company')
        action = lot.action_view_cs_service_requests()
        self.assertEqual(len(self.env['cs.service.request'].search(action['domain'])), 2)
        action = self.contact.action_view_cs_service_requests()
        self.assertEqual(len(self.env['cs.service.request'].search(action['domain'])), 3)


class TestResponseTimes(ServiceCase):

    def setUp(self):
        super(TestResponseTimes, self).setUp()
        self.regional = self.env['cs.sla.policy'].create({
            'name': 'East China repairs', 'res_model': 'cs.service.request',
            'region_id': self.region.id,
            'category_ref': 'cs.service.type,%d' % self.service_type('repair').id,
            'acknowledge_hours': 2, 'onsite_hours': 4, 'resolve_hours': 16})

    def test_regional_standard_in_working_hours(self):
        request = self.make_request(date_request=self.utc(MONDAY + ' 09:00'))
        self.assertEqual(request.sla_policy_id, self.regional)
        self.assertEqual(request.sla_acknowledge_deadline, self.utc(MONDAY + ' 11:00'))
        # 3 h in the morning, 1 h after the lunch break
        self.assertEqual(request.sla_onsite_deadline, self.utc(MONDAY + ' 14:00'))
        # 7 h on Monday, 8 h on Tuesday, 1 h on Wednesday
        self.assertEqual(request.sla_resolve_deadline, self.utc('2025-06-04 09:00'))

    def test_other_region_gets_the_general_standard(self):
        request = self.make_request(date_request=self.utc(MONDAY + ' 09:00'),
                                    outlet_id=self.other_outlet.id)
        self.assertEqual(request.sla_policy_id,
                         self.env.ref('customer_service_mgmt.sla_policy_service_default'))
        self.assertEqual(request.sla_acknowledge_deadline, self.utc(MONDAY + ' 14:00'))
        request.outlet_id = self.outlet
        self.assertEqual(request.sla_policy_id, self.regional, 'a new outlet, a new standard')
        self.assertEqual(request.sla_acknowledge_deadline, self.utc(MONDAY + ' 11:00'))

    def test_other_type_gets_the_general_standard_without_visit(self):
        request = self.make_request(date_request=self.utc(MONDAY + ' 09:00'),
                                    type_id=self.service_type('support').id)
        self.assertEqual(request.sla_policy_id,
                         self.env.ref('customer_service_mgmt.sla_policy_service_default'))
        self.assertFalse(request.sla_onsite_deadline, 'technical support has no on-site visit')
        self.assertTrue(request.sla_resolve_deadline)

    def test_complaints_ignore_regional_standards(self):
        self.assertEqual(self.env['cs.sla.policy'].with_context(
            cs_sla_region_id=self.region.id).find('cs.complaint', self.company, '1', False),
            self.env['cs.sla.policy'].find('cs.complaint', self.company, '1', False))

    def test_deadlines_met_on_time(self):
        request = self.make_request()
        request.stage_id = self.service_stage('accepted')
        self.assertTrue(request.sla_acknowledge_reached)
        self.assertFalse(request.sla_onsite_reached)
        request.sudo(self.technician).action_register_visit()
        self.assertTrue(request.sla_onsite_reached)
        self.assertEqual((request.visit_count, request.date_onsite), (1, request.sla_onsite_reached))
        request.stage_id = self.service_stage('resolved')
        self.assertTrue(request.sla_resolve_reached)
        self.assertTrue(request.date_done)
        self.assertFalse(request.sla_breached)

    def test_late_response_is_a_breach(self):
        request = self.make_request(date_request=self.utc(MONDAY + ' 09:00'))
        request.stage_id = self.service_stage('accepted')
        self.assertTrue(request.sla_acknowledge_breached)
        self.assertTrue(request.sla_breached)

    def test_reopening_restarts_the_resolution(self):
        request = self.make_request()
        request.stage_id = self.service_stage('resolved')
        request.stage_id = self.service_stage('in_progress')
        self.assertEqual(request.reopen_count, 1)
        self.assertFalse(request.date_done)
        self.assertFalse(request.sla_resolve_reached)
        self.assertTrue(request.sla_resolve_deadline)

    def test_escalation_cron_reaches_the_outlet_manager(self):
        request = self.make_request(date_request=self.utc(MONDAY + ' 09:00'))
        self.env['cs.sla.policy']._cron_escalate()
        self.assertTrue(request.sla_acknowledge_breached)
        self.assertIn(self.cs_manager, request.activity_ids.mapped('user_id'))


class TestVisitsAndFollowUp(ServiceCase):

    def test_follow_up_after_closing(self):
        request = self.make_request()
        with self.assertRaisesRegex(ValidationError, 'is not closed: the follow-up'), \
                self.env.cr.savepoint():
            request.followup_rating = '5'
        request.invalidate_cache()
        with self.assertRaisesRegex(UserError, 'is not closed'):
            request.action_followup_done()
        request.write({'user_id': self.technician.id, 'stage_id': self.service_stage('closed').id})
        followup = request.activity_ids.filtered(lambda a: a.summary == 'Service follow-up visit')
        self.assertEqual(followup.user_id, self.technician)
        with self.assertRaisesRegex(UserError, 'Service Request SR/.*: record the customer\'s satisfaction before marking'):
            request.action_followup_done()
        request.followup_rating = '4'
        request.action_followup_done()
        self.assertTrue(request.followup_done_date)
        self.assertFalse(followup.exists(), 'the follow-up activity is done')
        self.assertIn('Customer satisfaction: Satisfied', request.message_ids[0].body)

    def test_visits_count_and_closed_requests_refuse_visits(self):
        request = self.make_request()
        request.action_register_visit()
        first = request.date_onsite
        request.action_register_visit()
        self.assertEqual((request.visit_count, request.date_onsite), (2, first))
        request.stage_id = self.service_stage('closed')
        with self.assertRaisesRegex(UserError, 'is closed'):
            request.action_register_visit()
