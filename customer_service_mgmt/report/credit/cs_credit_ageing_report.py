# -*- coding: utf-8 -*-
from odoo import api, fields, models, tools


class CsCreditAgeingReport(models.Model):
    """Receivables ageing 应收账款账龄: open receivable lines by days past due."""
    _name = 'cs.credit.ageing.report'
    _description = 'Receivables Ageing'
    _auto = False
    _order = 'days_overdue desc'

    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    currency_id = fields.Many2one('res.currency', readonly=True)
    move_line_id = fields.Many2one('account.move.line', string='Journal Item', readonly=True)
    invoice_id = fields.Many2one('account.invoice', readonly=True)
    date_maturity = fields.Date(string='Due Date', readonly=True)
    days_overdue = fields.Integer(string='Days Past Due', readonly=True, group_operator='max')
    bucket = fields.Selection([('0_not_due', 'Not Due'), ('1_0_30', '0-30'), ('2_31_60', '31-60'),
                               ('3_61_90', '61-90'), ('4_90_plus', '> 90')],
                              string='Ageing', readonly=True)
    residual = fields.Monetary(string='Open Amount', readonly=True)
    not_due = fields.Monetary(readonly=True)
    days_0_30 = fields.Monetary(string='0-30 Days', readonly=True)
    days_31_60 = fields.Monetary(string='31-60 Days', readonly=True)
    days_61_90 = fields.Monetary(string='61-90 Days', readonly=True)
    days_90_plus = fields.Monetary(string='> 90 Days', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW cs_credit_ageing_report AS
            SELECT aml.id, aml.id AS move_line_id, p.commercial_partner_id AS partner_id,
                   aml.company_id, c.currency_id, aml.invoice_id, aml.date_maturity,
                   aged.days AS days_overdue, aml.amount_residual AS residual,
                   CASE WHEN aged.days <= 0 THEN '0_not_due' WHEN aged.days <= 30 THEN '1_0_30'
                        WHEN aged.days <= 60 THEN '2_31_60' WHEN aged.days <= 90 THEN '3_61_90'
                        ELSE '4_90_plus' END AS bucket,
                   CASE WHEN aged.days <= 0 THEN aml.amount_residual ELSE 0 END AS not_due,
                   CASE WHEN aged.days BETWEEN 1 AND 30 THEN aml.amount_residual ELSE 0 END AS days_0_30,
                   CASE WHEN aged.days BETWEEN 31 AND 60 THEN aml.amount_residual ELSE 0 END AS days_31_60,
                   CASE WHEN aged.days BETWEEN 61 AND 90 THEN aml.amount_residual ELSE 0 END AS days_61_90,
                   CASE WHEN aged.days > 90 THEN aml.amount_residual ELSE 0 END AS days_90_plus
            FROM account_move_line aml
            JOIN account_account acc ON acc.id = aml.account_id AND acc.internal_type = 'receivable'
            JOIN res_partner p ON p.id = aml.partner_id
            JOIN res_company c ON c.id = aml.company_id
            CROSS JOIN LATERAL (SELECT CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) AS days) aged
            WHERE aml.amount_residual <> 0
        """)
