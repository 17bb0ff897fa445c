"""Lost-customer detection 流失客户 and win-back 恢复客户关系 (issue 7)."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .customer_base_common import CustomerBaseCase, day


class ChurnCase(CustomerBaseCase):

    def setUp(self):
        super(ChurnCase, self).setUp()
        self.salesman = self.make_user('churn_seller', 'sales_team.group_sale_salesman')
        self.customer = self.make_customer('Monthly Buyer Co.', user_id=self.salesman.id)
        for offset in (-100, -70, -40):  # every 30 days, last one 40 days ago
            self.make_order(self.customer, day(offset))

    def detect(self, offset):
        return self.Segment.detect_churn(self.company, date=day(offset))


class TestChurnRules(ChurnCase):

    def test_interval_and_factors(self):
        self.detect(0)
        segment = self.segment(self.customer)
        self.assertAlmostEqual(segment.reorder_interval, 30.0)
        self.assertEqual(segment.order_count, 3)
        self.assertEqual(segment.last_order_date, day(-40))
        self.assertEqual(segment.churn_state, 'active')
        # shown live: days from the last order to the real today
        real_today = fields.Date.from_string(fields.Date.context_today(segment))
        self.assertEqual(segment.idle_days,
                         (real_today - fields.Date.from_string(day(-40))).days)
        self.detect(5)  # 45 days = 1.5 x 30: not more
        self.assertEqual(self.segment(self.customer).churn_state, 'active')
        self.detect(6)  # 46 days > 45
        self.assertEqual(self.segment(self.customer).churn_state, 'at_risk')
        self.assertEqual(self.segment(self.customer).churn_date, day(6))
        self.detect(50)  # 90 days = 3 x 30: still at risk, flagged on the first day
        self.assertEqual(self.segment(self.customer).churn_state, 'at_risk')
        self.detect(51)
        segment = self.segment(self.customer)
        self.assertEqual((segment.churn_state, segment.churn_date), ('lost', day(6)))

    def test_days_without_orders_rule(self):
        single = self.make_customer('One-off Buyer')
        self.make_order(single, day(-300))
        self.detect(65)  # 365 days: not more
        segment = self.segment(single)
        self.assertFalse(segment.reorder_interval, 'one ordering day gives no interval')
        self.assertEqual(segment.churn_state, 'active')
        self.detect(66)
        self.assertEqual(self.segment(single).churn_state, 'lost')
        self.company.cs_churn_lost_days = 0  # rule switched off: no interval, no flag
        self.detect(500)
        self.assertEqual(self.segment(single).churn_state, 'active')
        self.assertEqual(self.segment(self.customer).churn_state, 'lost', 'by its interval')

    def test_contacts_same_day_and_cancelled_orders(self):
        contact = self.env['res.partner'].create({'name': 'Buyer Zhang',
                                                  'parent_id': self.customer.id})
        self.make_order(contact, day(-40))  # same day as the last order: one ordering day
        cancelled = self.make_order(self.customer, day(-10))
        self.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE id = %s", (cancelled.id,))
        self.detect(0)
        segment = self.segment(self.customer)
        self.assertEqual(segment.order_count, 4)
        self.assertAlmostEqual(segment.reorder_interval, 30.0)
        self.assertEqual(segment.last_order_date, day(-40))
        self.assertFalse(self.segment(contact), 'orders of contacts count for their company')

    def test_companies_are_separate(self):
        factory = self.env['res.company'].create({
            'name': 'Churn Test Factory', 'currency_id': self.company.currency_id.id})
        self.make_order(self.customer, day(-1), company=factory)
        self.Segment.detect_churn(self.company | factory, date=day(6))
        self.assertEqual(self.segment(self.customer).churn_state, 'at_risk')
        self.assertEqual(self.segment(self.customer, factory).churn_state, 'active')
        self.assertEqual(self.segment(self.customer, factory).order_count, 1)

    def test_partner_status_field(self):
        self.detect(6)
        self.assertEqual(self.customer.cs_churn_state, 'at_risk')
        found = self.env['res.partner'].search([('cs_churn_state', 'in', ['at_risk', 'lost']),
                                                ('id', '=', self.customer.id)])
        self.assertEqual(found, self.customer)


class TestWinBack(ChurnCase):

    def test_ordering_again_wins_the_customer_back(self):
        self.detect(6)
        self.make_order(self.customer, day(8), user=self.salesman)
        self.detect(10)
        segment = self.segment(self.customer)
        self.assertEqual(segment.churn_state, 'won_back')
        self.assertEqual(segment.won_back_date, day(8))
        self.assertEqual(segment.won_back_user_id, self.salesman)
        self.detect(20)  # ordering normally: stays recorded as won back
        self.assertEqual(self.segment(self.customer).churn_state, 'won_back')
        self.detect(200)  # overdue again
        self.assertEqual(self.segment(self.customer).churn_state, 'lost')
        self.assertEqual(self.segment(self.customer).won_back_date, day(8), 'history kept')

    def test_win_back_plan_and_recording(self):
        active = self.make_customer('Active Buyer')
        self.make_order(active, day(-1))
        self.detect(6)
        with self.assertRaises(UserError):
            self.segment(active).sudo(self.salesman).action_start_winback()
        segment = self.segment(self.customer).sudo(self.salesman)
        segment.action_start_winback()
        activities = self.env['mail.activity'].search([('res_model', '=', 'res.partner'),
                                                        ('res_id', '=', self.customer.id)])
        steps = self.env['cs.winback.step'].search([])
        self.assertEqual(len(activities), len(steps))
        self.assertEqual(activities.mapped('user_id'), self.salesman, 'the salesperson')
        today = fields.Date.from_string(fields.Date.context_today(segment))
        self.assertEqual(sorted(fields.Date.from_string(a.date_deadline) - today
                                for a in activities),
                         sorted(timedelta(days=s.days) for s in steps))
        self.assertEqual(segment.winback_user_id, self.salesman)
        segment.action_mark_won_back()
        self.assertEqual(segment.churn_state, 'won_back')
        self.assertEqual(segment.won_back_user_id, self.salesman)
        self.assertEqual(segment.won_back_date, fields.Date.context_today(segment))
        with self.assertRaises(UserError):
            segment.action_mark_won_back()


class TestChurnInput(ChurnCase):

    def test_bad_factors_are_refused(self):
        for values in ({'cs_churn_risk_factor': -1.0}, {'cs_churn_lost_factor': -2.0},
                       {'cs_churn_risk_factor': 0.0}, {'cs_churn_lost_days': -30},
                       {'cs_churn_risk_factor': 4.0, 'cs_churn_lost_factor': 3.0}):
            with self.assertRaises(ValidationError, msg=str(values)):
                with self.env.cr.savepoint():
                    self.company.write(values)

    def test_win_back_steps_cannot_be_due_before_the_start(self):
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.env['cs.winback.step'].create({
                    'name': 'Too early', 'days': -1,
                    'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id})
