# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.cs_sla_policy import PRIORITIES
from .cs_service_warranty import WARRANTY_STATES

# a repair of the same serial within this many days after the previous one is a repeat
REPEAT_REPAIR_DAYS = 90

CHANNELS = [('phone', 'Phone'), ('email', 'Email'), ('visit', 'Visit'), ('portal', 'Portal')]


class CsServiceRequest(models.Model):
    """After-sales service request 售后服务单: installation, repair, maintenance, return,
    exchange, technical support or training for a delivered product.

    The response-time standards of ``cs.sla.mixin`` apply (response, on-site visit and
    resolution, counted from the request date in the outlet's working hours; the outlet
    plays the team and its region selects the standard).  The work itself happens in host
    documents linked both ways: repair orders, return and replacement pickings, invoices;
    when they are done the request is resolved."""
    _name = 'cs.service.request'
    _description = 'Service Request'
    _inherit = ['cs.customer.document', 'cs.numbered.document', 'cs.followup.mixin',
                'mail.thread', 'mail.activity.mixin', 'cs.sla.mixin', 'cs.salesperson.mixin']
    _order = 'date_request desc, id desc'

    _sla_kinds = ('acknowledge', 'onsite', 'resolve')
    _sla_start_field = 'date_request'
    _sla_category_field = 'type_id'
    _sla_team_field = 'outlet_id'
    _sla_state_fields = ('stage_id', 'date_onsite')
    _cs_company_fields = ('sale_order_id', 'picking_id', 'outlet_id')
    _cs_customer_fields = ('sale_order_id', 'picking_id')
    _cs_lot_fields = ('lot_id', 'product_id')

    def _default_stage(self):
        return self.env['cs.service.stage'].search([('is_closed', '=', False)], limit=1)

    channel = fields.Selection(CHANNELS, required=True, default='phone')
    type_id = fields.Many2one('cs.service.type', string='Service Type', required=True, index=True,
                              track_visibility='onchange')
    kind = fields.Selection(related='type_id.kind', store=True, readonly=True, string='Kind')
    priority = fields.Selection(PRIORITIES, required=True, default='1',
                                index=True)
    date_request = fields.Datetime(string='Requested On', required=True, index=True,
                                   default=fields.Datetime.now,
                                   help='When the customer asked; the response-time deadlines and '
                                        'the warranty are counted at this date.')
    description = fields.Text(required=True,
                              help='The problem or the service wanted, in the customer\'s words.')
    product_id = fields.Many2one('product.product', index=True)
    lot_id = fields.Many2one('stock.production.lot', string='Serial Number', index=True,
                             domain="[('product_id', '=', product_id)]")
    quantity = fields.Float(default=1.0,
                            help='Quantity returned or exchanged.')
    sale_order_id = fields.Many2one('sale.order', index=True,
                                    domain="[('partner_id', 'child_of', partner_id)]")
    picking_id = fields.Many2one('stock.picking', string='Delivery',
                                 domain="[('partner_id', 'child_of', partner_id), "
                                        "('picking_type_code', '=', 'outgoing')]",
                                 help='The delivery of the product to the customer.')
    outlet_id = fields.Many2one('cs.service.outlet', string='Service Outlet', index=True,
                                track_visibility='onchange')
    region_id = fields.Many2one(related='outlet_id.region_id', store=True, readonly=True,
                                string='Region')
    user_id = fields.Many2one('res.users', string='Technician', index=True,
                              track_visibility='onchange')
    scheduled_date = fields.Datetime(string='Scheduled On', track_visibility='onchange')
    stage_id = fields.Many2one('cs.service.stage', required=True, index=True,
                               default=_default_stage, ondelete='restrict', copy=False,
                               track_visibility='onchange', group_expand='_read_group_stage_ids')
    is_resolved = fields.Boolean(compute='_compute_stage_flags', store=True, string='Resolved')
    is_closed = fields.Boolean(compute='_compute_stage_flags', store=True, string='Closed')
    date_onsite = fields.Datetime(string='First Visit On', readonly=True, copy=False,
                                  help='Arrival of the technician at the first visit; meets the '
                                       'on-site deadline.')
    visit_count = fields.Integer(string='On-site Visits', readonly=True, copy=False)
    date_done = fields.Datetime(string='Service Completed On', readonly=True, copy=False)
    reopen_count = fields.Integer(string='Reopened', readonly=True, copy=False)
    repeat_repair = fields.Boolean(
        readonly=True, copy=False,
        help='A repair of a serial number that was already repaired in the %d days before.'
             % REPEAT_REPAIR_DAYS)
    resolution = fields.Text(string='Work Done')
    cost_amount = fields.Monetary(string='Service Cost', currency_field='currency_id',
                                  groups='base.group_user',
                                  help='Internal cost of the service: parts, labour, travel.')
    service_fee = fields.Monetary(currency_field='currency_id',
                                  help='Price invoiced to the customer for a paid service.')
    # warranty, computed by cs.service.warranty at the request date
    delivery_date = fields.Date(string='Delivered On', compute='_compute_warranty', store=True)
    warranty_end = fields.Date(string='Warranty Until', compute='_compute_warranty', store=True,
                               help='Last day covered by the warranty.')
    warranty_state = fields.Selection(WARRANTY_STATES, string='Warranty',
                                      compute='_compute_warranty', store=True, index=True)
    warranty_note = fields.Char(string='Warranty Details', compute='_compute_warranty',
                                store=True)
    # SLA on-site deadline (the mixin declares only acknowledge and resolve)
    sla_onsite_deadline = fields.Datetime(string='On Site By', readonly=True, copy=False,
                                          index=True)
    sla_onsite_warn_date = fields.Datetime(string='On-site Warning At', readonly=True,
                                           copy=False, index=True)
    sla_onsite_reached = fields.Datetime(string='On Site On', readonly=True, copy=False)
    sla_onsite_breached = fields.Boolean(string='On-site Visit Late', readonly=True, copy=False)
    sla_onsite_warned = fields.Boolean(string='On-site Warning Sent', readonly=True, copy=False)
    # host documents
    # repair orders are read by customer service and the warehouse (mrp_repair's rights),
    # not by the salespeople who read their customers' requests
    repair_ids = fields.One2many('mrp.repair', 'cs_service_request_id', string='Repair Orders',
                                 readonly=True, copy=False,
                                 groups='customer_service_mgmt.group_cs_user,stock.group_stock_user')
    service_picking_ids = fields.One2many('stock.picking', 'cs_service_request_id',
                                          string='Returns and Replacements', readonly=True,
                                          copy=False)
    invoice_ids = fields.One2many('account.invoice', 'cs_service_request_id',
                                  string='Service Invoices', readonly=True, copy=False)
    repair_count = fields.Integer(compute='_compute_document_counts', string='Repairs')
    service_picking_count = fields.Integer(compute='_compute_document_counts',
                                           string='Transfers')
    invoice_count = fields.Integer(compute='_compute_document_counts', string='Invoices')

    _sql_constraints = [
        ('name_company_uniq', 'unique(name, company_id)',
         'The reference of a service request must be unique per company.'),
        ('quantity_positive', 'CHECK(quantity > 0)', 'The quantity must be positive.'),
    ]

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        # every stage is a kanban column: configuration, a handful of rows
        return stages.search([], order=order)  # pylint: disable=no-search-all

    @api.depends('stage_id.is_resolved', 'stage_id.is_closed')
    def _compute_stage_flags(self):
        for request in self:
            request.is_resolved = request.stage_id.is_resolved or request.stage_id.is_closed
            request.is_closed = request.stage_id.is_closed

    @api.depends('repair_ids', 'service_picking_ids', 'invoice_ids')
    def _compute_document_counts(self):
        counts = {}
        for model, field in (('mrp.repair', 'repair_count'),
                             ('stock.picking', 'service_picking_count'),
                             ('account.invoice', 'invoice_count')):
            # sudo: only how many there are, for everyone who reads the request (salespeople
            # do not read repair orders); the documents stay behind their own access rights
            groups = self.env[model].sudo().read_group(
                [('cs_service_request_id', 'in', self.filtered('id').ids)],
                ['cs_service_request_id'], ['cs_service_request_id'])
            counts[field] = {group['cs_service_request_id'][0]: group['cs_service_request_id_count']
                             for group in groups}
        for request in self:
            for field, by_request in counts.items():
                request[field] = by_request.get(request.id, 0)

    @api.depends('partner_id', 'product_id', 'product_id.product_tmpl_id.cs_warranty_months',
                 'lot_id', 'picking_id', 'sale_order_id', 'date_request')
    def _compute_warranty(self):
        policy = self.env['cs.service.warranty']
        for request in self:
            try:
                delivered = policy.delivery_date(request.partner_id, request.product_id,
                                                 request.lot_id, request.picking_id,
                                                 request.sale_order_id)
            except ValidationError as error:
                # the constraints refuse a wrong serial; a delivery not done yet is shown
                state, end, note, delivered = 'unknown', False, error.name, False
            else:
                on_date = fields.Date.context_today(
                    request, fields.Datetime.from_string(request.date_request)) \
                    if request.date_request else fields.Date.context_today(request)
                state, end, note = policy.status(request.product_id, delivered, on_date)
            request.delivery_date = delivered
            request.warranty_end = end
            request.warranty_state = state
            request.warranty_note = note

    # ------------------------------------------------------------------ input checks
    @api.constrains('description')
    def _check_description(self):
        for request in self:
            if not (request.description or '').strip():
                raise ValidationError(_('Describe the problem or the service wanted: the '
                                        'description cannot be empty.'))

    @api.constrains('company_id', 'partner_id', 'contact_id', 'sale_order_id', 'picking_id',
                    'product_id', 'lot_id', 'outlet_id')
    def _check_references(self):
        """The customer document's rules (``cs.customer.document``) on the request's
        references, and a serial number must have been delivered to this customer."""
        result = super(CsServiceRequest, self)._check_references()
        for request in self.sudo():
            if request.lot_id:
                # raises when the serial was delivered to another customer
                self.env['cs.service.warranty'].delivery_date(
                    request.partner_id, request.lot_id.product_id, request.lot_id)
        return result

    # ------------------------------------------------------------------ onchanges
    @api.onchange('lot_id')
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    @api.onchange('sale_order_id')
    def _onchange_sale_order_id(self):
        if self.sale_order_id:
            self.partner_id = self.sale_order_id.partner_id.commercial_partner_id

    @api.onchange('outlet_id')
    def _onchange_outlet_id(self):
        if self.outlet_id and self.user_id not in self.outlet_id.member_ids:
            self.user_id = self.outlet_id.member_ids[:1]

    @api.onchange('type_id')
    def _onchange_type_id(self):
        product = self.type_id.service_product_id
        if product and not self.service_fee:
            self.service_fee = product.lst_price

    # ------------------------------------------------------------------ portal
    @api.model
    def _portal_request_values(self, post):
        """Values of a request posted by a portal user: always for the user's own
        company; a serial number must have been delivered to that company."""
        user = self.env.user
        customer = user.partner_id.commercial_partner_id
        description = (post.get('description') or '').strip()
        if not description:
            raise ValidationError(_('Describe the problem or the service you need.'))
        type_id = post.get('type_id') or ''
        service_type = self.env['cs.service.type'].browse(
            int(type_id) if type_id.isdigit() else []).exists()
        if not service_type:
            raise ValidationError(_('Choose the type of service.'))
        values = {'partner_id': customer.id, 'contact_id': user.partner_id.id,
                  'type_id': service_type.id, 'description': description, 'channel': 'portal',
                  'company_id': user.company_id.id}
        serial = (post.get('serial') or '').strip()
        if serial:
            # sudo: portal users cannot read serial numbers; only one delivered to their own
            # company is accepted
            lots = self.env['stock.production.lot'].sudo().search([('name', '=', serial)])
            line = self.env['cs.service.warranty'].lot_delivery_line(lots, customer)
            if not line:
                raise ValidationError(_('Serial number %(serial)s was not delivered to '
                                        '%(customer)s: check the number on the product '
                                        'label.') % {'serial': serial, 'customer': customer.name})
            values.update({'lot_id': line.lot_id.id, 'product_id': line.product_id.id,
                           'company_id': line.picking_id.company_id.id})
        return values

    # ------------------------------------------------------------------ ORM
    @api.model
    def create(self, vals):
        vals = dict(vals)
        # the customer company first: its province chooses the outlet
        self._cs_split_customer(vals)
        if vals.get('lot_id') and not vals.get('product_id'):
            vals['product_id'] = self.env['stock.production.lot'].browse(
                vals['lot_id']).product_id.id
        if not vals.get('outlet_id') and vals.get('partner_id'):  # the form sends False
            vals['outlet_id'] = self._outlet_of_province(vals).id
        request = super(CsServiceRequest, self).create(vals)
        request._on_stage_entered()
        if request.lot_id:
            self._update_repeat_repairs(request.lot_id.ids)
        return request

    def _outlet_of_province(self, vals):
        """The first outlet of the region covering the customer's province."""
        partner = self.env['res.partner'].browse(vals['partner_id'])
        state = partner.state_id or partner.commercial_partner_id.state_id
        if not state:
            return self.env['cs.service.outlet']
        company_id = vals.get('company_id') or self.env.user.company_id.id
        # sudo: whoever records the request (portal, salesman) may not read the outlets
        return self.env['cs.service.outlet'].sudo().search([
            ('region_id.state_ids', 'in', state.ids), ('company_id', '=', company_id)], limit=1)

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        reopened = moved = self.browse()
        if 'stage_id' in vals:
            stage = self.env['cs.service.stage'].browse(vals['stage_id'])
            moved = self.filtered(lambda r: r.stage_id != stage)
            reopened = moved.filtered(lambda r: r.is_resolved and not (
                stage.is_resolved or stage.is_closed))
            if reopened:
                vals.update(self._followup_reset_values(), date_done=False)
        lots = self.mapped('lot_id')
        result = super(CsServiceRequest, self).write(vals)
        if {'lot_id', 'type_id', 'date_request'}.intersection(vals):
            self._update_repeat_repairs((lots | self.mapped('lot_id')).ids)
        for request in reopened:
            request.reopen_count += 1
        if reopened:
            reopened._sla_restart(['resolve'])
        moved._on_stage_entered()
        return result

    @api.multi
    def unlink(self):
        lots = self.mapped('lot_id')
        result = super(CsServiceRequest, self).unlink()
        self._update_repeat_repairs(lots.ids)
        return result

    @api.model
    def _update_repeat_repairs(self, lot_ids=None):
        """Flag the repairs of these serial numbers (all, if None) that follow another
        repair of the same serial within REPEAT_REPAIR_DAYS: one windowed query over the
        requests of those serials, so the KPI report needs no window over every request."""
        if lot_ids is not None and not lot_ids:
            return
        self.recompute()  # the stored kind of requests whose type changed
        where = 'lot_id IN %(lots)s' if lot_ids is not None else 'lot_id IS NOT NULL'
        self.env.cr.execute("""
            UPDATE cs_service_request r SET repeat_repair = flags.repeat
              FROM (SELECT id, COALESCE(kind = 'repair' AND lag(date_request) OVER (
                                   PARTITION BY lot_id, kind = 'repair'
                                   ORDER BY date_request, id)
                               >= date_request - interval '%(days)s days', false) AS repeat
                      FROM cs_service_request WHERE """ + where + """) flags
             WHERE r.id = flags.id AND r.repeat_repair IS DISTINCT FROM flags.repeat""",
                            {'lots': tuple(lot_ids or ()), 'days': REPEAT_REPAIR_DAYS})
        self.invalidate_cache(['repeat_repair'])

    def _on_stage_entered(self):
        """Resolution date; on closing, the follow-up visit 回访 as an activity of the
        technician (else the outlet manager)."""
        scheduler = self.env['cs.activity.scheduler']
        for request in self:
            if request.is_resolved and not request.date_done:
                request.date_done = fields.Datetime.now()
            if request.is_closed and not request.followup_done_date:
                scheduler.schedule_activities(
                    request, request.user_id or request.outlet_id.manager_id or self.env.user,
                    request._followup_activity_texts()[0],
                    _('Call or visit the customer and record the satisfaction rating.'))

    # ------------------------------------------------------------------ SLA hooks
    def _sla_compute_deadlines(self):
        # the outlet's region selects the standard (see cs.sla.policy in cs_sla_policy_region)
        for request in self:
            super(CsServiceRequest, request.with_context(
                cs_sla_region_id=request.region_id.id))._sla_compute_deadlines()
        return True

    def _sla_deadline_values(self, kind, policy, start):
        if kind == 'onsite' and not self.type_id.onsite:
            policy = False  # no visit planned for this type: no on-site deadline
        return super(CsServiceRequest, self)._sla_deadline_values(kind, policy, start)

    def _sla_reached_kinds(self):
        stage = self.stage_id
        kinds = set()
        if stage.is_acknowledged or self.is_resolved:
            kinds.add('acknowledge')
        if self.date_onsite:
            kinds.update(('acknowledge', 'onsite'))
        if self.is_resolved:
            kinds.add('resolve')
        return kinds

    # ------------------------------------------------------------------ visits and follow-up
    @api.multi
    def action_register_visit(self):
        """The technician is at the customer's site: the first visit meets the on-site
        deadline, further visits count against the first-time-fix rate."""
        now = fields.Datetime.now()
        for request in self:
            if request.is_closed:
                raise UserError(_('Service request %s is closed.') % request.name)
            values = {'visit_count': request.visit_count + 1}
            if not request.date_onsite:
                values['date_onsite'] = now
            request.write(values)
            request.message_post(body=_('On-site visit %(visit)d by %(user)s.') % {
                'visit': values['visit_count'], 'user': self.env.user.name})
        return True

    def _followup_activity_texts(self):
        return _('Service follow-up visit'), _('Customer satisfaction: %s')

    # ------------------------------------------------------------------ host documents
    def _check_open(self):
        if self.is_resolved:
            raise UserError(_('Service request %s is already resolved.') % self.name)

    def _needs_invoice(self):
        """Whether the work is invoiced: always for paid types, else out of warranty; an
        unknown warranty must be cleared first."""
        if self.type_id.always_invoiced:
            return True
        if self.warranty_state == 'unknown':
            raise UserError(_('The warranty of service request %(request)s is unknown (%(note)s) '
                              '— the application cannot tell whether the work is free.') % {
                'request': self.name, 'note': self.warranty_note})
        return self.warranty_state == 'expired'

    def _delivery_picking(self):
        """The done delivery the product left with: the request's, else the one of the
        serial number, else the sale order's done delivery of the product."""
        if self.picking_id:
            return self.picking_id.sudo()
        moves = self.env['stock.move'].sudo()
        if self.lot_id:
            return self.env['cs.service.warranty'].lot_delivery_line(self.lot_id).picking_id
        if self.sale_order_id and self.product_id:
            return moves.search([('sale_line_id.order_id', '=', self.sale_order_id.id),
                                 ('product_id', '=', self.product_id.id),
                                 ('state', '=', 'done'),
                                 ('location_dest_id.usage', '=', 'customer')],
                                order='date, id', limit=1).picking_id
        return self.env['stock.picking'].sudo()

    def _open_documents(self, model, records, title):
        action = {'name': title, 'type': 'ir.actions.act_window', 'res_model': model,
                  'context': {'create': False}}
        if len(records) == 1:
            action.update(view_mode='form', res_id=records.id)
        else:
            action.update(view_mode='tree,form', domain=[('id', 'in', records.ids)])
        return action

    @api.multi
    def action_create_repair(self):
        """A repair order in the Repairs app: free under warranty, otherwise invoiced by
        the repair's own invoicing after the repair."""
        self.ensure_one()
        self._check_open()
        if self.kind != 'repair':
            raise UserError(_('Service request %s is not a repair.') % self.name)
        if not self.product_id:
            raise UserError(_('Give the product to repair of service request %s.') % self.name)
        if self.repair_ids.filtered(lambda repair: repair.state != 'cancel'):
            raise UserError(_('Service request %s already has a repair order.') % self.name)
        invoiced = self._needs_invoice()
        # sudo: service staff open repairs without warehouse rights; the workshop runs them
        warehouse = self.env['stock.warehouse'].sudo().search(
            [('company_id', '=', self.company_id.id)], limit=1)
        if not warehouse:
            raise UserError(_('Company %s has no warehouse to receive the product to repair.')
                            % self.company_id.name)
        addresses = self.partner_id.address_get(['delivery', 'invoice'])
        repair = self.env['mrp.repair'].sudo().create({
            'product_id': self.product_id.id, 'product_qty': 1.0,
            'product_uom': self.product_id.uom_id.id, 'lot_id': self.lot_id.id,
            'partner_id': self.partner_id.id, 'address_id': addresses['delivery'],
            'partner_invoice_id': addresses['invoice'],
            'pricelist_id': self.partner_id.property_product_pricelist.id,
            'location_id': warehouse.lot_stock_id.id,
            'location_dest_id': warehouse.lot_stock_id.id,
            'guarantee_limit': self.warranty_end,
            'invoice_method': 'after_repair' if invoiced else 'none',
            'company_id': self.company_id.id, 'cs_service_request_id': self.id,
            'internal_notes': self.description,
        })
        self.message_post(body=_('Repair order %(repair)s created (%(billing)s).') % {
            'repair': repair.name,
            'billing': _('invoiced after the repair') if invoiced else _('free, under warranty')})
        return self._open_documents('mrp.repair', repair, _('Repair Order'))

    def _return_values(self, picking):
        """Values of the host's return wizard returning the request's quantity of the
        product from ``picking``."""
        wizard = self.env['stock.return.picking'].sudo().with_context(
            active_id=picking.id, active_ids=picking.ids)
        values = wizard.default_get(list(wizard._fields))
        lines = []
        remaining = self.quantity
        for _command, _id, line in values.get('product_return_moves', []):
            quantity = 0.0
            if line['product_id'] == self.product_id.id:
                quantity = min(remaining, line['quantity'])
                remaining -= quantity
            lines.append((0, 0, dict(line, quantity=quantity)))
        if remaining > 0:
            raise UserError(_('Delivery %(delivery)s has only %(left)s of %(product)s left to '
                              'return, not %(quantity)s.') % {
                'delivery': picking.name, 'left': self.quantity - remaining,
                'product': self.product_id.display_name, 'quantity': self.quantity})
        values['product_return_moves'] = lines
        return wizard, values

    @api.multi
    def action_create_return(self):
        """A return of the delivery (returns), followed by a new delivery of the same
        product (exchanges), made with the host's return wizard."""
        self.ensure_one()
        self._check_open()
        if self.kind not in ('return', 'exchange'):
            raise UserError(_('Service request %s is neither a return nor an exchange.')
                            % self.name)
        if not self.product_id:
            raise UserError(_('Give the product to return of service request %s.') % self.name)
        if self.service_picking_ids.filtered(lambda picking: picking.state != 'cancel'):
            raise UserError(_('Service request %s already has its return.') % self.name)
        picking = self._delivery_picking()
        if not picking:
            raise UserError(_('No done delivery of %(product)s to %(customer)s is known: give the '
                              'delivery, the serial number or the sale order.') % {
                'product': self.product_id.display_name, 'customer': self.partner_id.name})
        if picking.state != 'done':
            raise UserError(_('Delivery %s is not done yet: only delivered goods can be '
                              'returned.') % picking.name)
        # sudo: the return is prepared by service staff; warehouse users receive it
        wizard, values = self._return_values(picking)
        return_id, _type_id = wizard.create(values)._create_returns()
        pickings = self.env['stock.picking'].sudo().browse(return_id)
        if self.lot_id:
            pickings.move_line_ids.filtered(
                lambda line: line.product_id == self.product_id).write({'lot_id': self.lot_id.id})
        if self.kind == 'exchange':
            pickings |= self._create_replacement(picking)
        pickings.write({'cs_service_request_id': self.id})
        self.message_post(body=_('Created: %s.') % ', '.join(pickings.mapped('name')))
        return self._open_documents('stock.picking', pickings, _('Returns and Replacements'))

    def _create_replacement(self, delivery):
        """A new delivery of the product to the customer, like the original one."""
        replacement = self.env['stock.picking'].sudo().create({
            'partner_id': delivery.partner_id.id, 'picking_type_id': delivery.picking_type_id.id,
            'location_id': delivery.location_id.id, 'location_dest_id': delivery.location_dest_id.id,
            'origin': _('Exchange %s') % self.name, 'company_id': delivery.company_id.id,
            'move_lines': [(0, 0, {
                'name': self.product_id.display_name, 'product_id': self.product_id.id,
                'product_uom_qty': self.quantity, 'product_uom': self.product_id.uom_id.id,
                'location_id': delivery.location_id.id,
                'location_dest_id': delivery.location_dest_id.id,
            })],
        })
        replacement.action_confirm()
        replacement.action_assign()
        return replacement

    @api.multi
    def action_create_invoice(self):
        """A draft customer invoice of the service fee, for a paid service."""
        self.ensure_one()
        if not self._needs_invoice():
            raise UserError(_('Service request %s is under warranty: the service is free.')
                            % self.name)
        if self.kind in ('repair',):
            raise UserError(_('Repairs are invoiced by their repair order.'))
        if self.invoice_ids.filtered(lambda invoice: invoice.state != 'cancel'):
            raise UserError(_('Service request %s already has an invoice.') % self.name)
        if self.service_fee <= 0:
            raise UserError(_('Enter the service fee of service request %s before invoicing.')
                            % self.name)
        product = self.type_id.service_product_id
        journal = self.env['account.journal'].sudo().search(
            [('type', '=', 'sale'), ('company_id', '=', self.company_id.id)], limit=1)
        account = product.property_account_income_id \
            or product.categ_id.property_account_income_categ_id \
            or journal.default_credit_account_id
        if not account:
            raise UserError(_('Company %s has no sales journal with an income account for the '
                              'invoice.') % self.company_id.name)
        # sudo: service staff prepare the draft; the accountants validate it
        invoice = self.env['account.invoice'].sudo().create({
            'type': 'out_invoice', 'partner_id': self.partner_id.id,
            'company_id': self.company_id.id, 'journal_id': journal.id,
            'currency_id': self.company_id.currency_id.id, 'origin': self.name,
            'cs_service_request_id': self.id,
            'invoice_line_ids': [(0, 0, {
                'name': '%s: %s' % (self.type_id.name, self.name), 'product_id': product.id,
                'account_id': account.id, 'quantity': 1, 'price_unit': self.service_fee,
                'uom_id': product.uom_id.id,
            })],
        })
        self.message_post(body=_('Draft invoice for the service fee created.'))
        return self._open_documents('account.invoice', invoice, _('Service Invoice'))

    def _sync_from_documents(self):
        """Called when a linked repair or transfer changes state: once every one of them
        is done (cancelled ones aside), the request moves to the first resolved stage."""
        stage = self.env['cs.service.stage'].search([('is_resolved', '=', True)], limit=1)
        for request in self:
            repairs = request.repair_ids.filtered(lambda repair: repair.state != 'cancel')
            pickings = request.service_picking_ids.filtered(
                lambda picking: picking.state != 'cancel')
            if request.is_resolved or not stage or not (repairs or pickings):
                continue
            if all(repair.state == 'done' for repair in repairs) \
                    and all(picking.state == 'done' for picking in pickings):
                request.write({'stage_id': stage.id})
                request.message_post(body=_('Resolved: %s done.') % ', '.join(
                    (repairs.mapped('name') + pickings.mapped('name'))))

    @api.multi
    def action_view_repairs(self):
        return self._open_documents('mrp.repair', self.repair_ids, _('Repair Orders'))

    @api.multi
    def action_view_pickings(self):
        return self._open_documents('stock.picking', self.service_picking_ids,
                                    _('Returns and Replacements'))

    @api.multi
    def action_view_invoices(self):
        return self._open_documents('account.invoice', self.invoice_ids, _('Service Invoices'))

    @api.multi
    def action_print_warranty_card(self):
        self.ensure_one()
        if not self.lot_id:
            raise UserError(_('Give the serial number to print its warranty card.'))
        return self.lot_id.action_print_cs_warranty_card()
