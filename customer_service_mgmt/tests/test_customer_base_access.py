"""Confidentiality of the customer files 客户档案信息的保密 (issue 7): which role reads
which profile, financial and credit field, and which interactions; real users."""
from odoo.exceptions import AccessError

from .customer_base_common import CustomerBaseCase, TODAY

FINANCIAL = ['cs_registered_capital', 'cs_purchase_potential', 'cs_revenue_12m']
CREDIT = ['credit_limit', 'cs_credit_exposure', 'cs_credit_overdue']
INTERNAL = ['cs_customer_type', 'cs_abc_class', 'cs_churn_state', 'cs_preferences',
            'cs_key_account', 'cs_account_manager_id']


class TestFieldVisibility(CustomerBaseCase):

    def setUp(self):
        super(TestFieldVisibility, self).setUp()
        self.salesman = self.make_user('conf_seller', 'sales_team.group_sale_salesman')
        self.agent = self.make_user('conf_agent', 'customer_service_mgmt.group_cs_user')
        self.controller = self.make_user('conf_controller',
                                         'customer_service_mgmt.group_credit_controller')
        self.customer = self.make_customer(
            'Confidential Buyer Co.', user_id=self.salesman.id, cs_registered_capital=5e6,
            cs_purchase_potential=2e5, cs_customer_type='regular', credit_limit=1000.0,
            cs_preferences='Deliver before 10 am')
        self.buyer = self.env['res.partner'].create({'name': 'Buyer Chen',
                                                     'parent_id': self.customer.id})
        self.portal = self.make_user('conf_portal', 'base.group_portal',
                                     partner_id=self.buyer.id)
        self.make_invoice(self.customer, 300.0)
        self.Segment.compute_abc(self.company, date=TODAY.isoformat())

    def readable(self, user, names):
        partner = self.customer.sudo(user)
        visible = set(partner.fields_get(names))
        for name in names:
            if name in visible:
                partner.read([name])  # no error
            else:
                with self.assertRaises(AccessError, msg='%s reads %s' % (user.login, name)):
                    partner.read([name])
        return visible

    def test_salesman(self):
        self.assertEqual(self.readable(self.salesman, FINANCIAL + CREDIT + INTERNAL),
                         set(FINANCIAL + CREDIT + INTERNAL))
        self.assertEqual(self.customer.sudo(self.salesman).cs_registered_capital, 5e6)

    def test_service_user_sees_profile_but_no_financial_figures(self):
        self.assertEqual(self.readable(self.agent, FINANCIAL + INTERNAL), set(INTERNAL))
        self.assertEqual(self.customer.sudo(self.agent).cs_abc_class, 'a')
        row = self.segment(self.customer).sudo(self.agent)
        self.assertEqual(row.abc_class, 'a')
        with self.assertRaises(AccessError):
            row.read(['revenue_12m'])

    def test_credit_controller(self):
        self.assertEqual(self.readable(self.controller, FINANCIAL + CREDIT),
                         set(FINANCIAL + CREDIT))

    def test_portal_user_reads_none_of_it(self):
        self.assertEqual(self.readable(self.portal, FINANCIAL + CREDIT + INTERNAL), set())
        self.assertEqual(self.customer.sudo(self.portal).read(['name'])[0]['name'],
                         'Confidential Buyer Co.')
        with self.assertRaises(AccessError):
            self.env['cs.customer.segment'].sudo(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env['cs.interaction'].sudo(self.portal).search([])

    def test_only_allowed_users_change_the_financial_profile(self):
        with self.assertRaises(AccessError):
            self.customer.sudo(self.agent).write({'cs_registered_capital': 1.0})
        manager = self.make_user('conf_partner_manager', 'sales_team.group_sale_salesman',
                                 'base.group_partner_manager')
        self.customer.sudo(manager).write({'cs_registered_capital': 6e6})
        self.assertEqual(self.customer.cs_registered_capital, 6e6)


class TestInteractionAccess(CustomerBaseCase):

    def setUp(self):
        super(TestInteractionAccess, self).setUp()
        self.salesman = self.make_user('int_seller', 'sales_team.group_sale_salesman')
        self.other_salesman = self.make_user('int_seller_2', 'sales_team.group_sale_salesman')
        self.agent = self.make_user('int_agent', 'customer_service_mgmt.group_cs_user')
        self.mine = self.make_customer('Mine Co.', user_id=self.salesman.id)
        self.theirs = self.make_customer('Theirs Co.', user_id=self.other_salesman.id)
        self.Interaction = self.env['cs.interaction']
        self.on_mine = self.Interaction.create({'partner_id': self.mine.id, 'purpose': 'Price'})
        self.on_theirs = self.Interaction.create({'partner_id': self.theirs.id,
                                                  'purpose': 'Complaint call', 'kind': 'call_in'})

    def test_salesman_sees_own_customers(self):
        found = self.Interaction.sudo(self.salesman).search([('id', 'in', (self.on_mine | self.on_theirs).ids)])
        self.assertEqual(found, self.on_mine)
        with self.assertRaises(AccessError):
            self.on_theirs.sudo(self.salesman).read(['purpose'])
        own = self.Interaction.sudo(self.salesman).create({'partner_id': self.theirs.id,
                                                           'purpose': 'Met at the fair'})
        self.assertEqual(own.user_id, self.salesman)
        with self.assertRaises(AccessError):
            own.unlink()  # the log is kept: only managers delete

    def test_service_user_sees_all(self):
        found = self.Interaction.sudo(self.agent).search([('id', 'in', (self.on_mine | self.on_theirs).ids)])
        self.assertEqual(found, self.on_mine | self.on_theirs)

    def test_other_company_interactions_are_hidden(self):
        factory = self.env['res.company'].create({'name': 'Interaction Test Factory'})
        self.on_theirs.sudo().company_id = factory
        found = self.Interaction.sudo(self.agent).search([('id', 'in', (self.on_mine | self.on_theirs).ids)])
        self.assertEqual(found, self.on_mine)


class TestViewsPerRole(CustomerBaseCase):
    """The forms and lists load for each role, and show what the role may read."""

    def setUp(self):
        super(TestViewsPerRole, self).setUp()
        self.users = {
            'salesman': self.make_user('view_seller', 'sales_team.group_sale_salesman'),
            'agent': self.make_user('view_agent', 'customer_service_mgmt.group_cs_user'),
            'controller': self.make_user('view_controller',
                                         'customer_service_mgmt.group_credit_controller'),
            'manager': self.make_user('view_manager', 'customer_service_mgmt.group_cs_manager'),
        }
        self.customer = self.make_customer('Viewed Buyer Co.', cs_registered_capital=1e6)

    def form_fields(self, user):
        Partner = self.env['res.partner'].sudo(user)
        view = Partner.fields_view_get(view_id=self.env.ref('base.view_partner_form').id,
                                       view_type='form')
        self.assertIn('name="cs_profile"', view['arch'])
        # what the web client reads when it opens the customer
        Partner.browse(self.customer.id).read(list(view['fields']))
        return set(view['fields'])

    def test_partner_form(self):
        fields = {role: self.form_fields(user) for role, user in self.users.items()}
        for role in ('salesman', 'controller', 'manager'):
            self.assertIn('cs_registered_capital', fields[role], role)
        self.assertNotIn('cs_registered_capital', fields['agent'])
        self.assertIn('cs_interaction_ids', fields['agent'])
        self.assertNotIn('cs_interaction_ids', fields['controller'])
        self.assertIn('cs_abc_class', fields['controller'])
        # credit evaluations: credit controllers only (salespeople see the credit tab)
        self.assertIn('cs_credit_evaluation_ids', fields['controller'])
        self.assertIn('credit_limit', fields['salesman'])
        self.assertNotIn('cs_credit_evaluation_ids', fields['salesman'])

    def test_other_views_load(self):
        views = [('cs.customer.segment', 'tree'), ('cs.customer.segment', 'form'),
                 ('cs.customer.segment', 'pivot'), ('cs.customer.segment', 'search'),
                 ('cs.abc.history', 'tree'), ('cs.partner.region', 'tree'),
                 ('cs.winback.step', 'tree')]
        for role, user in self.users.items():
            for model, view_type in views:
                self.env[model].sudo(user).fields_view_get(view_type=view_type)
        for role in ('salesman', 'agent', 'manager'):
            for view_type in ('tree', 'form', 'pivot', 'graph', 'search'):
                self.env['cs.interaction'].sudo(self.users[role]).fields_view_get(
                    view_type=view_type)
        for view_type in ('pivot', 'graph', 'search'):
            self.env['cs.service.kpi.report'].sudo(self.users['agent']).fields_view_get(
                view_type=view_type)
        settings = self.env['res.config.settings'].fields_view_get(view_type='form')
        self.assertIn('cs_abc_a_percent', settings['fields'])
