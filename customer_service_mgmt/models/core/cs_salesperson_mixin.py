# -*- coding: utf-8 -*-
from odoo import api, fields, models
from odoo.tools import sql


class CsSalespersonMixin(models.AbstractModel):
    """Salespeople of a customer document (complaint, service request), stored on the
    document so that the salespeople's record rule is a plain indexed comparison in SQL.

    Written as ``partner_id.user_id`` / ``sale_order_id.user_id`` the rule made the ORM
    first list every customer and every order of the salesperson and send these ids back
    in an ``IN (...)`` clause: with 100 000 orders that list alone took seconds on every
    screen reading the documents (customer form counts, lists).
    """
    _name = 'cs.salesperson.mixin'
    _description = 'Salespeople of a Customer Document'

    # defined in full by the documents; declared here for the related fields' setup
    partner_id = fields.Many2one('res.partner', string='Customer')
    sale_order_id = fields.Many2one('sale.order')
    cs_partner_user_id = fields.Many2one(
        'res.users', related='partner_id.user_id', store=True, index=True, readonly=True,
        string='Customer Salesperson',
        help='Salesperson of the customer (kept here for the salespeople\'s access rule).')
    cs_order_user_id = fields.Many2one(
        'res.users', related='sale_order_id.user_id', store=True, index=True, readonly=True,
        string='Order Salesperson',
        help='Salesperson of the sale order (kept here for the salespeople\'s access rule).')

    @api.model_cr_context
    def _auto_init(self):
        # on an existing database fill the new columns with one UPDATE each: the ORM would
        # recompute them row by row
        cr = self.env.cr
        if not self._abstract and sql.table_exists(cr, self._table):
            fill = [name for name in ('cs_partner_user_id', 'cs_order_user_id')
                    if not sql.column_exists(cr, self._table, name)]
            for name in fill:
                sql.create_column(cr, self._table, name, 'int4')
            if 'cs_partner_user_id' in fill:
                cr.execute("""UPDATE {0} d SET cs_partner_user_id = p.user_id FROM res_partner p
                              WHERE p.id = d.partner_id AND p.user_id IS NOT NULL"""
                           .format(self._table))
            if 'cs_order_user_id' in fill:
                cr.execute("""UPDATE {0} d SET cs_order_user_id = o.user_id FROM sale_order o
                              WHERE o.id = d.sale_order_id AND o.user_id IS NOT NULL"""
                           .format(self._table))
        return super(CsSalespersonMixin, self)._auto_init()
