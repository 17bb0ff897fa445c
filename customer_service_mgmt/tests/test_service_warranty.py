"""Warranty status at its boundaries, bad input, warranty card."""
from odoo.exceptions import UserError, ValidationError

from .service_common import ServiceCase


class TestWarrantyPolicy(ServiceCase):

    def setUp(self):
        super(TestWarrantyPolicy, self).setUp()
        self.policy = self.env['cs.service.warranty'].with_context(tz='Asia/Shanghai')

    def test_last_covered_day_and_first_expired_day(self):
        self.assertEqual(self.policy.status(self.machine, '2025-03-15', '2026-03-14'),
                         ('in', '2026-03-14', 'Under warranty until 2026-03-14.'))
        state, end, _note = self.policy.status(self.machine, '2025-03-15', '2026-03-15')
        self.assertEqual((state, end), ('expired', '2026-03-14'))
        self.assertEqual(self.policy.status(self.machine, '2025-03-15', '2025-03-15')[0], 'in',
                         'the delivery day itself is covered')

    def test_month_end_delivery(self):
        self.machine.cs_warranty_months = 1
        # 31 January + 1 month is clipped to 28 February: the last covered day is the 27th
        self.assertEqual(self.policy.warranty_end(self.machine, '2025-01-31'), '2025-02-27')
        self.assertEqual(self.policy.status(self.machine, '2025-01-31', '2025-02-28')[0],
                         'expired')

    def test_product_without_warranty_data(self):
        self.machine.cs_warranty_months = 0
        state, end, note = self.policy.status(self.machine, '2025-03-15', '2025-04-01')
        self.assertEqual((state, end), ('unknown', False))
        self.assertIn('has no warranty period', note)

    def test_negative_months_refused(self):
        with self.assertRaisesRegex(ValidationError, 'cannot be negative'):
            self.machine.cs_warranty_months = -1

    def test_delivery_date_is_the_local_date_of_the_serials_delivery(self):
        lot = self.make_lot('SN-TZ-1')
        # 17:30 UTC on the 14th is 01:30 on the 15th in Shanghai
        self.make_delivery(lot, done_at='2025-03-14 17:30:00')
        self.assertEqual(self.policy.delivery_date(self.customer, self.machine, lot), '2025-03-15')


class TestWarrantyOnRequests(ServiceCase):

    def test_request_in_warranty_and_expired_from_the_serial(self):
        lot = self.make_lot('SN-W-1')
        self.make_delivery(lot, done_at=self.utc('2025-03-15 10:00'))
        inside = self.make_request(lot_id=lot.id, date_request=self.utc('2026-03-14 23:30'))
        self.assertEqual(inside.product_id, self.machine, 'the product comes from the serial')
        self.assertEqual((inside.delivery_date, inside.warranty_state, inside.warranty_end),
                         ('2025-03-15', 'in', '2026-03-14'))
        outside = self.make_request(lot_id=lot.id, date_request=self.utc('2026-03-15 00:30'))
        self.assertEqual(outside.warranty_state, 'expired')
        self.assertIn('ended on 2026-03-14', outside.warranty_note)

    def test_warranty_follows_the_product_months(self):
        lot = self.make_lot('SN-W-2')
        self.make_delivery(lot, done_at=self.utc('2025-03-15 10:00'))
        request = self.make_request(lot_id=lot.id, date_request=self.utc('2026-06-01 10:00'))
        self.assertEqual(request.warranty_state, 'expired')
        self.machine.cs_warranty_months = 24
        self.assertEqual((request.warranty_state, request.warranty_end), ('in', '2027-03-14'))

    def test_order_delivery_when_no_serial(self):
        product = self.env['product.product'].create({
            'name': 'Dust collector', 'type': 'product', 'cs_warranty_months': 6})
        stock = self.warehouse.lot_stock_id
        self.env['stock.quant']._update_available_quantity(product, stock, 5.0)
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1,
                                   'price_unit': 900.0})]})
        order.action_confirm()
        picking = order.picking_ids
        picking.move_line_ids.write({'qty_done': 1})
        picking.action_done()
        picking.move_lines.write({'date': self.utc('2025-01-10 10:00')})
        request = self.make_request(product_id=product.id, sale_order_id=order.id,
                                    date_request=self.utc('2025-07-09 10:00'))
        self.assertEqual((request.delivery_date, request.warranty_state), ('2025-01-10', 'in'))

    def test_product_without_warranty_data_is_unknown_with_the_reason(self):
        lot = self.make_lot('SN-W-3')
        self.make_delivery(lot)
        self.machine.cs_warranty_months = 0
        request = self.make_request(lot_id=lot.id)
        self.assertEqual(request.warranty_state, 'unknown')
        self.assertIn('CNC router has no warranty period', request.warranty_note)

    def test_no_delivery_known(self):
        request = self.make_request(product_id=self.machine.id)
        self.assertEqual(request.warranty_state, 'unknown')
        self.assertIn('No done delivery', request.warranty_note)

    def test_delivery_not_done(self):
        lot = self.make_lot('SN-W-4')
        picking = self.make_delivery(lot, validate=False)
        request = self.make_request(product_id=self.machine.id, picking_id=picking.id)
        self.assertEqual(request.warranty_state, 'unknown')
        self.assertIn('is not done yet', request.warranty_note)

    def test_serial_of_another_customer_is_refused(self):
        lot = self.make_lot('SN-W-5')
        self.make_delivery(lot, partner=self.other_customer)
        with self.assertRaisesRegex(ValidationError, 'SN-W-5 was delivered to Dongguan Other '
                                                     'Trading Co., not to Foshan'):
            self.make_request(lot_id=lot.id)
        request = self.make_request(product_id=self.machine.id)
        with self.assertRaisesRegex(ValidationError, 'was delivered to Dongguan'):
            request.lot_id = lot

    def test_serial_of_another_product_is_refused(self):
        lot = self.make_lot('SN-W-6')
        with self.assertRaisesRegex(ValidationError, 'is of product CNC router, not of'):
            self.make_request(lot_id=lot.id, product_id=self.product.id)


class TestWarrantyCard(ServiceCase):

    def test_card_of_a_delivered_serial(self):
        lot = self.make_lot('SN-CARD-1')
        picking = self.make_delivery(lot, done_at=self.utc('2025-03-15 10:00'))
        report = self.env.ref('customer_service_mgmt.action_report_cs_warranty_card')
        html = report.render_qweb_html(lot.ids)[0].decode('utf-8')
        for text in ('Warranty Card', 'SN-CARD-1', 'CNC router', self.customer.name, picking.name,
                     '2025-03-15', '2026-03-14', '12'):
            self.assertIn(text, html)
        action = lot.sudo(self.technician).action_print_cs_warranty_card()
        self.assertEqual(action['report_name'], 'customer_service_mgmt.report_cs_warranty_card')

    def test_card_of_a_serial_not_delivered_is_refused(self):
        lot = self.make_lot('SN-CARD-2')
        with self.assertRaisesRegex(UserError, 'has not been delivered to a customer'):
            lot.action_print_cs_warranty_card()
