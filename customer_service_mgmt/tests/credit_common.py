"""Shared set-up of the credit tests: a customer, a product, and order/invoice helpers."""
from odoo.tests.common import TransactionCase


class CreditCase(TransactionCase):

    def setUp(self):
        super(CreditCase, self).setUp()
        self.company = self.env.user.company_id
        self.customer = self.env['res.partner'].create({
            'name': 'Guangzhou Test Furniture Co.', 'is_company': True, 'customer': True,
            'credit_limit': 10000.0})
        self.contact = self.env['res.partner'].create({
            'name': 'Li Lei', 'parent_id': self.customer.id, 'type': 'contact'})
        self.salesman = self.make_user('cs_test_salesman', 'sales_team.group_sale_salesman')
        self.product = self.env['product.product'].create({
            'name': 'Cabinet hinge', 'type': 'consu', 'list_price': 100.0,
            'invoice_policy': 'order', 'taxes_id': [(6, 0, [])]})

    def make_user(self, login, *groups):
        return self.env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]})

    def make_order(self, amount, partner=None, user=None):
        env = self.env(user=user) if user else self.env
        return env['sale.order'].create({
            'partner_id': (partner or self.customer).id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 1,
                                   'price_unit': amount, 'tax_id': [(6, 0, [])]})],
        })

    def make_invoice(self, amount, partner=None, due=None, post=True):
        account = self.env['account.account'].search([
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id),
            ('company_id', '=', self.company.id)], limit=1)
        invoice = self.env['account.invoice'].create({
            'partner_id': (partner or self.customer).id, 'type': 'out_invoice',
            'date_invoice': due, 'date_due': due,
            'invoice_line_ids': [(0, 0, {'name': 'Goods', 'account_id': account.id,
                                         'quantity': 1, 'price_unit': amount})],
        })
        if post:
            invoice.action_invoice_open()
        return invoice

    def exposure(self, partner=None):
        return self.env['cs.credit.policy'].figures(partner or self.customer, self.company).exposure
