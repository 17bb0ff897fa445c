"""A random walk of host operations on a few customers and their contacts, for checking that
the maintained credit exposure (cs_credit_exposure, cs_credit_due) stays equal to a
from-scratch recomputation after every step (tests/test_credit_exposure_random.py and
bench/bench_exposure_drift.py).

Everything goes through the host's own methods (orders, pickings, invoices, refunds,
payments, reconciliation, partner changes, the crm merge wizard); no figure is written
directly.
"""
import random
import time
from collections import Counter


class ExposureDriver(object):

    def __init__(self, env, seed):
        self.env = env
        self.rng = random.Random(seed)
        self.company = env.user.company_id
        self.counts = Counter()
        self.seconds = Counter()
        self._setup()

    # ------------------------------------------------------------------ set-up
    def _setup(self):
        env = self.env
        Partner = env['res.partner']
        self.companies = [Partner.create({'name': 'Drift customer %d' % i, 'is_company': True,
                                          'customer': True}) for i in range(3)]
        self.contacts = [Partner.create({'name': 'Drift contact %d' % i, 'type': 'contact',
                                         'parent_id': self.companies[i % 3].id})
                         for i in range(6)]
        tax = env['account.tax'].create({'name': 'Drift VAT 13%', 'amount': 13.0,
                                         'amount_type': 'percent', 'type_tax_use': 'sale',
                                         'company_id': self.company.id})
        self.products = [env['product.product'].create({
            'name': 'Drift %s' % policy, 'type': 'consu', 'list_price': 100.0,
            'invoice_policy': policy, 'taxes_id': [(6, 0, tax.ids)]})
            for policy in ('order', 'delivery')]
        usd = env.ref('base.USD')
        usd.active = True
        env['res.currency.rate'].search([('currency_id', '=', usd.id)]).unlink()
        env['res.currency.rate'].create({'currency_id': usd.id, 'rate': 0.15,
                                         'company_id': self.company.id,
                                         'name': '2000-01-01'})
        self.pricelists = [env['product.pricelist'].search(
            [('currency_id', '=', self.company.currency_id.id)], limit=1) or
            env['product.pricelist'].create({'name': 'Drift CNY',
                                             'currency_id': self.company.currency_id.id}),
            env['product.pricelist'].create({'name': 'Drift USD', 'currency_id': usd.id})]
        # a second company (orders only: it has no chart of accounts to invoice with)
        self.company2 = env['res.company'].create({'name': 'Drift second company',
                                                   'currency_id': self.company.currency_id.id})
        env.user.write({'company_ids': [(4, self.company2.id)]})
        env['account.journal'].search([('company_id', '=', self.company.id),
                                       ('type', 'in', ('sale', 'bank'))]).write(
            {'update_posted': True})
        self.bank = env['account.journal'].search([('type', '=', 'bank'),
                                                   ('company_id', '=', self.company.id)], limit=1)
        self.inbound = env.ref('account.account_payment_method_manual_in')

    # ------------------------------------------------------------------ helpers
    def partners(self):
        return [p for p in self.companies + self.contacts if p.exists()]

    def pick(self, records):
        records = [r for r in records if r.exists()]
        return self.rng.choice(records) if records else None

    def orders(self, states, company=None):
        return self.env['sale.order'].search([
            ('partner_id', 'child_of', [c.id for c in self.companies if c.exists()]),
            ('state', 'in', states), ('company_id', '=', (company or self.company).id)])

    def invoices(self, states, kind='out_invoice'):
        return self.env['account.invoice'].search([
            ('commercial_partner_id', 'in', [c.id for c in self.companies if c.exists()]),
            ('state', 'in', states), ('type', '=', kind)])

    # ------------------------------------------------------------------ operations
    def op_confirm_order(self):
        partner = self.pick(self.partners())
        pricelist = self.rng.choice(self.pricelists)
        lines = [(0, 0, {'product_id': self.rng.choice(self.products).id,
                         'product_uom_qty': self.rng.randint(1, 5),
                         'price_unit': self.rng.choice([37.5, 100.0, 464.0, 1234.56])})
                 for _i in range(self.rng.randint(1, 3))]
        order = self.env['sale.order'].create({'partner_id': partner.id,
                                               'pricelist_id': pricelist.id,
                                               'order_line': lines})
        order.action_confirm()
        return 'confirm %s %s for %s' % (order.name, order.amount_total, partner.name)

    def op_confirm_order_company2(self):
        partner = self.pick(self.companies)
        order = self.env['sale.order'].with_context(force_company=self.company2.id).create({
            'partner_id': partner.id, 'company_id': self.company2.id,
            'pricelist_id': self.pricelists[0].id,
            'warehouse_id': self.env['stock.warehouse'].search(
                [('company_id', '=', self.company2.id)], limit=1).id,
            'order_line': [(0, 0, {'product_id': self.products[0].id, 'product_uom_qty': 2,
                                   'price_unit': 250.0, 'tax_id': [(6, 0, [])]})]})
        order.action_confirm()
        return 'confirm %s in company 2' % order.name

    def op_change_line(self):
        order = self.pick(self.orders(['sale']))
        if not order:
            return None
        line = self.rng.choice(order.order_line)
        qty = max(line.qty_invoiced, line.qty_delivered, 1) + self.rng.randint(0, 3)
        line.write({'product_uom_qty': qty, 'price_unit': line.price_unit + self.rng.choice([0, 10])})
        return 'line of %s to %s' % (order.name, qty)

    def op_deliver(self):
        order = self.pick(self.orders(['sale']).filtered(
            lambda o: o.picking_ids.filtered(lambda p: p.state not in ('done', 'cancel'))))
        if not order:
            return None
        picking = order.picking_ids.filtered(lambda p: p.state not in ('done', 'cancel'))[0]
        picking.action_assign()
        for move in picking.move_lines:
            for line in move.move_line_ids:
                line.qty_done = line.product_uom_qty
        if not picking.move_line_ids:
            return None
        picking.action_done()
        return 'deliver %s' % picking.name

    def op_invoice(self):
        order = self.pick(self.orders(['sale']).filtered(lambda o: o.invoice_status == 'to invoice'))
        if not order:
            return None
        order.action_invoice_create()
        return 'invoice %s' % order.name

    def op_validate_invoice(self):
        invoice = self.pick(self.invoices(['draft']) | self.invoices(['draft'], 'out_refund'))
        if not invoice:
            return None
        invoice.action_invoice_open()
        return 'validate %s %s' % (invoice.type, invoice.amount_total)

    def op_cancel(self):
        choice = self.rng.random()
        if choice < 0.4:
            invoice = self.pick(self.invoices(['draft', 'open']).filtered(
                lambda i: not i.payment_move_line_ids))
            if invoice:
                invoice.action_invoice_cancel()
                return 'cancel invoice %s' % invoice.id
        order = self.pick(self.orders(['sale']).filtered(
            lambda o: not o.invoice_ids and not o.picking_ids.filtered(lambda p: p.state == 'done')))
        if not order:
            return None
        order.action_cancel()
        if self.rng.random() < 0.5:
            order.action_draft()
            order.action_confirm()
            return 'cancel, reopen, confirm %s' % order.name
        return 'cancel %s' % order.name

    def op_refund(self):
        invoice = self.pick(self.invoices(['open', 'paid']))
        if not invoice:
            return None
        refund = invoice.refund(description='drift refund')
        refund.invoice_line_ids[:1].write({'quantity': 1})
        if self.rng.random() < 0.7:
            refund.action_invoice_open()
        return 'refund %s' % invoice.id

    def op_pay(self):
        invoice = self.pick(self.invoices(['open']))
        if not invoice:
            return None
        amount = invoice.residual * self.rng.choice([0.3, 0.5, 1.0])
        payment = self.env['account.payment'].create({
            'payment_type': 'inbound', 'partner_type': 'customer',
            'partner_id': invoice.commercial_partner_id.id, 'amount': round(amount, 2),
            'currency_id': invoice.currency_id.id, 'journal_id': self.bank.id,
            'payment_method_id': self.inbound.id, 'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()
        return 'pay %s of %s' % (payment.amount, invoice.id)

    def op_unreconcile(self):
        invoice = self.pick(self.invoices(['open', 'paid']).filtered('payment_move_line_ids'))
        if not invoice:
            return None
        line = self.rng.choice(invoice.payment_move_line_ids)
        line.with_context(invoice_id=invoice.id).remove_move_reconcile()
        return 'unreconcile payment of %s' % invoice.id

    def op_move_contact(self):
        contact = self.pick(self.contacts)
        others = [c for c in self.companies if c.exists() and c != contact.parent_id]
        if not contact or not others:
            return None
        target = self.rng.choice(others)
        contact.write({'parent_id': target.id})
        return 'move %s to %s' % (contact.name, target.name)

    def op_merge(self):
        Wizard = self.env['base.partner.merge.automatic.wizard']
        if self.rng.random() < 0.3 and len([c for c in self.companies if c.exists()]) > 2:
            # two companies: the second is merged into the first with its contacts
            first, second = self.rng.sample([c for c in self.companies if c.exists()], 2)
            Wizard._merge((first | second).ids, first)
            return 'merge company %s into %s' % (second.id, first.id)
        contacts = [c for c in self.contacts if c.exists()]
        if len(contacts) < 3:
            extra = self.env['res.partner'].create({
                'name': 'Drift contact %d' % len(self.contacts), 'type': 'contact',
                'parent_id': self.pick(self.companies).id})
            self.contacts.append(extra)
            return 'new contact %s' % extra.name
        keep, gone = self.rng.sample(contacts, 2)
        Wizard._merge((keep | gone).ids, keep)
        return 'merge contact %s into %s' % (gone.id, keep.id)

    OPERATIONS = [
        ('confirm_order', 6), ('confirm_order_company2', 1), ('change_line', 2),
        ('deliver', 3), ('invoice', 4), ('validate_invoice', 4), ('cancel', 2), ('refund', 2),
        ('pay', 3), ('unreconcile', 2), ('move_contact', 2), ('merge', 1),
    ]

    def step(self):
        """One random operation; returns its description (None: nothing to do)."""
        names, weights = zip(*self.OPERATIONS)
        name = self.rng.choices(names, weights)[0]
        start = time.perf_counter()
        with self.env.cr.savepoint():
            done = getattr(self, 'op_' + name)()
        if done:
            self.counts[name] += 1
            self.seconds[name] += time.perf_counter() - start
        return done and '%s: %s' % (name, done)

    def drift(self):
        return self.env['cs.credit.exposure'].drift()
