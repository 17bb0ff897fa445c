"""Repair orders, returns, exchanges and invoices made from service requests, and their
states flowing back to the request."""
from odoo.exceptions import UserError

from .service_common import ServiceCase


class TestRepairs(ServiceCase):

    def setUp(self):
        super(TestRepairs, self).setUp()
        self.lot = self.make_lot('SN-R-1')
        self.make_delivery(self.lot, done_at=self.utc('2025-03-15 10:00'))

    def _repair(self, date_request):
        request = self.make_request(user=self.technician, lot_id=self.lot.id,
                                    date_request=date_request)
        action = request.action_create_repair()
        repair = request.repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual((action['res_model'], action['res_id']), ('mrp.repair', repair.id))
        self.assertEqual(repair.cs_service_request_id, request, 'linked both ways')
        self.assertEqual((repair.product_id, repair.lot_id, repair.partner_id),
                         (self.machine, self.lot, self.customer))
        return request, repair.sudo()

    def test_in_warranty_repair_is_free_and_resolves_the_request(self):
        request, repair = self._repair(self.utc('2025-09-01 10:00'))
        self.assertEqual(repair.invoice_method, 'none')
        self.assertEqual(repair.guarantee_limit, '2026-03-14')
        repair.action_repair_confirm()
        repair.action_repair_start()
        self.assertFalse(request.is_resolved)
        repair.action_repair_end()
        self.assertEqual(repair.state, 'done')
        self.assertEqual(request.stage_id, self.service_stage('resolved'))
        self.assertTrue(request.date_done)
        self.assertTrue(request.sla_resolve_reached)
        self.assertFalse(repair.invoice_id)

    def test_out_of_warranty_repair_is_invoiced_by_the_repair(self):
        request, repair = self._repair(self.utc('2026-09-01 10:00'))
        self.assertEqual(request.warranty_state, 'expired')
        self.assertEqual(repair.invoice_method, 'after_repair')
        repair.write({'fees_lines': [(0, 0, {
            'name': 'Spindle bearing replacement', 'product_id': self.env.ref(
                'customer_service_mgmt.product_cs_service_fee').id,
            'product_uom_qty': 1, 'product_uom': self.env.ref('product.product_uom_unit').id,
            'price_unit': 1500.0})]})
        repair.action_repair_confirm()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, '2binvoiced')
        self.assertFalse(request.is_resolved, 'not resolved before the repair is invoiced')
        repair.action_repair_invoice_create()
        self.assertEqual(repair.state, 'done')
        self.assertEqual(repair.invoice_id.partner_id, self.customer)
        self.assertEqual(repair.invoice_id.amount_untaxed, 1500.0)
        self.assertTrue(request.is_resolved)

    def test_cancelled_repair_does_not_resolve_and_allows_another(self):
        request, repair = self._repair(self.utc('2025-09-01 10:00'))
        repair.action_repair_cancel()
        self.assertFalse(request.is_resolved)
        request.action_create_repair()
        self.assertEqual(len(request.repair_ids), 2)

    def test_repair_refusals(self):
        request, _repair = self._repair(self.utc('2025-09-01 10:00'))
        with self.assertRaisesRegex(UserError, 'already has a repair order'):
            request.action_create_repair()
        unknown = self.make_request(product_id=self.machine.id)
        with self.assertRaisesRegex(UserError, 'warranty of service request .* is unknown'):
            unknown.action_create_repair()
        support = self.make_request(lot_id=self.lot.id, type_id=self.service_type('support').id)
        with self.assertRaisesRegex(UserError, 'is not a repair'):
            support.action_create_repair()


class TestReturnsAndExchanges(ServiceCase):

    def setUp(self):
        super(TestReturnsAndExchanges, self).setUp()
        self.lot = self.make_lot('SN-X-1')
        self.delivery = self.make_delivery(self.lot)

    def _validate(self, picking):
        picking = picking.sudo()
        if picking.state != 'assigned':
            picking.action_assign()
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        picking.action_done()
        self.assertEqual(picking.state, 'done')

    def test_return_with_the_host_wizard(self):
        request = self.make_request(user=self.technician, lot_id=self.lot.id,
                                    type_id=self.service_type('return').id)
        request.action_create_return()
        returned = request.service_picking_ids.sudo()
        self.assertEqual(len(returned), 1)
        self.assertEqual(returned.picking_type_id, self.warehouse.out_type_id.return_picking_type_id
                         or self.warehouse.out_type_id)
        self.assertEqual(returned.move_lines.origin_returned_move_id, self.delivery.move_lines)
        self.assertEqual(returned.move_line_ids.lot_id, self.lot, 'the serial is prefilled')
        self.assertEqual(returned.cs_service_request_id, request)
        self.assertFalse(request.is_resolved)
        self._validate(returned)
        self.assertTrue(request.is_resolved)
        self.assertIn(returned.name, request.message_ids[0].body)

    def test_exchange_is_a_return_and_a_new_delivery(self):
        replacement_lot = self.make_lot('SN-X-2')
        self.env['stock.quant']._update_available_quantity(
            self.machine, self.warehouse.lot_stock_id, 1.0, lot_id=replacement_lot)
        request = self.make_request(lot_id=self.lot.id, type_id=self.service_type('exchange').id)
        request.action_create_return()
        pickings = request.service_picking_ids.sudo()
        self.assertEqual(sorted(pickings.mapped('picking_type_code')), ['incoming', 'outgoing'])
        back = pickings.filtered(lambda p: p.picking_type_code == 'incoming')
        new = pickings - back
        self.assertEqual(new.partner_id, self.customer)
        self.assertEqual(new.move_lines.product_uom_qty, 1.0)
        self._validate(back)
        self.assertFalse(request.is_resolved, 'the replacement is not delivered yet')
        self._validate(new)
        self.assertTrue(request.is_resolved)

    def test_return_refusals(self):
        undelivered_lot = self.make_lot('SN-X-3')
        pending = self.make_delivery(undelivered_lot, validate=False)
        request = self.make_request(product_id=self.machine.id, picking_id=pending.id,
                                    type_id=self.service_type('return').id)
        with self.assertRaisesRegex(UserError, 'is not done yet: only delivered goods'):
            request.action_create_return()
        nothing = self.make_request(product_id=self.machine.id,
                                    type_id=self.service_type('return').id)
        with self.assertRaisesRegex(UserError, 'No done delivery of CNC router'):
            nothing.action_create_return()
        too_many = self.make_request(lot_id=self.lot.id, quantity=2,
                                     type_id=self.service_type('return').id)
        with self.assertRaisesRegex(UserError, 'has only 1.0 of CNC router left to return'):
            too_many.action_create_return()
        repair = self.make_request(lot_id=self.lot.id)
        with self.assertRaisesRegex(UserError, 'neither a return nor an exchange'):
            repair.action_create_return()


class TestPaidServices(ServiceCase):

    def test_training_is_invoiced_even_under_warranty(self):
        lot = self.make_lot('SN-T-1')
        self.make_delivery(lot)
        training = self.service_type('training')
        request = self.make_request(user=self.technician, lot_id=lot.id, type_id=training.id,
                                    service_fee=800.0)
        self.assertEqual(request.warranty_state, 'in')
        request.action_create_invoice()
        invoice = request.invoice_ids.sudo()
        self.assertEqual((invoice.type, invoice.state, invoice.partner_id),
                         ('out_invoice', 'draft', self.customer))
        self.assertEqual(invoice.amount_untaxed, 800.0)
        self.assertEqual(invoice.invoice_line_ids.product_id, training.service_product_id)
        self.assertEqual(invoice.cs_service_request_id, request)
        with self.assertRaisesRegex(UserError, 'already has an invoice'):
            request.action_create_invoice()
        invoice.action_invoice_open()
        self.assertIn('Service invoice %s: Open.' % invoice.number,
                      request.message_ids[0].body)

    def test_support_under_warranty_is_free(self):
        lot = self.make_lot('SN-T-2')
        self.make_delivery(lot)
        request = self.make_request(lot_id=lot.id, type_id=self.service_type('support').id,
                                    service_fee=300.0)
        with self.assertRaisesRegex(UserError, 'is under warranty: the service is free'):
            request.action_create_invoice()

    def test_fee_required(self):
        request = self.make_request(type_id=self.service_type('training').id, service_fee=0)
        with self.assertRaisesRegex(UserError, 'Enter the service fee'):
            request.action_create_invoice()
