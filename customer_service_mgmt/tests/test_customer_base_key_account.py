"""Key accounts 大客户: service plan and the visit schedule (issue 7)."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .customer_base_common import CustomerBaseCase


class TestKeyAccountVisits(CustomerBaseCase):

    def setUp(self):
        super(TestKeyAccountVisits, self).setUp()
        self.manager = self.make_user('ka_manager', 'sales_team.group_sale_salesman')
        self.manager_2 = self.make_user('ka_manager_2', 'sales_team.group_sale_salesman')
        self.today = fields.Date.from_string(fields.Date.context_today(self.env['res.partner']))
        self.customer = self.make_customer('Key Buyer Co.', cs_key_account=True,
                                           cs_account_manager_id=self.manager.id,
                                           cs_visit_interval_days=30)

    def ago(self, days):
        return fields.Date.to_string(self.today - timedelta(days=days))

    def visit_activities(self, partners=None):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'res.partner'), ('summary', '=', 'Key account visit'),
            ('res_id', 'in', (partners or self.customer).ids)])

    def run_cron(self):
        return self.env['res.partner']._cron_key_account_visits()

    def test_pinning(self):
        self.assertEqual(self.customer.cs_customer_type, 'key')
        self.assertEqual(self.customer.cs_key_account_date, fields.Date.to_string(self.today))
        self.assertEqual(self.customer.cs_next_visit_date, self.ago(-30))
        contact = self.env['res.partner'].create({'name': 'Purchasing Wu',
                                                  'parent_id': self.customer.id,
                                                  'cs_contact_role': 'purchasing'})
        self.assertTrue(contact.cs_key_account, 'contacts mirror their company')
        self.assertEqual(contact.cs_account_manager_id, self.manager)
        self.assertEqual(self.customer.cs_key_contact_ids, contact)

    def test_visit_raised_when_due_and_never_twice(self):
        self.run_cron()
        self.assertFalse(self.visit_activities(), 'not due before the visit frequency')
        self.customer.cs_key_account_date = self.ago(30)
        self.run_cron()
        activity = self.visit_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.date_deadline, fields.Date.to_string(self.today))
        self.run_cron()
        self.assertEqual(len(self.visit_activities()), 1, 'no duplicate while open')

    def test_a_visit_closes_the_activity_and_restarts_the_schedule(self):
        self.customer.cs_key_account_date = self.ago(40)
        self.run_cron()
        self.assertTrue(self.visit_activities())
        self.env['cs.interaction'].create({
            'partner_id': self.customer.id, 'kind': 'visit', 'purpose': 'Quarterly review',
            'date': fields.Datetime.to_string(fields.Datetime.from_string(
                fields.Datetime.now()) - timedelta(days=2))})
        self.assertFalse(self.visit_activities(), 'the visit marked the activity done')
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.cs_next_visit_date, self.ago(2 - 30))
        self.run_cron()
        self.assertFalse(self.visit_activities())
        # calls do not count as visits
        self.env['cs.interaction'].create({'partner_id': self.customer.id, 'kind': 'call_out',
                                           'purpose': 'Check-in'})
        self.env.cr.execute("UPDATE cs_interaction SET date = date - interval '29 days' "
                            "WHERE partner_id = %s AND kind = 'visit'", (self.customer.id,))
        self.run_cron()
        self.assertEqual(len(self.visit_activities()), 1)

    def test_bulk_run_assigns_each_account_manager(self):
        second = self.make_customer('Key Buyer 2', cs_key_account=True,
                                    cs_account_manager_id=self.manager_2.id,
                                    cs_visit_interval_days=7)
        third = self.make_customer('Key Buyer 3', cs_key_account=True,
                                   cs_account_manager_id=self.manager.id,
                                   cs_visit_interval_days=14)
        not_key = self.make_customer('Ordinary Buyer')
        everyone = self.customer | second | third | not_key
        self.env.cr.execute("UPDATE res_partner SET cs_key_account_date = %s WHERE id IN %s",
                            (self.ago(10), tuple(everyone.ids)))
        self.run_cron()
        activities = self.visit_activities(everyone)
        self.assertEqual(sorted((a.res_id, a.user_id.id) for a in activities),
                         sorted([(second.id, self.manager_2.id)]))
        self.env.cr.execute("UPDATE res_partner SET cs_key_account_date = %s WHERE id IN %s",
                            (self.ago(30), tuple(everyone.ids)))
        self.run_cron()
        activities = self.visit_activities(everyone)
        self.assertEqual(sorted((a.res_id, a.user_id.id) for a in activities),
                         sorted([(self.customer.id, self.manager.id), (second.id, self.manager_2.id),
                                 (third.id, self.manager.id)]))

    def test_service_plan_input(self):
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.make_customer('No Manager', cs_key_account=True, cs_visit_interval_days=30)
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.make_customer('No Frequency', cs_key_account=True,
                                   cs_account_manager_id=self.manager.id)
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.customer.cs_visit_interval_days = -7
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.customer.cs_year_founded = 3020
