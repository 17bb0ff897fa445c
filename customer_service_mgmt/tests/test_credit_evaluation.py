"""Credit evaluation 资信评估 (5C scores -> grade -> suggested limit -> approval), bad input,
the optional invoice/delivery checkpoints and the periodic review cron."""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError

from .credit_common import CreditCase


def days_ago(days):
    return str(date.today() - timedelta(days=days))


class EvaluationCase(CreditCase):

    def setUp(self):
        super(EvaluationCase, self).setUp()
        self.template = self.env.ref('customer_service_mgmt.credit_template_5c')
        self.grades = {name: self.env.ref('customer_service_mgmt.credit_grade_%s' % name.lower())
                       for name in ('AAA', 'AA', 'A', 'B', 'C', 'D')}
        self.controller = self.make_user('cs_t_controller', 'customer_service_mgmt.group_credit_controller')
        self.manager = self.make_user('cs_t_credit_manager', 'customer_service_mgmt.group_credit_manager')
        self.Evaluation = self.env['cs.credit.evaluation']

    def evaluate(self, scores, user=None):
        """A draft evaluation of the customer with these scores, in template order."""
        evaluation = self.Evaluation.sudo(user or self.controller).create({
            'partner_id': self.customer.id, 'template_id': self.template.id})
        for line, score in zip(evaluation.line_ids.sorted('sequence'), scores):
            line.score = score
        return evaluation

    def make_refund(self, amount, when):
        account = self.env['account.account'].search([
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id),
            ('company_id', '=', self.company.id)], limit=1)
        refund = self.env['account.invoice'].create({
            'partner_id': self.customer.id, 'type': 'out_refund', 'date_invoice': when,
            'invoice_line_ids': [(0, 0, {'name': 'Return', 'account_id': account.id,
                                         'quantity': 1, 'price_unit': amount})]})
        refund.action_invoice_open()
        return refund


class TestScoring(EvaluationCase):

    def test_lines_follow_the_template(self):
        items = self.template.item_ids
        self.assertEqual(len(items), 5)
        self.assertEqual(sum(items.mapped('weight')), 100)
        draft = self.Evaluation.new({'partner_id': self.customer.id, 'template_id': self.template.id})
        draft._onchange_template_id()
        self.assertEqual(draft.line_ids.mapped('item_id'), items)
        evaluation = self.evaluate([])
        self.assertEqual(evaluation.line_ids.mapped('item_id'), items)
        self.assertEqual(set(evaluation.line_ids.mapped('dimension')),
                         {'character', 'capacity', 'capital', 'collateral', 'conditions'})
        self.assertNotEqual(evaluation.name, '/')

    def test_weighted_total_and_grade_boundaries(self):
        # weights 30, 25, 20, 15, 10 out of 10 points each: total = sum(w * s) / 10
        cases = [
            ([10, 10, 10, 10, 10], 100.0, 'AAA'),
            ([9, 9, 9, 9, 9], 90.0, 'AAA'),
            # exactly 90 too, though summed in floating point it is 89.99999999999999
            ([7.0, 9.9, 9.8, 9.9, 9.8], 90.0, 'AAA'),
            ([9, 9, 9, 9, 8.99], 89.99, 'AA'),
            ([8, 8, 8, 8, 8], 80.0, 'AA'),
            ([8, 8, 8, 8, 7.99], 79.99, 'A'),
            ([7, 7, 7, 7, 7], 70.0, 'A'),
            ([6, 6, 6, 6, 6], 60.0, 'B'),
            ([5, 5, 5, 5, 5], 50.0, 'C'),
            ([5, 5, 5, 5, 4.9], 49.9, 'D'),
            ([0, 0, 0, 0, 0], 0.0, 'D'),
            ([10, 0, 0, 0, 0], 30.0, 'D'),
            ([0, 10, 10, 10, 10], 70.0, 'A'),
        ]
        for scores, total, grade in cases:
            evaluation = self.evaluate(scores)
            self.assertAlmostEqual(evaluation.total_score, total, places=6, msg=scores)
            self.assertEqual(evaluation.grade_id.name, grade, msg='%s -> %s' % (scores, total))

    def test_band_sets_and_bounds_the_score(self):
        evaluation = self.evaluate([])
        line = evaluation.line_ids.sorted('sequence')[0]
        band = line.item_id.band_ids.filtered(lambda b: b.score_from == 6)
        draft = self.env['cs.credit.evaluation.line'].new({'item_id': line.item_id.id,
                                                          'band_id': band.id})
        draft._onchange_band_id()
        self.assertEqual(draft.score, 8, 'choosing a band proposes its top score')
        line.write({'band_id': band.id, 'score': 6.5})
        with self.assertRaisesRegex(ValidationError, 'outside its band'), self.env.cr.savepoint():
            line.write({'band_id': band.id, 'score': 9})
        for score in (-1, 10.5):
            with self.assertRaisesRegex(ValidationError, 'between 0 and 10'), self.env.cr.savepoint():
                line.score = score
        line.invalidate_cache()
        self.assertEqual(line.score, 6.5)


class TestSuggestedLimitAndApproval(EvaluationCase):

    def setUp(self):
        super(TestSuggestedLimitAndApproval, self).setUp()
        # invoiced in the last 12 months: 20 000 + 10 000 - 6 000 = 24 000 -> 2 000 a month
        self.make_invoice(20000, due=days_ago(330))
        self.make_invoice(10000, due=days_ago(20))
        self.make_refund(6000, days_ago(60))
        self.make_invoice(50000, due=days_ago(400))          # older than 12 months
        self.make_invoice(70000, post=False)                  # not validated
        other = self.env['res.partner'].create({'name': 'Other Co', 'is_company': True})
        self.make_invoice(90000, partner=other)              # another customer
        self.make_invoice(4000, partner=self.contact, due=days_ago(10))  # a contact counts
        # -> 28 000 / 12

    def test_suggested_limit_is_factor_times_average_monthly_sales(self):
        evaluation = self.evaluate([9] * 5)   # 90 -> AAA, factor 3
        evaluation.action_submit()
        self.assertEqual(evaluation.state, 'submitted')
        self.assertAlmostEqual(evaluation.avg_monthly_sales, 28000 / 12.0, places=2)
        self.assertAlmostEqual(evaluation.suggested_limit, 3 * 28000 / 12.0, places=2)
        self.assertAlmostEqual(evaluation.approved_limit, evaluation.suggested_limit, places=2)

    def test_backdated_evaluation_ignores_later_invoices(self):
        evaluation = self.evaluate([9] * 5)
        evaluation.date = days_ago(30)    # before the 20- and 10-day invoices, after the 400-day one
        evaluation.action_submit()
        self.assertAlmostEqual(evaluation.avg_monthly_sales, (20000 - 6000) / 12.0, places=2)

    def test_company_cap(self):
        self.company.cs_credit_limit_cap = 5000
        evaluation = self.evaluate([9] * 5)
        evaluation.action_submit()
        self.assertEqual(evaluation.suggested_limit, 5000)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.cs_credit_limit_cap = -1

    def test_submit_then_manager_approves(self):
        evaluation = self.evaluate([8] * 5)   # 80 -> AA, factor 2, review every 12 months
        evaluation.action_submit()
        evaluation.approved_limit = 4000
        evaluation.sudo(self.manager).action_approve()
        self.assertEqual(evaluation.state, 'approved')
        self.assertEqual(evaluation.approved_by, self.manager)
        self.assertEqual(self.customer.credit_limit, 4000)
        self.assertEqual(self.customer.cs_credit_grade_id, self.grades['AA'])
        self.assertEqual(self.customer.cs_credit_review_date,
                         str(date.today() + relativedelta(months=12)))
        self.assertEqual(self.customer.cs_credit_evaluation_ids, evaluation)
        # a later evaluation keeps the history
        second = self.evaluate([5] * 5)       # 50 -> C, review every 3 months
        second.action_submit()
        second.sudo(self.manager).action_approve()
        self.assertEqual(self.customer.cs_credit_grade_id, self.grades['C'])
        self.assertEqual(self.customer.cs_credit_review_date,
                         str(date.today() + relativedelta(months=3)))
        self.assertEqual(len(self.customer.cs_credit_evaluation_ids), 2)
        with self.assertRaises(UserError):
            evaluation.sudo(self.manager).action_approve()   # already approved

    def test_refusal_needs_a_reason_and_changes_nothing(self):
        evaluation = self.evaluate([9] * 5)
        evaluation.action_submit()
        with self.assertRaisesRegex(UserError, 'reason'), self.env.cr.savepoint():
            evaluation.sudo(self.manager).action_refuse()
        self.assertEqual(evaluation.state, 'submitted')
        evaluation.refuse_reason = 'Financial statements are two years old'
        evaluation.sudo(self.manager).action_refuse()
        self.assertEqual(evaluation.state, 'refused')
        self.assertEqual(self.customer.credit_limit, 10000)
        self.assertFalse(self.customer.cs_credit_grade_id)
        evaluation.action_reset_draft()
        self.assertEqual(evaluation.state, 'draft')
        self.assertFalse(evaluation.refuse_reason)

    def test_submit_needs_every_item_scored(self):
        evaluation = self.evaluate([9] * 5)
        evaluation.line_ids[0].unlink()
        with self.assertRaisesRegex(UserError, 'Score every item'), self.env.cr.savepoint():
            evaluation.action_submit()
        self.assertEqual(evaluation.state, 'draft')

    def test_negative_approved_limit_writes_nothing(self):
        good = self.evaluate([9] * 5)
        bad = self.evaluate([8] * 5)
        (good | bad).action_submit()
        good.approved_limit = 30000
        bad.approved_limit = -1
        with self.assertRaisesRegex(UserError, 'negative'), self.env.cr.savepoint():
            (good | bad).sudo(self.manager).action_approve()
        self.customer.invalidate_cache()
        (good | bad).invalidate_cache()
        self.assertEqual((good | bad).mapped('state'), ['submitted', 'submitted'])
        self.assertEqual(self.customer.credit_limit, 10000)
        self.assertFalse(self.customer.cs_credit_grade_id)

    def test_only_a_manager_decides(self):
        evaluation = self.evaluate([9] * 5)
        evaluation.action_submit()
        for method in ('action_approve', 'action_refuse'):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                getattr(evaluation.sudo(self.controller), method)()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.Evaluation.sudo(self.controller).create({
                'partner_id': self.customer.id, 'template_id': self.template.id,
                'state': 'approved'})
        self.assertEqual(evaluation.state, 'submitted')


class TestBadInput(EvaluationCase):

    def test_negative_limit_and_terms(self):
        for vals, message in (({'credit_limit': -1}, 'limit cannot be negative'),
                              ({'cs_credit_terms_days': -5}, 'negative number of days')):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.customer.write(vals)
            self.env.clear()
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.env['res.partner'].create(dict(vals, name='Bad Co', is_company=True))
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.credit_limit, 10000)

    def template_vals(self, weights, total=100.0):
        return {'name': 'Bad template', 'total_weight': total, 'item_ids': [
            (0, 0, {'dimension': 'character', 'name': 'Item %d' % i, 'weight': weight})
            for i, weight in enumerate(weights)]}

    def test_template_weights(self):
        Template = self.env['cs.credit.template']
        for weights, total, message in (([50, 40], 100, 'add up to 90'),
                                        ([60, 60, -20], 100, 'cannot be negative'),
                                        ([], 0, 'must be positive')):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                Template.create(self.template_vals(weights, total))
        self.assertFalse(Template.search([('name', '=', 'Bad template')]))
        template = Template.create(self.template_vals([60, 40]))
        # changing one item directly must keep the declared total too
        with self.assertRaisesRegex(ValidationError, 'add up to'), self.env.cr.savepoint():
            template.item_ids[0].weight = 70
        self.env.clear()
        with self.assertRaisesRegex(ValidationError, 'add up to'), self.env.cr.savepoint():
            self.env['cs.credit.template.item'].create({
                'template_id': template.id, 'dimension': 'capital', 'name': 'Extra', 'weight': 10})
        self.env.clear()
        with self.assertRaisesRegex(ValidationError, 'add up to'), self.env.cr.savepoint():
            template.item_ids[1].unlink()
        self.env.clear()
        self.assertEqual(template.item_ids.mapped('weight'), [60, 40])
        template.write({'item_ids': [(1, template.item_ids[0].id, {'weight': 70}),
                                     (1, template.item_ids[1].id, {'weight': 30})]})
        self.assertEqual(template.item_ids.mapped('weight'), [70, 30])
        with self.assertRaisesRegex(ValidationError, 'maximum score'), self.env.cr.savepoint():
            template.item_ids[0].max_score = 0

    def test_bands_and_grades(self):
        item = self.template.item_ids[0]
        for band in ({'score_from': 8, 'score_to': 11}, {'score_from': -1, 'score_to': 2},
                     {'score_from': 6, 'score_to': 4}):
            with self.assertRaisesRegex(ValidationError, 'between 0'), self.env.cr.savepoint():
                self.env['cs.credit.template.band'].create(dict(band, item_id=item.id, name='Bad'))
        Grade = self.env['cs.credit.grade']
        for vals, message in (({'min_score': 101}, 'between 0 and 100'),
                              ({'min_score': -1}, 'between 0 and 100'),
                              ({'min_score': 40, 'limit_factor': -1}, 'cannot be negative'),
                              ({'min_score': 40, 'review_months': 0}, 'at least one month')):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                Grade.create(dict(vals, name='E'))
        with self.assertRaisesRegex(ValidationError, 'between 0 and 100'), self.env.cr.savepoint():
            self.grades['AAA'].min_score = 120
        self.env.clear()
        self.assertFalse(Grade.search([('name', '=', 'E')]))
        self.assertEqual(self.grades['AAA'].min_score, 90)

    def test_company_settings(self):
        for vals in ({'cs_credit_warning_ratio': 0}, {'cs_credit_warning_ratio': 120},
                     {'cs_credit_limit_cap': -10}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write(vals)


class TestCheckpoints(EvaluationCase):

    def test_invoice_validation_checkpoint(self):
        self.make_invoice(9000)
        draft = self.make_invoice(2000, post=False)     # exposure now 11 000 > 10 000
        draft.action_invoice_open()                      # checkpoint off: validates
        self.assertEqual(draft.state, 'open')
        self.company.cs_credit_check_invoice = True
        second = self.make_invoice(500, post=False)
        with self.assertRaisesRegex(UserError, 'cannot be validated'), self.env.cr.savepoint():
            second.action_invoice_open()
        second.invalidate_cache()
        self.assertEqual(second.state, 'draft')
        # another customer within its limit is not affected
        other = self.env['res.partner'].create({'name': 'Good Co', 'is_company': True,
                                                'credit_limit': 5000})
        self.make_invoice(1000, partner=other)

    def test_invoice_of_released_order_passes(self):
        self.company.cs_credit_check_invoice = True
        order = self.make_order(12000)
        order.action_confirm()
        self.assertTrue(order.credit_hold)
        self.env['cs.credit.policy'].sudo(self.controller).decide(order, 'release', 'Prepaid 50 %')
        invoice = self.env['account.invoice'].browse(order.action_invoice_create())
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')

    def stock_order(self, qty=2):
        product = self.env['product.product'].create({
            'name': 'Steel cabinet', 'type': 'product', 'list_price': 300.0,
            'invoice_policy': 'order', 'taxes_id': [(6, 0, [])]})
        warehouse = self.env['stock.warehouse'].search([('company_id', '=', self.company.id)], limit=1)
        self.env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, 10)
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'warehouse_id': warehouse.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty,
                                   'price_unit': 300.0, 'tax_id': [(6, 0, [])]})]})
        return order

    def validate(self, picking):
        picking.action_assign()
        for move in picking.move_lines:
            move.quantity_done = move.product_uom_qty
        return picking.button_validate()

    def test_delivery_checkpoint(self):
        self.company.cs_credit_check_delivery = True
        order = self.stock_order()
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_code, 'outgoing')
        self.customer.write({'cs_credit_hold': True, 'cs_credit_hold_reason': 'Cheque bounced'})
        # the warehouse validates: it may not read the credit profile, the policy does
        warehouse = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Storekeeper', 'login': 'cs_t_storekeeper',
            'groups_id': [(6, 0, [self.env.ref('stock.group_stock_user').id])]})
        with self.assertRaisesRegex(UserError, 'Cheque bounced'), self.env.cr.savepoint():
            self.validate(picking.sudo(warehouse))
        picking.invalidate_cache()
        self.assertNotEqual(picking.state, 'done')
        # an order released by a credit controller ships despite the hold
        released = self.stock_order(qty=1)
        released.action_confirm()
        self.assertTrue(released.credit_hold)
        self.env['cs.credit.policy'].sudo(self.controller).decide(
            released, 'release', 'Goods paid in cash at the counter')
        self.assertEqual(released.state, 'sale')
        self.validate(released.picking_ids)
        self.assertEqual(released.picking_ids.state, 'done')
        # with the checkpoint off, the held customer's first delivery goes too
        self.company.cs_credit_check_delivery = False
        self.validate(picking)
        self.assertEqual(picking.state, 'done')


class TestPeriodicReview(EvaluationCase):

    def review_activities(self, partner):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'res.partner'), ('res_id', '=', partner.id)])

    def customer_with(self, name, **vals):
        return self.env['res.partner'].create(dict(
            {'name': name, 'is_company': True, 'customer': True, 'credit_limit': 10000,
             'cs_credit_controller_id': self.controller.id}, **vals))

    def test_cron_raises_one_review_activity_per_customer_at_risk(self):
        past_review = self.customer_with('Review due Co', cs_credit_review_date=days_ago(1))
        overdue = self.customer_with('Late payer Co', cs_credit_terms_days=10)
        self.make_invoice(100, partner=overdue, due=days_ago(30))
        near_limit = self.customer_with('Near limit Co')
        self.make_invoice(9000, partner=near_limit)        # 90 % of the limit
        healthy = self.customer_with('Healthy Co', cs_credit_review_date=str(
            date.today() + timedelta(days=30)), cs_credit_terms_days=60)
        self.make_invoice(8999, partner=healthy, due=days_ago(30))  # < 90 %, within terms
        policy = self.env['cs.credit.policy']
        policy._cron_review()
        for partner in (past_review, overdue, near_limit):
            activities = self.review_activities(partner)
            self.assertEqual(len(activities), 1, partner.name)
            self.assertEqual(activities.user_id, self.controller)
            self.assertEqual(activities.summary, 'Credit review')
        self.assertFalse(self.review_activities(healthy))
        policy._cron_review()
        for partner in (past_review, overdue, near_limit):
            self.assertEqual(len(self.review_activities(partner)), 1, 'no duplicate: %s' % partner.name)
        # the cron job itself runs the same method
        cron = self.env.ref('customer_service_mgmt.ir_cron_cs_credit_review')
        self.assertIn('_cron_review', cron.code)
