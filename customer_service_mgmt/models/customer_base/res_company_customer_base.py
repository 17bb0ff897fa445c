# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Thresholds of the ABC classification and the lost-customer detection, per company."""
    _inherit = 'res.company'

    cs_abc_a_percent = fields.Float(
        string='Class A: First Share of Revenue (%)', default=80.0,
        help='Customers making the first part of the revenue (largest first) are class A.')
    cs_abc_b_percent = fields.Float(
        string='Class B: Next Share of Revenue (%)', default=15.0,
        help='The customers making the next part of the revenue are class B; the rest is C.')
    cs_churn_risk_factor = fields.Float(
        string='At Risk After (x Usual Interval)', default=1.5,
        help='A customer is at risk when the days without orders exceed its usual reorder '
             'interval times this factor.')
    cs_churn_lost_factor = fields.Float(
        string='Lost After (x Usual Interval)', default=3.0,
        help='A customer is lost when the days without orders exceed its usual reorder '
             'interval times this factor.')
    cs_churn_lost_days = fields.Integer(
        string='Lost After (Days Without Orders)', default=365,
        help='A customer without orders for more days than this is lost, whatever its usual '
             'interval (0: no such rule).')

    @api.constrains('cs_abc_a_percent', 'cs_abc_b_percent')
    def _check_cs_abc_thresholds(self):
        for company in self:
            a, b = company.cs_abc_a_percent, company.cs_abc_b_percent
            if a < 0 or b < 0:
                raise ValidationError(_('The ABC thresholds cannot be negative (A: %(a)s %%, '
                                        'B: %(b)s %%).') % {'a': a, 'b': b})
            if a <= 0:
                raise ValidationError(_('Class A must cover part of the revenue: give it a '
                                        'share above 0 %.'))
            if a + b > 100:
                raise ValidationError(_('The ABC thresholds do not add up: A (%(a)s %%) and B '
                                        '(%(b)s %%) together exceed 100 %% of the revenue.')
                                      % {'a': a, 'b': b})

    @api.constrains('cs_churn_risk_factor', 'cs_churn_lost_factor', 'cs_churn_lost_days')
    def _check_cs_churn_rules(self):
        for company in self:
            if company.cs_churn_risk_factor <= 0 or company.cs_churn_lost_factor <= 0:
                raise ValidationError(_('The lost-customer factors must be positive: they '
                                        'multiply the usual reorder interval.'))
            if company.cs_churn_lost_factor < company.cs_churn_risk_factor:
                raise ValidationError(_('A customer cannot be lost before it is at risk: the '
                                        '"lost" factor must be at least the "at risk" factor.'))
            if company.cs_churn_lost_days < 0:
                raise ValidationError(_('The number of days without orders cannot be negative.'))
