"""Open receivables per due date (cs_credit_due), kept by the exposure triggers: the overdue
figure of the credit policy reads them instead of scanning every open invoice line."""
from datetime import date, timedelta

from .credit_common import CreditCase


class TestCreditDue(CreditCase):

    def due(self, days):
        return str(date.today() + timedelta(days=days))

    def due_rows(self, partner=None):
        self.env.cr.execute("""SELECT date_maturity::text, residual FROM cs_credit_due
                               WHERE partner_id = %s AND company_id = %s ORDER BY 1""",
                            ((partner or self.customer).id, self.company.id))
        return [(day, float(residual)) for day, residual in self.env.cr.fetchall()]

    def overdue_by_scan(self, terms):
        """The overdue rule stated directly on the journal items."""
        self.env.cr.execute("""
            SELECT COALESCE(SUM(aml.amount_residual), 0)
            FROM account_move_line aml
            JOIN account_account acc ON acc.id = aml.account_id AND acc.internal_type = 'receivable'
            JOIN res_partner p ON p.id = aml.partner_id
            WHERE p.commercial_partner_id = %s AND aml.company_id = %s
              AND aml.amount_residual > 0 AND aml.date_maturity < %s""",
                            (self.customer.id, self.company.id, self.due(-terms)))
        return float(self.env.cr.fetchone()[0])

    def pay(self, invoice, amount):
        journal = self.env['account.journal'].search([('type', '=', 'bank'),
                                                     ('company_id', '=', self.company.id)], limit=1)
        payment = self.env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer', 'partner_id': self.customer.id,
            'amount': amount, 'journal_id': journal.id,
            'payment_method_id': self.env.ref('account.account_payment_method_manual_in').id,
            'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()

    def test_due_dates_follow_invoices_payments_and_rebuild(self):
        old = self.make_invoice(500, due=self.due(-40))
        self.make_invoice(300, due=self.due(-40))
        recent = self.make_invoice(200, due=self.due(-10))
        self.make_invoice(100, due=self.due(15))
        self.make_invoice(50, post=False, due=self.due(-90))  # drafts are not receivables yet
        self.assertEqual(self.due_rows(), [(self.due(-40), 800.0), (self.due(-10), 200.0),
                                           (self.due(15), 100.0)])
        self.pay(old, 120)  # partial payment
        self.assertEqual(self.due_rows()[0], (self.due(-40), 680.0))
        self.pay(recent, 200)  # paid in full: the due date leaves no row
        self.assertEqual(self.due_rows(), [(self.due(-40), 680.0), (self.due(15), 100.0)])

        policy = self.env['cs.credit.policy']
        for terms in (0, 5, 30, 39, 40, 60):
            self.customer.write({'cs_credit_terms_days': terms})
            figures = policy.figures(self.customer, self.company)
            self.assertAlmostEqual(figures.overdue, self.overdue_by_scan(terms), msg=terms)
        self.customer.write({'cs_credit_terms_days': 0})
        self.assertAlmostEqual(policy.figures(self.customer, self.company).overdue, 680.0)

        before = self.due_rows()
        self.env['cs.credit.exposure'].rebuild()
        self.assertEqual(self.due_rows(), before)

    def test_contact_invoices_count_for_the_company(self):
        self.make_invoice(400, partner=self.contact, due=self.due(-5))
        self.assertEqual(self.due_rows(), [(self.due(-5), 400.0)])
        figures = self.env['cs.credit.policy'].figures(self.contact, self.company)
        self.assertAlmostEqual(figures.overdue, 400.0)

    def test_changed_due_date_moves_the_amount(self):
        invoice = self.make_invoice(700, due=self.due(-20))
        line = invoice.move_id.line_ids.filtered(lambda l: l.account_id.internal_type == 'receivable')
        line.write({'date_maturity': self.due(20)})
        self.assertEqual(self.due_rows(), [(self.due(20), 700.0)])
        self.assertAlmostEqual(self.env['cs.credit.policy'].figures(self.customer, self.company).overdue, 0)
