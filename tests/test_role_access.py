"""Each role reads what its screens show, and nothing of the credit file it must not (issue 11).

Users get exactly the groups of the demo roles (``csm_host.demo.USERS``). "Opening a screen"
is done as the web client does it: the form view of the record as that user
(``fields_view_get``, which applies the user's view and field groups), then ``read`` of every
field in it, and of the lines of every one2many/many2many shown in it.
"""
from odoo.exceptions import AccessError

from csm_host.demo import USERS
from odoo.addons.customer_service_mgmt.tests.credit_common import CreditCase

ROLE_GROUPS = {login: groups for login, _name, _email, groups in USERS}
CREDIT_GROUPS = 'customer_service_mgmt.group_credit_figures'
# roles with the credit figures (they sell, invoice or control credit) and without
FIGURES_ROLES = ['sales', 'salesmgr', 'credit', 'creditmgr', 'account']
NO_FIGURES_ROLES = ['service', 'csmgr', 'tech', 'stock', 'portal']


class RoleCase(CreditCase):

    def setUp(self):
        super(RoleCase, self).setUp()
        self.users = {login: self.make_user('cs_role_' + login, *groups)
                      for login, groups in ROLE_GROUPS.items()}
        self.users['portal'] = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Portal Buyer', 'login': 'cs_role_portal', 'email': 'buyer@example.com',
            'partner_id': self.contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        self.customer.user_id = self.users['sales']
        self.make_invoice(4000)
        self.held = self.make_order(20000, user=self.users['sales'])
        self.held.action_confirm()
        self.assertTrue(self.held.credit_hold)

    def as_(self, login, records):
        return records.sudo(self.users[login])

    def read_like_the_form(self, login, record):
        """Read ``record`` as ``login`` with the fields of its form view as that user."""
        record = self.as_(login, record)
        view = record.fields_view_get(view_type='form')
        self._read_fields(record, view['fields'])
        return view

    def _read_fields(self, records, fields):
        values = records.read(list(fields))
        for name, description in fields.items():
            if description['type'] not in ('one2many', 'many2many'):
                continue
            lines = records.env[description['relation']].browse(
                sorted({line for value in values for line in value[name]})[:20])
            views = description.get('views') or {}
            sub_view = next((views[kind] for kind in ('tree', 'kanban', 'form') if kind in views),
                            None)
            if sub_view:
                self._read_fields(lines, sub_view['fields'])
            elif lines:
                lines.name_get()

    def release(self, order):
        self.policy_as('credit').decide(order, 'release', 'Paid in advance by bank transfer')
        self.assertEqual(order.state, 'sale')

    def policy_as(self, login):
        return self.env['cs.credit.policy'].sudo(self.users[login])

    def credit_fields(self, model):
        names = sorted(name for name, field in self.env[model]._fields.items()
                       if field.groups == CREDIT_GROUPS)
        self.assertTrue(names, 'no credit field on %s' % model)
        return names


class TestCreditFigures(RoleCase):

    def test_one_definition_on_the_customer_and_the_order(self):
        self.assertTrue({'credit_limit', 'cs_credit_grade_id', 'cs_credit_exposure',
                         'cs_credit_available', 'cs_credit_overdue', 'cs_credit_hold',
                         'cs_credit_hold_reason'}.issubset(self.credit_fields('res.partner')))
        self.assertTrue({'credit_hold', 'credit_hold_reason', 'credit_hold_limit',
                         'credit_hold_exposure', 'cs_credit_limit', 'cs_credit_exposure',
                         'cs_credit_available', 'cs_credit_overdue', 'cs_credit_grade_id',
                         'credit_decision_ids'}.issubset(self.credit_fields('sale.order')))
        figures = self.env.ref(CREDIT_GROUPS)
        for login in FIGURES_ROLES:
            self.assertIn(figures, self.users[login].groups_id, login)
        for login in NO_FIGURES_ROLES:
            self.assertNotIn(figures, self.users[login].groups_id, login)

    def test_roles_without_figures_cannot_read_them(self):
        for login in NO_FIGURES_ROLES:
            for model, record in (('res.partner', self.customer), ('sale.order', self.held)):
                for name in self.credit_fields(model):
                    with self.assertRaises(AccessError, msg='%s reads %s.%s' % (login, model, name)):
                        self.as_(login, record).read([name])
                    with self.assertRaises(AccessError, msg=name):
                        self.as_(login, self.env[model]).check_field_access_rights('read', [name])
                fields = self.as_(login, self.env[model]).fields_get()
                self.assertFalse(set(self.credit_fields(model)) & set(fields), login)

    def test_roles_with_figures_read_the_customers(self):
        for login in FIGURES_ROLES:
            values = self.as_(login, self.customer).read(self.credit_fields('res.partner'))[0]
            self.assertEqual(values['credit_limit'], 10000, login)
            self.assertEqual(values['cs_credit_exposure'], 4000, login)

    def test_management_card_shows_credit_to_figures_roles_only(self):
        for login in FIGURES_ROLES + ['service', 'csmgr', 'tech']:
            card = self.as_(login, self.customer)._cs_management_card_data()
            self.assertEqual('credit' in card, login in FIGURES_ROLES, login)


class TestSalesperson(RoleCase):

    def test_reads_his_held_order_with_its_form(self):
        view = self.read_like_the_form('sales', self.held)
        for name in ('credit_hold', 'credit_hold_reason', 'cs_credit_limit', 'cs_credit_exposure',
                     'cs_credit_available', 'cs_credit_overdue', 'cs_credit_grade_id',
                     'credit_hold_limit', 'credit_hold_exposure', 'credit_decision_ids'):
            self.assertIn(name, view['fields'])
        order = self.as_('sales', self.held)
        self.assertTrue(order.credit_hold)
        self.assertIn('exceeds the credit limit', order.credit_hold_reason)
        self.assertEqual(order.cs_credit_limit, 10000)
        self.assertEqual(order.credit_decision_ids.mapped('decision'), ['hold'])

    def test_reads_the_decisions_of_his_own_orders_only(self):
        other = self.make_user('cs_role_sales2', *ROLE_GROUPS['sales'])
        theirs = self.make_order(30000, user=other)
        theirs.action_confirm()
        self.assertTrue(theirs.credit_hold)
        Decision = self.as_('sales', self.env['cs.credit.decision'])
        self.assertEqual(Decision.search([]).mapped('order_id'), self.held)
        with self.assertRaises(AccessError):
            Decision.browse(theirs.credit_decision_ids.ids).read(['reason'])
        # the sales manager and the credit roles read them all
        for login in ('salesmgr', 'credit', 'account'):
            self.assertEqual(set(self.as_(login, self.env['cs.credit.decision']).search([])
                                 .mapped('order_id').ids), {self.held.id, theirs.id}, login)

    def test_reads_his_customer_with_its_form(self):
        view = self.read_like_the_form('sales', self.customer)
        self.assertIn('cs_credit_available', view['fields'])
        self.assertNotIn('cs_credit_evaluation_ids', view['fields'])


class TestOtherRoles(RoleCase):

    def test_credit_roles_and_sales_manager_open_the_held_order(self):
        for login in ('salesmgr', 'credit', 'creditmgr'):
            view = self.read_like_the_form(login, self.held)
            self.assertIn('credit_decision_ids', view['fields'], login)

    def test_service_roles_open_the_customer_form_without_credit(self):
        for login in ('service', 'csmgr', 'tech'):
            view = self.read_like_the_form(login, self.customer)
            self.assertNotIn('credit_limit', view['fields'], login)
            self.assertIn('cs_complaint_count', view['fields'], login)

    def test_accountant_opens_the_invoice_and_the_customer(self):
        invoice = self.make_invoice(500)
        view = self.read_like_the_form('account', invoice)
        self.assertIn('invoice_line_ids', view['fields'])
        view = self.read_like_the_form('account', self.customer)
        self.assertIn('cs_credit_overdue', view['fields'])

    def test_warehouse_opens_and_validates_the_delivery_of_a_released_order(self):
        self.company.cs_credit_check_delivery = True
        self.product.type = 'consu'
        self.release(self.held)
        picking = self.held.picking_ids
        self.assertEqual(len(picking), 1)
        for login in ('stock', 'tech'):
            view = self.read_like_the_form(login, picking)
            self.assertIn('move_lines', view['fields'], login)
        picking = self.as_('stock', picking)
        picking.action_assign()
        for move in picking.move_lines:
            move.quantity_done = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, 'done')

    def test_service_opens_the_documents_a_complaint_links(self):
        """A complaint links its order, delivery and invoice: the customer service user opens
        them from it (read only), without the credit figures."""
        self.product.type = 'consu'
        self.release(self.held)
        invoice = self.make_invoice(300)
        for login in ('service', 'csmgr', 'tech'):
            view = self.read_like_the_form(login, self.held)
            self.assertIn('order_line', view['fields'], login)
            self.assertNotIn('credit_hold', view['fields'], login)
            self.read_like_the_form(login, self.held.picking_ids)
            self.read_like_the_form(login, invoice)
