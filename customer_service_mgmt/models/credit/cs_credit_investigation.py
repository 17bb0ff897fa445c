# -*- coding: utf-8 -*-
from odoo import api, fields, models


class CsCreditInvestigation(models.Model):
    """Credit investigation 资信调查: what was checked, where, and what was found.
    Documents (licences, bank letters, statements) are attached through the chatter."""
    _name = 'cs.credit.investigation'
    _description = 'Credit Investigation'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 domain=[('is_company', '=', True)], track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one('res.users', string='Investigator', required=True,
                              default=lambda self: self.env.user)
    check_registration = fields.Boolean(string='Business Registration',
                                        help='Business licence and registration records checked.')
    check_bank = fields.Boolean(string='Bank Reference')
    check_trade_references = fields.Boolean(string='Trade References',
                                            help='Other suppliers asked about payment behaviour.')
    check_financial_statements = fields.Boolean(string='Financial Statements')
    check_litigation = fields.Boolean(string='Litigation Search')
    sources = fields.Text()
    findings = fields.Text()
    conclusion = fields.Selection([('favourable', 'Favourable'), ('neutral', 'Neutral'),
                                   ('unfavourable', 'Unfavourable')],
                                  track_visibility='onchange')

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('cs.credit.investigation') or '/'
        return super(CsCreditInvestigation, self).create(vals)
