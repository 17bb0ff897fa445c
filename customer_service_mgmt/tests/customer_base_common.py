"""Shared set-up of the customer information base tests (issue 7): customers, role users,
invoices and confirmed orders at chosen dates."""
from datetime import date, timedelta

from .common import CsmCase

TODAY = date(2026, 6, 30)  # the classification date of the tests (passed explicitly)


def day(offset):
    """TODAY + offset days, as an Odoo date string."""
    return (TODAY + timedelta(days=offset)).strftime('%Y-%m-%d')


class CustomerBaseCase(CsmCase):

    def setUp(self):
        super(CustomerBaseCase, self).setUp()
        self.company.write({'cs_abc_a_percent': 80.0, 'cs_abc_b_percent': 15.0,
                            'cs_churn_risk_factor': 1.5, 'cs_churn_lost_factor': 3.0,
                            'cs_churn_lost_days': 365})
        self.Segment = self.env['cs.customer.segment']
        self.revenue_account = self.find_revenue_account()
        self.product = self.make_product('Steel door', list_price=100.0,
                                         taxes_id=[(6, 0, [])])

    def make_customer(self, name, **values):
        # no company: the customer is shared by the test companies
        vals = {'company_id': False}
        vals.update(values)
        return super(CustomerBaseCase, self).make_customer(name, **vals)

    def make_invoice(self, partner, amount, when=None, refund=False, company=None):
        """An open customer invoice (or credit note) of ``amount`` untaxed, dated ``when``;
        moved to ``company`` afterwards (other companies have no chart of accounts in the
        test database)."""
        invoice = self.env['account.invoice'].create({
            'partner_id': partner.id, 'type': 'out_refund' if refund else 'out_invoice',
            'date_invoice': when or day(-10),
            'invoice_line_ids': [(0, 0, {'name': 'Doors', 'account_id': self.revenue_account.id,
                                         'quantity': 1, 'price_unit': amount})],
        })
        invoice.action_invoice_open()
        if company:
            self.env.cr.execute('UPDATE account_invoice SET company_id = %s WHERE id = %s',
                                (company.id, invoice.id))
        return invoice

    def make_order(self, partner, when, user=None, company=None):
        """A confirmed sale order of ``partner`` confirmed on ``when`` (a date string)."""
        order = self.env['sale.order'].create({
            'partner_id': partner.id, 'user_id': (user or self.env.user).id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 1,
                                   'price_unit': 100.0, 'tax_id': [(6, 0, [])]})]})
        self.env.cr.execute("""UPDATE sale_order SET state = 'sale', confirmation_date = %s,
                               company_id = %s WHERE id = %s""",
                            (when + ' 10:00:00', (company or self.company).id, order.id))
        order.invalidate_cache()
        return order

    def segment(self, partner, company=None):
        return self.Segment.search([('partner_id', '=', partner.id),
                                    ('company_id', '=', (company or self.company).id)])
