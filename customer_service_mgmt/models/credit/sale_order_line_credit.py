# -*- coding: utf-8 -*-
from odoo import api, fields, models

from . import cs_credit_guard as guard


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    cs_uninvoiced_amount = fields.Float(
        string='Uninvoiced Amount (Company Currency)', compute='_compute_cs_uninvoiced_amount',
        store=True, readonly=True, digits=0,
        help='Part of a confirmed line not invoiced yet, taxes included; feeds the credit '
             'exposure (draft invoices are counted there instead).')

    @api.depends('order_id.state', 'product_uom_qty', 'qty_invoiced', 'price_total',
                 'order_id.currency_id', 'order_id.date_order', 'company_id')
    def _compute_cs_uninvoiced_amount(self):
        for line in self:
            if line.order_id.state not in ('sale', 'done') or not line.product_uom_qty:
                line.cs_uninvoiced_amount = 0.0
                continue
            remaining = max(line.product_uom_qty - line.qty_invoiced, 0.0) / line.product_uom_qty
            order = line.order_id
            line.cs_uninvoiced_amount = order.currency_id.with_context(date=order.date_order).compute(
                line.price_total * remaining, order.company_id.currency_id)

    @api.model
    def create(self, vals):
        if vals.get('state'):
            order = self.env['sale.order'].browse(vals.get('order_id'))
            if vals['state'] != order.state and not guard.allowed(order):
                order._cs_refuse({'state'})
        line = super(SaleOrderLine, self).create(vals)
        line.order_id._cs_check_increase()
        return line

    @api.multi
    def write(self, vals):
        # the lines' status follows their order (stored copy of it, invoiced from): written
        # directly it would make a quotation's lines invoiceable
        if 'state' in vals:
            orders = self.mapped('order_id')
            if any(order.state != vals['state'] for order in orders) \
                    and not guard.allowed(orders):
                orders._cs_refuse({'state'})
        result = super(SaleOrderLine, self).write(vals)
        self.mapped('order_id')._cs_check_increase()
        return result
