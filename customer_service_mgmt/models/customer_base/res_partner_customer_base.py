# -*- coding: utf-8 -*-
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .cs_customer_segment import ABC_CLASSES, CHURN_STATES, FINANCIAL_GROUPS
from ..core.cs_groups import CREDIT_GROUPS

CUSTOMER_TYPES = [('key', 'Key Account'), ('potential', 'Potential'), ('regular', 'Regular'),
                  ('occasional', 'Occasional')]
COMPANY_SIZES = [('micro', 'Micro (< 10 employees)'), ('small', 'Small (10-99)'),
                 ('medium', 'Medium (100-499)'), ('large', 'Large (500-1999)'),
                 ('xlarge', 'Very Large (2000 +)')]
CONTACT_ROLES = [('decision', 'Decision Maker'), ('purchasing', 'Purchasing'),
                 ('finance', 'Finance'), ('quality', 'Quality'), ('other', 'Other Key Contact')]

# customer profile card 客户资料卡: kept on the commercial entity, mirrored on its contacts
PROFILE_FIELDS = [
    'industry_id', 'cs_company_size', 'cs_registered_capital', 'cs_year_founded',
    'cs_main_products', 'cs_purchase_potential', 'cs_preferences', 'cs_region_id',
    'cs_customer_type', 'cs_key_account', 'cs_key_account_date', 'cs_account_manager_id',
    'cs_visit_interval_days', 'cs_dedicated_contact_id', 'cs_service_plan',
]


# how we classify and serve the customer is internal: portal users (the customers) do not
# read it
INTERNAL = 'base.group_user'


class ResPartner(models.Model):
    """Customer profile card 客户资料卡, key account service plan 大客户, and the customer's
    classification in the current company (read from ``cs.customer.segment``)."""
    _inherit = 'res.partner'

    cs_company_size = fields.Selection(COMPANY_SIZES, string='Company Size')
    cs_registered_capital = fields.Monetary(string='Registered Capital', groups=FINANCIAL_GROUPS,
                                            currency_field='cs_profile_currency_id')
    cs_year_founded = fields.Integer(string='Year Founded')
    cs_main_products = fields.Text(groups=INTERNAL, string='Main Products')
    cs_purchase_potential = fields.Monetary(
        string='Annual Purchase Potential', groups=FINANCIAL_GROUPS,
        currency_field='cs_profile_currency_id',
        help='What the customer could buy from us in a year (estimate).')
    cs_profile_currency_id = fields.Many2one(
        'res.currency', string='Profile Currency', compute='_compute_cs_profile_currency')
    cs_preferences = fields.Text(groups=INTERNAL, string='Preferences',
                                 help='Delivery, packaging, payment and contact habits.')
    cs_region_id = fields.Many2one('cs.partner.region', string='Region', index=True,
                                   help='Address classification (地址分类) of the customer.')
    cs_customer_type = fields.Selection(CUSTOMER_TYPES, groups=INTERNAL, string='Customer Type',
                                        index=True, track_visibility='onchange')
    cs_contact_role = fields.Selection(CONTACT_ROLES, string='Key Contact Role',
                                       help='Role of this contact in dealing with us.')
    cs_key_contact_ids = fields.One2many('res.partner', 'parent_id', string='Key Contacts',
                                         domain=[('cs_contact_role', '!=', False)])

    # key account 大客户 and its service plan
    cs_key_account = fields.Boolean(groups=INTERNAL, string='Key Account', index=True,
                                    track_visibility='onchange',
                                    help='Pinned as key account: visited on a fixed schedule by '
                                         'its account manager, whatever its ABC class.')
    cs_key_account_date = fields.Date(groups=INTERNAL, string='Key Account Since', readonly=True)
    cs_account_manager_id = fields.Many2one('res.users', groups=INTERNAL, string='Account Manager',
                                            track_visibility='onchange')
    cs_visit_interval_days = fields.Integer(groups=INTERNAL, string='Visit Every (Days)',
                                            help='Service plan: days between two visits.')
    cs_dedicated_contact_id = fields.Many2one(
        'res.users', groups=INTERNAL, string='Dedicated Service Contact',
        help='Service plan: the customer service agent the customer calls directly.')
    cs_service_plan = fields.Text(groups=INTERNAL, string='Service Plan Notes')
    cs_next_visit_date = fields.Date(groups=INTERNAL, string='Next Visit Due',
                                     compute='_compute_cs_next_visit')
    cs_interaction_ids = fields.One2many(
        'cs.interaction', 'partner_id', string='Interactions',
        groups='customer_service_mgmt.group_cs_user,sales_team.group_sale_salesman')

    # classification in the current company
    cs_segment_ids = fields.One2many('cs.customer.segment', 'partner_id',
                                     groups=INTERNAL, string='Classification by Company')
    cs_abc_class = fields.Selection(ABC_CLASSES, groups=INTERNAL, string='ABC Class',
                                    compute='_compute_cs_segment', search='_search_cs_abc_class',
                                    help='Class of the customer in the current company, from '
                                         'the invoiced revenue of the last twelve months.')
    cs_churn_state = fields.Selection(CHURN_STATES, groups=INTERNAL, string='Ordering Status',
                                      compute='_compute_cs_segment',
                                      search='_search_cs_churn_state')
    cs_revenue_12m = fields.Float(string='Revenue (12 Months)', compute='_compute_cs_segment',
                                  groups=FINANCIAL_GROUPS)

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + PROFILE_FIELDS

    def _compute_cs_profile_currency(self):
        for partner in self:
            partner.cs_profile_currency_id = self.env.user.company_id.currency_id

    def _cs_segment_company(self):
        """The company whose classification the partner fields show: the user's current
        company, or the one an export asks for (``cs_segment_company_id`` in the context)."""
        company_id = self.env.context.get('cs_segment_company_id')
        if company_id in self.env.user.company_ids.ids:
            return self.env['res.company'].browse(company_id)
        return self.env.user.company_id

    def _cs_segments(self):
        """{commercial partner id: segment row} of the current company (one query)."""
        company = self._cs_segment_company()
        # sudo: the ABC class and ordering status show on the customer for everyone who
        # reads the customer; the financial figure keeps its own groups below
        rows = self.env['cs.customer.segment'].sudo().search_read(
            [('partner_id', 'in', self.mapped('commercial_partner_id').ids),
             ('company_id', '=', company.id)],
            ['partner_id', 'abc_class', 'churn_state', 'revenue_12m'])
        return {row['partner_id'][0]: row for row in rows}

    def _compute_cs_segment(self):
        segments = self._cs_segments()
        for partner in self:
            row = segments.get(partner.commercial_partner_id.id, {})
            partner.cs_abc_class = row.get('abc_class') or False
            partner.cs_churn_state = row.get('churn_state') or False
            # reading it stays limited to FINANCIAL_GROUPS (field groups)
            partner.cs_revenue_12m = row.get('revenue_12m', 0.0)

    def _search_cs_segment(self, column, operator, value):
        if operator not in ('=', '!=', 'in', 'not in'):
            raise ValidationError(_('Unsupported search on the customer classification.'))
        values = [value] if operator in ('=', '!=') else list(value)
        positive = operator in ('=', 'in')
        company = self._cs_segment_company().id
        matched = """SELECT p.id FROM res_partner p
                     JOIN cs_customer_segment s ON s.partner_id = p.commercial_partner_id
                     WHERE s.company_id = %s AND s.{0} = ANY(%s)""".format(column)
        params = [company, [v for v in values if v]]
        if False in values or None in values:  # "not classified" in the current company
            matched += """ UNION SELECT p.id FROM res_partner p WHERE NOT EXISTS (
                SELECT 1 FROM cs_customer_segment s WHERE s.partner_id = p.commercial_partner_id
                AND s.company_id = %s AND s.{0} IS NOT NULL)""".format(column)
            params.append(company)
        return [('id', 'inselect' if positive else 'not inselect', (matched, params))]

    def _search_cs_abc_class(self, operator, value):
        return self._search_cs_segment('abc_class', operator, value)

    def _search_cs_churn_state(self, operator, value):
        return self._search_cs_segment('churn_state', operator, value)

    # ------------------------------------------------------------------ key accounts
    @api.depends('cs_key_account', 'cs_visit_interval_days', 'cs_key_account_date')
    def _compute_cs_next_visit(self):
        last_visits = self.env['cs.interaction'].last_visits(
            self.mapped('commercial_partner_id'))
        for partner in self:
            customer = partner.commercial_partner_id
            start = last_visits.get(customer.id) or customer.cs_key_account_date
            if customer.cs_key_account and customer.cs_visit_interval_days > 0 and start:
                partner.cs_next_visit_date = fields.Date.to_string(fields.Date.from_string(
                    start) + timedelta(days=customer.cs_visit_interval_days))
            else:
                partner.cs_next_visit_date = False

    @api.constrains('cs_key_account', 'cs_account_manager_id', 'cs_visit_interval_days',
                    'cs_year_founded', 'cs_registered_capital', 'cs_purchase_potential')
    def _check_cs_profile(self):
        this_year = fields.Date.from_string(fields.Date.context_today(self)).year
        for partner in self.sudo():  # sudo: the financial fields are checked for everyone
            if partner.cs_visit_interval_days < 0:
                raise ValidationError(_('The visit frequency cannot be a negative number of '
                                        'days.'))
            if partner.cs_key_account and partner.commercial_partner_id == partner and (
                    not partner.cs_account_manager_id or partner.cs_visit_interval_days <= 0):
                raise ValidationError(_('Key account %s needs an account manager and a visit '
                                        'frequency (days between visits).') % partner.name)
            if partner.cs_year_founded and not 1800 <= partner.cs_year_founded <= this_year:
                raise ValidationError(_('Year founded %d is not a plausible year.')
                                      % partner.cs_year_founded)
            if partner.cs_registered_capital < 0 or partner.cs_purchase_potential < 0:
                raise ValidationError(_('Registered capital and purchase potential cannot be '
                                        'negative.'))

    @api.model
    def create(self, vals):
        if vals.get('cs_key_account'):
            vals = dict(vals, **self._cs_key_account_values(vals))
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('cs_key_account'):
            pinned = self.filtered(lambda partner: not partner.cs_key_account)
            if pinned:
                super(ResPartner, pinned).write(dict(vals, **self._cs_key_account_values(vals)))
                return super(ResPartner, self - pinned).write(vals) if self - pinned else True
        return super(ResPartner, self).write(vals)

    @api.model
    def _cs_key_account_values(self, vals):
        """Pinning a key account dates it (the visit schedule starts then) and makes its
        customer type Key Account."""
        values = {'cs_key_account_date': fields.Date.context_today(self)}
        if 'cs_customer_type' not in vals:
            values['cs_customer_type'] = 'key'
        return values

    @api.model
    def _cs_visit_summary(self):
        """Summary of the key-account visit activities (also how a logged visit finds them)."""
        return _('Key account visit')

    @api.model
    def _cron_key_account_visits(self):
        """Visit activity for the account manager of each key account whose next visit is
        due (last visit, or pinning date, plus the visit frequency); one open activity per
        customer at a time (``cs.activity.scheduler``)."""
        today = fields.Date.context_today(self)
        self.env.cr.execute("""
            SELECT p.cs_account_manager_id, ARRAY_AGG(p.id ORDER BY p.id)
            FROM res_partner p
            LEFT JOIN LATERAL (SELECT MAX(i.date)::date AS last_visit FROM cs_interaction i
                               WHERE i.partner_id = p.id AND i.kind = 'visit') v ON TRUE
            WHERE p.cs_key_account AND p.active AND p.id = p.commercial_partner_id
              AND p.cs_account_manager_id IS NOT NULL AND p.cs_visit_interval_days > 0
              AND COALESCE(v.last_visit, p.cs_key_account_date) + p.cs_visit_interval_days
                  <= %s::date
            GROUP BY p.cs_account_manager_id""", (today,))
        scheduler = self.env['cs.activity.scheduler']
        created = self.env['mail.activity']
        for user_id, partner_ids in self.env.cr.fetchall():
            user = self.env['res.users'].browse(user_id)
            created |= scheduler.schedule_activities(
                self.browse(partner_ids), user, self._cs_visit_summary(),
                _('Visit due according to the key account service plan.'))
        return created

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_cs_log_interaction(self):
        """Quick entry of an interaction (call, visit, email, meeting) from the customer."""
        self.ensure_one()
        return {
            'name': _('Log Interaction'), 'type': 'ir.actions.act_window',
            'res_model': 'cs.interaction', 'view_mode': 'form', 'target': 'new',
            'views': [(self.env.ref('customer_service_mgmt.view_cs_interaction_quick_form').id,
                       'form')],
            'context': {'default_partner_id': self.commercial_partner_id.id,
                        'default_contact_id': self.id if self.parent_id else False},
        }

    @api.multi
    def action_cs_view_interactions(self):
        self.ensure_one()
        action = self.env.ref('customer_service_mgmt.action_cs_interaction').read()[0]
        action['domain'] = [('partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.commercial_partner_id.id}
        return action

    @api.multi
    def action_cs_print_card(self):
        """Print the customer management card 客户管理卡 (PDF)."""
        return self.env.ref('customer_service_mgmt.action_report_cs_customer_card') \
            .report_action(self.mapped('commercial_partner_id'))

    # ------------------------------------------------------------------ management card
    def _cs_management_card_data(self):
        """What the customer management card 客户管理卡 shows, read with the user's rights
        (each section only when the user may read its source).  Extension point: the
        after-sales service and satisfaction parts override this and add their keys
        (``services``, ``satisfaction``), rendered in the template's ``cs_card_extensions``."""
        self.ensure_one()
        customer = self.commercial_partner_id
        company = self.env.user.company_id
        data = {'customer': customer, 'company': company,
                'currency': company.currency_id, 'segment': False}
        segment = self.env['cs.customer.segment'].search(
            [('partner_id', '=', customer.id), ('company_id', '=', company.id)], limit=1)
        data['segment'] = segment
        SaleOrder = self.env['sale.order']
        if SaleOrder.check_access_rights('read', raise_exception=False):
            groups = SaleOrder.read_group(
                [('partner_id', 'child_of', customer.id), ('company_id', '=', company.id),
                 ('state', 'in', ('sale', 'done'))], ['amount_untaxed'], [])
            data['orders'] = {'count': groups[0]['__count'] if groups else 0,
                              'amount': groups[0]['amount_untaxed'] or 0.0 if groups else 0.0}
        Invoice = self.env['account.invoice']
        if Invoice.check_access_rights('read', raise_exception=False):
            groups = Invoice.read_group(
                [('commercial_partner_id', '=', customer.id), ('company_id', '=', company.id),
                 ('type', 'in', ('out_invoice', 'out_refund')), ('state', 'in', ('open', 'paid'))],
                ['amount_untaxed_signed', 'residual_company_signed'], [])
            data['invoices'] = {
                'count': groups[0]['__count'] if groups else 0,
                'amount': groups[0]['amount_untaxed_signed'] or 0.0 if groups else 0.0,
                'residual': groups[0]['residual_company_signed'] or 0.0 if groups else 0.0}
        if self.user_has_groups(CREDIT_GROUPS):  # as the customer form's credit tab
            data['credit'] = {'limit': customer.credit_limit,
                              'exposure': customer.cs_credit_exposure,
                              'available': customer.cs_credit_available,
                              'overdue': customer.cs_credit_overdue}
        Complaint = self.env['cs.complaint']
        if Complaint.check_access_rights('read', raise_exception=False):
            complaints = Complaint.search([('partner_id', '=', customer.id)])
            data['complaints'] = {'count': len(complaints),
                                  'open': len(complaints.filtered(lambda c: not c.is_closed)),
                                  'last': complaints[:10]}
        Interaction = self.env['cs.interaction']
        if Interaction.check_access_rights('read', raise_exception=False):
            data['interactions'] = Interaction.search([('partner_id', '=', customer.id)],
                                                      limit=10)
        return data
