"""Shared set-up of the after-sales service tests: an outlet on a known calendar
(Mon-Fri 08-12 and 13-17, Asia/Shanghai) in a region, its technician and manager, a
serial-tracked product with a 12-month warranty, helpers to deliver serial numbers."""
from datetime import datetime

import pytz

from odoo import fields

from .complaint_common import TZ, ComplaintCase


class ServiceCase(ComplaintCase):

    def setUp(self):
        super(ServiceCase, self).setUp()
        self.env.user.tz = TZ
        self.region = self.env['cs.service.region'].create({'name': 'East China'})
        self.other_region = self.env['cs.service.region'].create({'name': 'South China'})
        self.technician = self.make_user('cs_test_technician', 'customer_service_mgmt.group_cs_user',
                                         tz=TZ)
        self.outlet = self.env['cs.service.outlet'].create({
            'name': 'Shanghai Outlet', 'region_id': self.region.id,
            'manager_id': self.cs_manager.id, 'member_ids': [(6, 0, [self.technician.id])],
            'resource_calendar_id': self.calendar.id, 'tz': TZ})
        self.other_outlet = self.env['cs.service.outlet'].create({
            'name': 'Guangzhou Outlet', 'region_id': self.other_region.id,
            'resource_calendar_id': self.calendar.id, 'tz': TZ})
        self.machine = self.make_product('CNC router', type='product', tracking='serial',
                                         cs_warranty_months=12, list_price=50000.0)
        self.warehouse = self.env['stock.warehouse'].search(
            [('company_id', '=', self.company.id)], limit=1)
        self.customers_location = self.env.ref('stock.stock_location_customers')

    def service_type(self, name):
        return self.env.ref('customer_service_mgmt.service_type_%s' % name)

    def service_stage(self, name):
        return self.env.ref('customer_service_mgmt.service_stage_%s' % name)

    def make_lot(self, name, product=None):
        return self.env['stock.production.lot'].create({
            'name': name, 'product_id': (product or self.machine).id})

    def make_delivery(self, lots, partner=None, product=None, done_at=None, validate=True):
        """An outgoing picking of one unit per serial number to ``partner``; validated
        (and dated ``done_at``, naive UTC) unless ``validate`` is False."""
        product = product or self.machine
        stock = self.warehouse.lot_stock_id
        for lot in lots:
            self.env['stock.quant']._update_available_quantity(product, stock, 1.0, lot_id=lot)
        picking = self.env['stock.picking'].create({
            'partner_id': (partner or self.customer).id,
            'picking_type_id': self.warehouse.out_type_id.id,
            'location_id': stock.id, 'location_dest_id': self.customers_location.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id,
                'product_uom_qty': len(lots), 'product_uom': product.uom_id.id,
                'location_id': stock.id, 'location_dest_id': self.customers_location.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        if not validate:
            return picking
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        picking.action_done()
        self.assertEqual(picking.state, 'done')
        if done_at:
            picking.move_line_ids.write({'date': done_at})
            picking.move_lines.write({'date': done_at})
            picking.date_done = done_at
        return picking

    def make_request(self, user=None, **values):
        vals = {'partner_id': self.customer.id, 'type_id': self.service_type('repair').id,
                'description': 'The spindle makes a grinding noise.',
                'outlet_id': self.outlet.id}
        vals.update(values)
        env = self.env(user=user) if user else self.env
        return env['cs.service.request'].create(vals)

    @staticmethod
    def utc(local):
        """Naive UTC string of a Shanghai wall-clock time 'YYYY-MM-DD HH:MM'."""
        moment = pytz.timezone(TZ).localize(datetime.strptime(local, '%Y-%m-%d %H:%M'))
        return fields.Datetime.to_string(moment.astimezone(pytz.utc))
