# -*- coding: utf-8 -*-
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    cs_abc_a_percent = fields.Float(related='company_id.cs_abc_a_percent',
                                    string='Class A: First Share of Revenue (%)')
    cs_abc_b_percent = fields.Float(related='company_id.cs_abc_b_percent',
                                    string='Class B: Next Share of Revenue (%)')
    cs_churn_risk_factor = fields.Float(related='company_id.cs_churn_risk_factor',
                                        string='At Risk After (x Usual Interval)')
    cs_churn_lost_factor = fields.Float(related='company_id.cs_churn_lost_factor',
                                        string='Lost After (x Usual Interval)')
    cs_churn_lost_days = fields.Integer(related='company_id.cs_churn_lost_days',
                                        string='Lost After (Days Without Orders)')
