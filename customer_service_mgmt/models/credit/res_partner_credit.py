# -*- coding: utf-8 -*-
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..core.cs_groups import CREDIT_GROUPS
from .cs_credit_policy import CreditFigures

# credit profile fields: set by credit managers (directly or by approving an evaluation)
CREDIT_PROFILE_FIELDS = frozenset([
    'credit_limit', 'cs_credit_grade_id', 'cs_credit_terms_days', 'cs_credit_hold',
    'cs_credit_hold_reason', 'cs_credit_review_date', 'cs_credit_controller_id',
])


NO_FIGURES = CreditFigures(limit=0.0, exposure=0.0, overdue=0.0, available=0.0, amount=0.0,
                           currency=None, grade=None)  # a new partner, not saved yet


class ResPartner(models.Model):
    _inherit = 'res.partner'

    credit_limit = fields.Float(groups=CREDIT_GROUPS)  # the host's field, made internal too
    cs_credit_grade_id = fields.Many2one('cs.credit.grade', string='Credit Grade',
                                         groups=CREDIT_GROUPS, track_visibility='onchange')
    cs_credit_terms_days = fields.Integer(
        string='Credit Terms (Days)', groups=CREDIT_GROUPS, track_visibility='onchange',
        help='Days past the due date tolerated before an unpaid invoice blocks new orders.')
    cs_credit_hold = fields.Boolean(string='Manual Credit Hold', groups=CREDIT_GROUPS,
                                    track_visibility='onchange',
                                    help='Every new order of this customer goes on credit hold.')
    cs_credit_hold_reason = fields.Char(string='Hold Reason', groups=CREDIT_GROUPS)
    cs_credit_review_date = fields.Date(string='Next Credit Review', groups=CREDIT_GROUPS,
                                        track_visibility='onchange')
    cs_credit_controller_id = fields.Many2one('res.users', string='Credit Controller',
                                              groups=CREDIT_GROUPS,
                                              help='Receives the credit hold and review activities.')
    # only credit controllers read evaluations and investigations: for the salespeople and
    # accountants who see the credit tab, these lists are not even loaded
    cs_credit_evaluation_ids = fields.One2many(
        'cs.credit.evaluation', 'partner_id', string='Credit Evaluations',
        groups='customer_service_mgmt.group_credit_controller')
    cs_credit_investigation_ids = fields.One2many(
        'cs.credit.investigation', 'partner_id', string='Credit Investigations',
        groups='customer_service_mgmt.group_credit_controller')
    cs_credit_exposure = fields.Monetary(string='Credit Exposure', groups=CREDIT_GROUPS,
                                         compute='_compute_cs_credit',
                                         currency_field='cs_company_currency_id')
    cs_credit_available = fields.Monetary(string='Available Credit', groups=CREDIT_GROUPS,
                                          compute='_compute_cs_credit',
                                          currency_field='cs_company_currency_id')
    cs_credit_overdue = fields.Monetary(string='Overdue Amount', groups=CREDIT_GROUPS,
                                        compute='_compute_cs_credit',
                                        currency_field='cs_company_currency_id')
    cs_company_currency_id = fields.Many2one('res.currency', compute='_compute_cs_credit',
                                             string='Company Currency')

    @api.model
    def _commercial_fields(self):
        # contacts show their company's credit profile
        return super(ResPartner, self)._commercial_fields() + sorted(CREDIT_PROFILE_FIELDS)

    def _commercial_sync_from_company(self):
        # sudo: copying the company's credit profile onto its contacts is bookkeeping, also
        # when the user adding the contact may not read credit data (CREDIT_GROUPS)
        return super(ResPartner, self.sudo())._commercial_sync_from_company()

    def _commercial_sync_to_children(self):
        # sudo: see _commercial_sync_from_company
        return super(ResPartner, self.sudo())._commercial_sync_to_children()

    def _compute_cs_credit(self):
        # in batch: one query for the whole list (see cs.credit.policy.figures_batch)
        company = self.env.user.company_id
        figures = self.env['cs.credit.policy'].figures_batch(self, company)
        for partner in self:
            credit = figures.get(partner.commercial_partner_id.id) or NO_FIGURES
            partner.cs_credit_exposure = credit.exposure
            partner.cs_credit_available = credit.available
            partner.cs_credit_overdue = credit.overdue
            partner.cs_company_currency_id = company.currency_id

    @api.constrains('credit_limit', 'cs_credit_terms_days')
    def _check_cs_credit_values(self):
        for partner in self:
            if partner.credit_limit < 0:
                raise ValidationError(_('A credit limit cannot be negative.'))
            if partner.cs_credit_terms_days < 0:
                raise ValidationError(_('Credit terms cannot be a negative number of days.'))

    def _cs_guard_credit_profile(self, vals):
        """Refuse credit profile changes on commercial entities by non-managers.

        Contacts only mirror their company's profile (commercial-field sync) and the policy
        always reads the commercial entity, so their copies are not guarded.
        """
        if self.env.uid == SUPERUSER_ID or not CREDIT_PROFILE_FIELDS.intersection(vals) \
                or self.env.user.has_group('customer_service_mgmt.group_credit_manager'):
            return
        for partner in self:
            for name in CREDIT_PROFILE_FIELDS.intersection(vals):
                current = partner[name]
                if isinstance(current, models.BaseModel):
                    current = current.id
                if (current or False) != (vals[name] or False):
                    raise AccessError(_('Only a credit manager can change the credit profile '
                                        '(%(field)s) of %(partner)s.') % {
                        'field': self._fields[name].string,
                        'partner': partner.display_name or vals.get('name')})

    @api.model
    def create(self, vals):
        if not vals.get('parent_id') or vals.get('is_company'):
            self.new({})._cs_guard_credit_profile(vals)
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        # a contact that this write detaches or turns into a company becomes a commercial
        # entity: its credit values are guarded too
        becomes_commercial = vals.get('is_company') or ('parent_id' in vals and not vals['parent_id'])
        self.filtered(lambda p: becomes_commercial or p.commercial_partner_id == p) \
            ._cs_guard_credit_profile(vals)
        return super(ResPartner, self).write(vals)

    @api.multi
    def action_cs_evaluate_credit(self):
        """A new 5C credit evaluation of the customer (button on its credit tab)."""
        self.ensure_one()
        template = self.env.ref('customer_service_mgmt.credit_template_5c',
                                raise_if_not_found=False)
        return {
            'name': _('Credit Evaluation'), 'type': 'ir.actions.act_window',
            'res_model': 'cs.credit.evaluation', 'view_mode': 'form', 'target': 'current',
            'context': {'default_partner_id': self.commercial_partner_id.id,
                        'default_template_id': template.id if template else False},
        }
