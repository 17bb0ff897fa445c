"""Shared set-up of the credit tests: a customer, a product, and order/invoice helpers."""
from .common import CsmCase


class CreditCase(CsmCase):

    def setUp(self):
        super(CreditCase, self).setUp()
        self.customer = self.make_customer('Guangzhou Test Furniture Co.', credit_limit=10000.0)
        self.contact = self.make_contact(self.customer, 'Li Lei')
        self.salesman = self.make_user('cs_test_salesman', 'sales_team.group_sale_salesman')
        self.product = self.make_product('Cabinet hinge', list_price=100.0,
                                         invoice_policy='order', taxes_id=[(6, 0, [])])

    def make_order(self, amount, partner=None, user=None):
        env = self.env(user=user) if user else self.env
        return env['sale.order'].create({
            'partner_id': (partner or self.customer).id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 1,
                                   'price_unit': amount, 'tax_id': [(6, 0, [])]})],
        })

    def make_invoice(self, amount, partner=None, due=None, post=True):
        account = self.find_revenue_account()
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
