"""Credit figures in lists (issue 11, item 6): computed in batch, one definition.

The credit columns of order and customer lists come from ``cs.credit.policy.figures_batch``
(one query for all the rows); they equal the figures computed customer by customer, and the
number of queries to read them does not grow with the number of rows.  The salespeople's
record rule on complaints and service requests reads stored salespeople (plain SQL).
"""
from datetime import date, timedelta

from odoo.exceptions import AccessError

from .credit_common import CreditCase


class TestCreditBatch(CreditCase):

    def setUp(self):
        super(TestCreditBatch, self).setUp()
        grades = self.env['cs.credit.grade'].search([])
        past = str(date.today() - timedelta(days=20))
        self.customers = self.customer
        # limits, terms and grades varied; some customers overdue beyond their terms
        for index in range(7):
            self.customers |= self.env['res.partner'].create({
                'name': 'Batch Customer %d' % index, 'is_company': True, 'customer': True,
                'credit_limit': 0.0 if index == 3 else 5000.0 + 1000 * index,
                'cs_credit_terms_days': (0, 10, 30)[index % 3],
                'cs_credit_grade_id': grades[index % len(grades)].id})
        self.orders = self.env['sale.order']
        for index, customer in enumerate(self.customers):
            self.make_invoice(100.0 + index, partner=customer, due=past)
            self.make_invoice(50.0, partner=customer)  # not due
            order = self.make_order(200.0 + 10 * index, partner=customer)
            if index % 2:
                order.action_confirm()  # confirmed and uninvoiced: exposure
            self.orders |= order
        # an order of a contact: the figures are its company's
        self.orders |= self.make_order(20.0, partner=self.contact)

    def expected(self, partner):
        """The figures of one customer, straight from their sources (not from the policy)."""
        partner = partner.commercial_partner_id
        cutoff = date.today() - timedelta(days=partner.cs_credit_terms_days)
        lines = self.env['account.move.line'].search([
            ('partner_id', 'child_of', partner.id), ('company_id', '=', self.company.id),
            ('account_id.internal_type', '=', 'receivable'), ('reconciled', '=', False),
            ('date_maturity', '<', str(cutoff))])
        overdue = sum(lines.mapped('amount_residual'))
        exposure = self.env['cs.credit.policy']._read_exposure(partner, self.company)
        limit = partner.credit_limit
        return {'limit': limit, 'exposure': exposure, 'overdue': overdue,
                'available': limit - exposure if limit else 0.0,
                'grade': partner.cs_credit_grade_id}

    def assertFigures(self, figures, expected):
        for name in ('limit', 'exposure', 'overdue', 'available'):
            self.assertAlmostEqual(getattr(figures, name), expected[name], places=2, msg=name)
        self.assertEqual(figures.grade.id, expected['grade'].id)

    def test_batch_equals_one_by_one(self):
        policy = self.env['cs.credit.policy']
        partners = self.customers | self.contact
        batch = policy.figures_batch(partners, self.company)
        self.assertEqual(set(batch), set(self.customers.ids))
        self.assertTrue(any(figures.overdue for figures in batch.values()))
        self.assertTrue(any(not figures.overdue for figures in batch.values()))
        for partner in partners:
            expected = self.expected(partner)
            self.assertFigures(batch[partner.commercial_partner_id.id], expected)
            self.assertFigures(policy.figures(partner, self.company), expected)
            self.assertFigures(policy.figures(partner, self.company, lock=True), expected)

    def test_list_columns_equal_one_by_one(self):
        self.env.cache.invalidate()
        for order in self.orders:
            expected = self.expected(order.partner_id)
            self.assertAlmostEqual(order.cs_credit_limit, expected['limit'], places=2)
            self.assertAlmostEqual(order.cs_credit_exposure, expected['exposure'], places=2)
            self.assertAlmostEqual(order.cs_credit_available, expected['available'], places=2)
            self.assertAlmostEqual(order.cs_credit_overdue, expected['overdue'], places=2)
            self.assertEqual(order.cs_credit_grade_id, expected['grade'])
        for partner in self.customers | self.contact:
            expected = self.expected(partner)
            self.assertAlmostEqual(partner.cs_credit_exposure, expected['exposure'], places=2)
            self.assertAlmostEqual(partner.cs_credit_available, expected['available'], places=2)
            self.assertAlmostEqual(partner.cs_credit_overdue, expected['overdue'], places=2)

    def count_queries(self, records, fields):
        """Queries of reading ``fields`` of ``records`` as the salesperson (a new request)."""
        records = records.sudo(self.salesman)
        self.env.cache.invalidate()
        before = self.cr.sql_log_count
        rows = records.read(fields)
        self.assertEqual(len(rows), len(records))
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_rows(self):
        self.salesman.groups_id |= self.env.ref('sales_team.group_sale_salesman_all_leads')
        order_fields = ['name', 'partner_id', 'amount_total', 'cs_credit_limit',
                        'cs_credit_exposure', 'cs_credit_available', 'cs_credit_overdue',
                        'cs_credit_grade_id']
        self.count_queries(self.orders, order_fields)  # warm the registry's caches
        few = self.count_queries(self.orders[:2], order_fields)
        many = self.count_queries(self.orders, order_fields)
        self.assertEqual(few, many, 'credit columns of orders: %d queries for 2 rows, %d for %d'
                         % (few, many, len(self.orders)))
        partner_fields = ['name', 'cs_credit_exposure', 'cs_credit_available', 'cs_credit_overdue',
                          'cs_complaint_count', 'cs_service_request_count']
        self.count_queries(self.customers, partner_fields)
        few = self.count_queries(self.customers[:2], partner_fields)
        many = self.count_queries(self.customers, partner_fields)
        self.assertEqual(few, many, 'credit columns and counts of customers: %d queries for 2 '
                         'rows, %d for %d' % (few, many, len(self.customers)))


class TestSalespersonRule(CreditCase):
    """Salespeople read the complaints and service requests of their customers and orders,
    through the salespeople stored on the documents (kept when a customer or an order
    changes hands)."""

    def setUp(self):
        super(TestSalespersonRule, self).setUp()
        self.other = self.make_user('cs_test_other_salesman', 'sales_team.group_sale_salesman')
        self.customer.user_id = self.salesman
        self.stranger = self.env['res.partner'].create({
            'name': 'Stranger Trading Co.', 'is_company': True, 'customer': True,
            'user_id': self.other.id})
        self.stranger_order = self.make_order(100.0, partner=self.stranger, user=None)
        self.stranger_order.user_id = self.salesman  # he sold this one order of the stranger
        self.category = self.env.ref('customer_service_mgmt.complaint_category_quality')
        self.type = self.env['cs.service.type'].search([], limit=1)

    def complaint(self, partner, order=None):
        return self.env['cs.complaint'].create({
            'partner_id': partner.id, 'categ_id': self.category.id,
            'description': 'Hinges arrived bent.', 'sale_order_id': order.id if order else False})

    def request(self, partner, order=None):
        return self.env['cs.service.request'].create({
            'partner_id': partner.id, 'type_id': self.type.id, 'description': 'Installation.',
            'sale_order_id': order.id if order else False})

    def visible(self, records, user):
        return records.browse(records.ids).sudo(user).search([('id', 'in', records.ids)])

    def test_rule_follows_customer_and_order(self):
        for make in (self.complaint, self.request):
            own = make(self.customer)
            on_order = make(self.stranger, self.stranger_order)
            foreign = make(self.stranger)
            documents = own | on_order | foreign
            self.assertEqual(self.visible(documents, self.salesman), own | on_order)
            self.assertEqual(self.visible(documents, self.other), on_order | foreign)
            with self.assertRaises(AccessError):
                foreign.sudo(self.salesman).read(['name'])
            # the customer changes hands; the order too
            self.customer.user_id = self.other
            self.stranger_order.user_id = self.other
            self.assertFalse(self.visible(documents, self.salesman))
            self.assertEqual(self.visible(documents, self.other), documents)
            self.customer.user_id = self.salesman
            self.stranger_order.user_id = self.salesman

    def test_rule_is_plain_sql(self):
        """No list of the salesperson's customers or orders in the query."""
        for model in ('cs.complaint', 'cs.service.request'):
            Model = self.env[model].sudo(self.salesman)
            query = Model._where_calc([])
            Model._apply_ir_rules(query, 'read')
            where, params = query.get_sql()[1:]
            self.assertIn('cs_partner_user_id', where)
            self.assertNotIn('res_partner', where)
            self.assertNotIn('sale_order', where.replace('cs_order_user_id', ''))
