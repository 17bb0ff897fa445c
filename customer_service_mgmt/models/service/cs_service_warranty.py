# -*- coding: utf-8 -*-
"""Warranty rules 保修规则, all in one place: when a product reached the customer and
whether a date is still under its warranty."""
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

WARRANTY_STATES = [('in', 'In Warranty'), ('expired', 'Warranty Expired'),
                   ('unknown', 'Warranty Unknown')]


class CsServiceWarranty(models.AbstractModel):
    """The warranty starts on the local date the goods were delivered to the customer and
    covers ``warranty months`` of the product: delivered on 15 March with 12 months, the
    last day covered is 14 March of the next year and the warranty has expired on 15 March
    (a month-end delivery ends one day before the same day of the last month, clipped to
    that month's length).  Without the months on the product or a done delivery, the
    status is unknown and the reason says what is missing."""
    _name = 'cs.service.warranty'
    _description = 'Warranty Policy'

    @api.model
    def delivery_date(self, customer, product, lot=None, picking=None, sale_order=None):
        """Local date of the done delivery to ``customer`` of the serial ``lot`` (its last
        delivery), else of the ``picking``, else of the first done delivery of ``product``
        in ``sale_order``; False when nothing was delivered.  A serial delivered to
        another customer, or a delivery not done, is refused with the reason."""
        if lot:
            line = self.lot_delivery_line(lot)
            if not line:
                return False
            delivered_to = line.picking_id.partner_id.commercial_partner_id
            if customer and delivered_to and delivered_to != customer.commercial_partner_id:
                raise ValidationError(_('Serial number %(serial)s was delivered to %(delivered_to)s, '
                                        'not to %(customer)s.') % {
                    'serial': lot.name, 'delivered_to': delivered_to.name,
                    'customer': customer.commercial_partner_id.name})
            return self._local_date(line.date)
        if picking:
            picking = picking.sudo()
            if picking.state != 'done':
                raise ValidationError(_('Delivery %s is not done yet: the warranty starts when '
                                        'the goods are delivered.') % picking.name)
            return self._local_date(picking.date_done)
        if sale_order:
            domain = [('sale_line_id.order_id', '=', sale_order.id), ('state', '=', 'done'),
                      ('location_dest_id.usage', '=', 'customer')]
            if product:
                domain.append(('product_id', '=', product.id))
            move = self.env['stock.move'].sudo().search(domain, order='date, id', limit=1)
            return move and self._local_date(move.date) or False
        return False

    @api.model
    def lot_delivery_line(self, lot, customer=None):
        """The done move line of the last delivery of ``lot`` to a customer (to
        ``customer``'s company only, if given), read with sudo: the service staff and
        the portal check warranties without warehouse rights."""
        domain = [('lot_id', 'in', lot.ids), ('state', '=', 'done'),
                  ('picking_id.picking_type_code', '=', 'outgoing'),
                  ('location_dest_id.usage', '=', 'customer')]
        if customer:
            domain.append(('picking_id.partner_id', 'child_of', customer.commercial_partner_id.id))
        return self.env['stock.move.line'].sudo().search(domain, order='date desc, id desc',
                                                         limit=1)

    @api.model
    def _local_date(self, timestamp):
        return fields.Date.context_today(self, fields.Datetime.from_string(timestamp))

    @api.model
    def warranty_end(self, product, delivery_date):
        """Last day under warranty, or False without months or delivery date."""
        months = product.product_tmpl_id.cs_warranty_months if product else 0
        if not months or not delivery_date:
            return False
        start = fields.Date.from_string(delivery_date)
        return fields.Date.to_string(start + relativedelta(months=months) - relativedelta(days=1))

    @api.model
    def status(self, product, delivery_date, on_date):
        """(state, last day covered, reason) of ``product`` delivered on ``delivery_date``
        for service requested on ``on_date``."""
        if not product:
            return 'unknown', False, _('No product given.')
        if not product.product_tmpl_id.cs_warranty_months:
            return 'unknown', False, _('Product %s has no warranty period: set its warranty '
                                       'months.') % product.display_name
        if not delivery_date:
            return 'unknown', False, _('No done delivery to this customer is known: give the '
                                       'serial number, the delivery or the sale order.')
        end = self.warranty_end(product, delivery_date)
        if on_date <= end:
            return 'in', end, _('Under warranty until %s.') % end
        return 'expired', end, _('Warranty ended on %s.') % end
