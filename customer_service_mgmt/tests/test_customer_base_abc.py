"""ABC classification 客户ABC分类 (issue 7): Pareto thresholds, ties, refunds, history,
multi-company separation, bad thresholds, access to the recomputation."""
from odoo.exceptions import AccessError, ValidationError

from .customer_base_common import CustomerBaseCase, day, TODAY


class AbcCase(CustomerBaseCase):

    def setUp(self):
        super(AbcCase, self).setUp()
        # a company of its own: its revenue is exactly what the tests invoice
        self.factory = self.env['res.company'].create({
            'name': 'ABC Test Factory', 'currency_id': self.company.currency_id.id})

    def classify(self, *customers_amounts, **kwargs):
        customers = []
        for name, amount in customers_amounts:
            customer = self.make_customer(name)
            self.make_invoice(customer, amount, company=self.factory)
            customers.append(customer)
        self.Segment.compute_abc(self.factory, date=kwargs.get('date', TODAY.isoformat()))
        return customers

    def classes(self, customers):
        return [self.segment(customer, self.factory).abc_class for customer in customers]


class TestAbcThresholds(AbcCase):

    def test_exact_thresholds(self):
        """80 / 15 / 5: the customer starting at 80 % is B, the one starting at 95 % is C."""
        customers = self.classify(('Big', 800.0), ('Middle', 150.0), ('Small', 50.0))
        self.assertEqual(self.classes(customers), ['a', 'b', 'c'])
        big = self.segment(customers[0], self.factory)
        self.assertEqual(big.revenue_rank, 1)
        self.assertAlmostEqual(big.sudo().revenue_12m, 800.0)
        self.assertAlmostEqual(big.sudo().revenue_share, 80.0)

    def test_customer_crossing_the_threshold_is_in_the_higher_class(self):
        customers = self.classify(('P1', 500.0), ('P2', 300.0), ('P3', 150.0), ('P4', 40.0),
                                  ('P5', 10.0))
        # ahead of P2: 50 % (< 80 %: A); ahead of P3: 80 % (B); ahead of P4: 95 % (C)
        self.assertEqual(self.classes(customers), ['a', 'a', 'b', 'c', 'c'])

    def test_single_customer_is_a(self):
        customers = self.classify(('Only', 123.0))
        self.assertEqual(self.classes(customers), ['a'])

    def test_ties_get_the_same_class_whatever_their_ids(self):
        """Equal revenues are peers: same class, same rank, even across a threshold."""
        customers = self.classify(('Tie 1', 400.0), ('Tie 2', 400.0), ('Tail', 200.0))
        # ahead of the tied pair: 0 % -> both A (though together they make 80 %);
        # ahead of the tail: 80 % -> B
        self.assertEqual(self.classes(customers), ['a', 'a', 'b'])
        ranks = [self.segment(c, self.factory).revenue_rank for c in customers]
        self.assertEqual(ranks, [1, 1, 3])
        # a tie just past the A + B threshold
        self.factory.write({'cs_abc_a_percent': 50.0, 'cs_abc_b_percent': 30.0})
        more = self.classify(('Tie 3', 100.0), ('Tie 4', 100.0))
        # total 1200; ahead of Tie 3/4: 1000 (83 %) -> C with A=50, B=30 (< 80 % needed)
        self.assertEqual(self.classes(more), ['c', 'c'])
        self.assertEqual(self.classes(customers), ['a', 'a', 'b'])

    def test_credit_notes_and_window(self):
        customers = self.classify(('Refunded', 900.0), ('Steady', 1000.0))
        self.make_invoice(customers[0], 700.0, refund=True, company=self.factory)
        # an invoice older than twelve months does not count
        self.make_invoice(customers[1], 10000.0, when=day(-366), company=self.factory)
        self.Segment.compute_abc(self.factory, date=TODAY.isoformat())
        # 200 and 1000: 1000 of 1200 (83 %) ahead of the refunded customer
        self.assertEqual(self.classes(customers), ['b', 'a'])
        self.assertAlmostEqual(self.segment(customers[0], self.factory).sudo().revenue_12m, 200.0)

    def test_history_of_class_changes(self):
        customers = self.classify(('Rising', 40.0), ('Falling', 960.0))
        History = self.env['cs.abc.history']
        domain = [('partner_id', 'in', [c.id for c in customers])]
        self.assertFalse(History.search(domain), 'a first classification is no change')
        self.assertEqual(self.segment(customers[0], self.factory).abc_date, TODAY.isoformat())
        # unchanged classes add no history
        self.Segment.compute_abc(self.factory, date=day(1))
        self.assertFalse(History.search(domain))
        self.assertEqual(self.segment(customers[0], self.factory).abc_date, TODAY.isoformat(),
                         'class since: unchanged')
        self.make_invoice(customers[0], 5000.0, company=self.factory)
        self.Segment.compute_abc(self.factory, date=day(2))
        changes = History.search(domain)
        self.assertEqual(sorted((h.partner_id.name, h.old_class, h.new_class, h.date)
                                for h in changes),
                         [('Falling', 'a', 'b', day(2)), ('Rising', 'c', 'a', day(2))])
        self.assertAlmostEqual(changes.filtered(lambda h: h.new_class == 'a').sudo().revenue,
                               5040.0)
        self.assertEqual(self.segment(customers[0], self.factory).abc_date, day(2))
        self.assertEqual(self.classes(customers), ['a', 'b'])
        # a customer without revenue any more falls back to C (and the change is recorded)
        self.Segment.compute_abc(self.factory, date=day(400))
        self.assertEqual(self.classes(customers), ['c', 'c'])

    def test_partner_field_and_search_follow_the_current_company(self):
        customers = self.classify(('Major', 960.0), ('Minor', 40.0))
        user = self.make_user('abc_seller', 'sales_team.group_sale_salesman_all_leads',
                              company_id=self.factory.id,
                              company_ids=[(6, 0, [self.factory.id, self.company.id])])
        partners = self.env['res.partner'].sudo(user)
        self.assertEqual(partners.browse(customers[0].id).cs_abc_class, 'a')
        found = partners.search([('cs_abc_class', '=', 'a'), ('id', 'in', [c.id for c in customers])])
        self.assertEqual(found.ids, [customers[0].id])
        # contacts show their company's class
        contact = self.env['res.partner'].create({'name': 'Buyer', 'parent_id': customers[1].id})
        self.assertEqual(partners.browse(contact.id).cs_abc_class, 'c')
        # in the other company the customers are not classified
        user.company_id = self.company
        partners.invalidate_cache()  # a new request after switching company
        self.assertFalse(partners.browse(customers[0].id).cs_abc_class)
        self.assertIn(customers[0], partners.search([('cs_abc_class', '=', False),
                                                     ('id', 'in', [c.id for c in customers])]))


class TestAbcMultiCompany(AbcCase):

    def test_each_company_classifies_its_own_revenue(self):
        shared = self.make_customer('Shared Customer')
        other = self.make_customer('Other Customer')
        self.make_invoice(shared, 900.0, company=self.factory)
        self.make_invoice(other, 100.0, company=self.factory)
        factory_b = self.env['res.company'].create({
            'name': 'ABC Test Factory B', 'currency_id': self.company.currency_id.id})
        self.make_invoice(shared, 10.0, company=factory_b)
        self.make_invoice(other, 990.0, company=factory_b)
        self.Segment.compute_abc(self.factory | factory_b, date=TODAY.isoformat())
        self.assertEqual(self.segment(shared, self.factory).abc_class, 'a')
        self.assertEqual(self.segment(shared, factory_b).abc_class, 'c')
        self.assertEqual(self.segment(other, factory_b).abc_class, 'a')
        # computing one company leaves the other one alone
        self.make_invoice(shared, 5000.0, company=factory_b)
        self.Segment.compute_abc(self.factory, date=TODAY.isoformat())
        self.assertEqual(self.segment(shared, factory_b).abc_class, 'c')

    def test_users_see_only_their_company_rows(self):
        shared = self.make_customer('Shared Customer')
        self.make_invoice(shared, 9e6, company=self.factory)
        self.make_invoice(shared, 9e6)
        self.Segment.compute_abc(self.factory | self.company, date=TODAY.isoformat())
        # a far bigger customer in both companies: the shared one changes class in each
        bigger = self.make_customer('Bigger Customer')
        self.make_invoice(bigger, 9e8, company=self.factory)
        self.make_invoice(bigger, 9e8)
        self.Segment.compute_abc(self.factory | self.company, date=TODAY.isoformat())
        self.assertEqual(self.env['cs.abc.history'].search_count(
            [('partner_id', '=', shared.id)]), 2)
        user = self.make_user('abc_agent', 'customer_service_mgmt.group_cs_user')
        rows = self.Segment.sudo(user).search([('partner_id', '=', shared.id)])
        self.assertEqual(rows.mapped('company_id'), self.company)
        history = self.env['cs.abc.history'].sudo(user).search([('partner_id', '=', shared.id)])
        self.assertEqual(history.mapped('company_id'), self.company)
        with self.assertRaises(AccessError):
            self.segment(shared, self.factory).sudo(user).read(['abc_class'])


class TestAbcInput(AbcCase):

    def test_thresholds_that_do_not_add_up_are_refused(self):
        for values in ({'cs_abc_a_percent': 90.0, 'cs_abc_b_percent': 15.0},
                       {'cs_abc_a_percent': -5.0},
                       {'cs_abc_b_percent': -1.0},
                       {'cs_abc_a_percent': 0.0}):
            with self.assertRaises(ValidationError, msg=str(values)):
                with self.env.cr.savepoint():
                    self.factory.write(values)
        with self.assertRaisesRegex(ValidationError, 'do not add up'):
            with self.env.cr.savepoint():
                self.factory.write({'cs_abc_a_percent': 85.0, 'cs_abc_b_percent': 20.0})
        # exactly 100 % leaves nothing for C: allowed
        self.factory.write({'cs_abc_a_percent': 85.0, 'cs_abc_b_percent': 15.0})

    def test_settings_refuse_bad_thresholds(self):
        with self.assertRaisesRegex(ValidationError, 'do not add up'):
            with self.env.cr.savepoint():
                self.env['res.config.settings'].create({'cs_abc_a_percent': 70.0,
                                                        'cs_abc_b_percent': 40.0}).execute()

    def test_only_managers_recompute_on_demand(self):
        agent = self.make_user('abc_agent2', 'customer_service_mgmt.group_cs_user')
        with self.assertRaises(AccessError):
            self.Segment.sudo(agent).action_recompute()
        manager = self.make_user('abc_manager', 'customer_service_mgmt.group_cs_manager')
        customer = self.make_customer('Recomputed')
        self.make_invoice(customer, 100.0)
        result = self.Segment.sudo(manager).action_recompute()
        self.assertEqual(result['tag'], 'reload')
        self.assertTrue(self.segment(customer).abc_class)

    def test_cron_classifies_every_company(self):
        customer = self.make_customer('Cron Customer')
        self.make_invoice(customer, 100.0, company=self.factory, when=None)
        self.env.ref('customer_service_mgmt.ir_cron_cs_customer_classify').method_direct_trigger()
        self.assertTrue(self.segment(customer, self.factory).abc_class)
