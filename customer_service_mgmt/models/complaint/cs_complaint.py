# -*- coding: utf-8 -*-
from datetime import timedelta

import base64
import os

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from ..core.cs_sla_policy import PRIORITIES

CHANNELS = [('phone', 'Phone'), ('email', 'Email'), ('visit', 'Visit'), ('letter', 'Letter'),
            ('portal', 'Portal')]
DEMANDS = [('return', 'Return'), ('exchange', 'Exchange'), ('repair', 'Repair'),
           ('compensation', 'Compensation'), ('apology', 'Apology')]
FOLLOWUP_DECISIONS = [('planned', 'Follow-up Visit Planned'), ('none', 'No Follow-up Needed')]
# the host's one-click rating (rating.rating: 10, 5 or 1) as a word
CUSTOMER_RATINGS = [('satisfied', 'Satisfied'), ('not_satisfied', 'Not Satisfied'),
                    ('highly_dissatisfied', 'Highly Dissatisfied')]

# days after closing when a planned follow-up visit is due, unless a date is given
FOLLOWUP_DAYS = 7

# what customers may attach on the portal: extension -> content types it may really hold
PORTAL_ATTACHMENT_TYPES = {
    '.jpg': ('image/jpeg',), '.jpeg': ('image/jpeg',), '.png': ('image/png',),
    '.gif': ('image/gif',), '.pdf': ('application/pdf',),
    '.doc': ('application/msword', 'application/octet-stream'),
    '.xls': ('application/vnd.ms-excel', 'application/octet-stream'),
    '.docx': ('application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              'application/zip', 'application/octet-stream'),
    '.xlsx': ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              'application/zip', 'application/octet-stream'),
    '.txt': ('text/plain', 'application/octet-stream'),
}
PORTAL_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
PORTAL_ATTACHMENT_MAX_COUNT = 5


class CsComplaint(models.Model):
    """Customer complaint 客户投诉: from intake to closure and follow-up 回访, with the
    response-time standards of ``cs.sla.mixin`` (counted from the reception date)."""
    _name = 'cs.complaint'
    _description = 'Customer Complaint'
    _inherit = ['cs.customer.document', 'cs.numbered.document', 'cs.followup.mixin',
                'mail.thread', 'mail.activity.mixin', 'rating.mixin', 'cs.sla.mixin',
                'cs.salesperson.mixin']
    _order = 'date_received desc, id desc'

    _sla_start_field = 'date_received'
    _sla_state_fields = ('stage_id',)
    _cs_company_fields = ('sale_order_id', 'invoice_id', 'picking_id', 'team_id')
    _cs_customer_fields = ('sale_order_id', 'invoice_id', 'picking_id')
    _cs_lot_fields = ('lot_id', 'product_id')

    def _default_stage(self):
        return self.env['cs.complaint.process.stage'].search([('is_closed', '=', False)], limit=1)

    def _default_team(self):
        return self.env['cs.team'].search([('member_ids', 'in', self.env.uid),
                                           ('company_id', '=', self.env.user.company_id.id)], limit=1)

    contact_id = fields.Many2one(help='Who complained; receives the emails about the complaint.')
    channel = fields.Selection(CHANNELS, required=True, default='phone')
    categ_id = fields.Many2one('cs.complaint.category', string='Category', required=True,
                                  index=True, track_visibility='onchange')
    priority = fields.Selection(PRIORITIES, required=True, default='1',
                                index=True, track_visibility='onchange')
    date_received = fields.Datetime(string='Received On', required=True, default=fields.Datetime.now,
                                    help='When the customer complained; the response-time '
                                         'deadlines count from it.')
    sale_order_id = fields.Many2one('sale.order', index=True,
                                    domain="[('partner_id', 'child_of', partner_id)]")
    invoice_id = fields.Many2one('account.invoice', index=True,
                                 domain="[('partner_id', 'child_of', partner_id), "
                                        "('type', '=', 'out_invoice')]")
    picking_id = fields.Many2one('stock.picking', string='Delivery',
                                 domain="[('partner_id', 'child_of', partner_id), "
                                        "('picking_type_code', '=', 'outgoing')]")
    product_id = fields.Many2one('product.product', index=True)
    lot_id = fields.Many2one('stock.production.lot', string='Lot/Serial Number',
                             domain="[('product_id', '=', product_id)]")
    description = fields.Text(required=True,
                              help='The complaint in the customer\'s words.')
    demand = fields.Selection(DEMANDS, string='Customer Demand')
    team_id = fields.Many2one('cs.team', index=True, default=_default_team,
                              track_visibility='onchange',
                              help='Responsible department; its manager receives the escalations '
                                   'and its working hours count for the deadlines.')
    user_id = fields.Many2one('res.users', string='Responsible', index=True,
                              default=lambda self: self.env.user, track_visibility='onchange')
    stage_id = fields.Many2one('cs.complaint.process.stage', required=True,
                               index=True, default=_default_stage, ondelete='restrict', copy=False,
                               track_visibility='onchange', group_expand='_read_group_stage_ids')
    is_closed = fields.Boolean(related='stage_id.is_closed', store=True, readonly=True,
                               string='Closed')
    date_closed = fields.Datetime(string='Closed On', readonly=True, copy=False)
    reopen_count = fields.Integer(string='Reopened', readonly=True, copy=False,
                                  help='How many times the complaint was reopened after closing.')
    resolution = fields.Text(help='What was done for the customer (or why the complaint is '
                                  'rejected); required to resolve, close or reject.')
    root_cause = fields.Text(groups='base.group_user')
    corrective_action = fields.Text(groups='base.group_user',
                                    help='What removes the cause of this complaint.')
    preventive_action = fields.Text(groups='base.group_user',
                                    help='What keeps similar problems from happening elsewhere.')
    compensation_amount = fields.Monetary(string='Compensation', currency_field='currency_id',
                                          groups='base.group_user', track_visibility='onchange')
    refund_ids = fields.One2many('account.invoice', 'cs_complaint_id', string='Credit Notes',
                                 readonly=True, copy=False, groups='base.group_user')
    refund_count = fields.Integer(string='Credit Note Count', compute='_compute_refund_count',
                                  groups='base.group_user')
    followup_decision = fields.Selection(FOLLOWUP_DECISIONS, string='Follow-up',
                                         track_visibility='onchange',
                                         help='Whether the customer is visited or called after '
                                              'closing (回访); required to close.')
    followup_date = fields.Date(string='Follow-up Due',
                                help='When the follow-up is planned; a week after closing if empty.')
    followup_rating = fields.Selection(help='The customer\'s satisfaction with the handling, '
                                            'asked at the follow-up.')
    customer_rating = fields.Selection(
        CUSTOMER_RATINGS, compute='_compute_customer_rating', store=True,
        help='Given by the customer with one click in the closing email (the host\'s rating).')
    followup_user_id = fields.Many2one('res.users', string='Followed Up By', readonly=True,
                                       copy=False)

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        # every stage is a kanban column: configuration, a handful of rows
        return stages.search([], order=order)  # pylint: disable=no-search-all

    @api.depends('rating_last_value')
    def _compute_customer_rating(self):
        for complaint in self:
            value = complaint.rating_last_value
            complaint.customer_rating = (value >= 10 and 'satisfied' or value >= 5 and 'not_satisfied'
                                         or value >= 1 and 'highly_dissatisfied' or False)

    @api.depends('refund_ids')
    def _compute_refund_count(self):
        for complaint in self:
            complaint.refund_count = len(complaint.refund_ids)

    # ------------------------------------------------------------------ input checks
    @api.model
    def _check_description_text(self, description):
        if not (description or '').strip():
            raise ValidationError(_('Describe the complaint: the description cannot be empty.'))

    @api.constrains('description')
    def _check_description(self):
        for complaint in self:
            self._check_description_text(complaint.description)

    @api.constrains('company_id', 'partner_id', 'contact_id', 'sale_order_id', 'invoice_id',
                    'picking_id', 'product_id', 'lot_id', 'team_id')
    def _check_references(self):
        """The customer document's rules (``cs.customer.document``) on the complaint's
        references: orders, invoices, deliveries and team of its company and customer."""
        return super(CsComplaint, self)._check_references()

    def _check_stage_guards(self, vals=None):
        """Refuse a stage the complaint is not ready for, given the values being written."""
        vals = vals or {}
        for complaint in self:
            stage = self.env['cs.complaint.process.stage'].browse(vals['stage_id']) \
                if 'stage_id' in vals else complaint.stage_id
            resolution = vals['resolution'] if 'resolution' in vals else complaint.resolution
            decision = vals['followup_decision'] if 'followup_decision' in vals \
                else complaint.followup_decision
            if (stage.is_resolved or stage.is_closed) and not (resolution or '').strip():
                if stage.is_rejected:
                    raise UserError(_('Complaint %s: explain the rejection to the customer in the '
                                      'Resolution field before rejecting it.') % complaint.name)
                raise UserError(_('Complaint %s cannot be resolved or closed without a '
                                  'resolution: describe what was done for the customer.')
                                % complaint.name)
            if stage.is_closed and not stage.is_rejected and not decision:
                raise UserError(_('Complaint %s cannot be closed without a follow-up decision: '
                                  'plan a follow-up visit or state that none is needed.')
                                % complaint.name)

    # ------------------------------------------------------------------ onchanges
    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.contact_id and self.contact_id.commercial_partner_id != self.partner_id:
            self.contact_id = False

    @api.onchange('sale_order_id')
    def _onchange_sale_order_id(self):
        if self.sale_order_id:
            self.partner_id = self.sale_order_id.partner_id.commercial_partner_id

    @api.onchange('invoice_id')
    def _onchange_invoice_id(self):
        if self.invoice_id:
            self.partner_id = self.invoice_id.partner_id.commercial_partner_id

    @api.onchange('lot_id')
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    # ------------------------------------------------------------------ ORM
    @api.model
    def create(self, vals):
        self._check_description_text(vals.get('description'))
        complaint = super(CsComplaint, self).create(vals)
        complaint._check_stage_guards()
        complaint._on_stage_entered()
        return complaint

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        stage = self.env['cs.complaint.process.stage'].browse(vals.get('stage_id'))
        reopened = self.browse()
        if 'stage_id' in vals:
            reopened = self.filtered(lambda c: c.stage_id.is_closed and not stage.is_closed)
            reason = (self.env.context.get('cs_complaint_reopen_reason') or '').strip()
            if reopened and not reason:
                raise UserError(_('Complaint %s is closed: reopen it with the Reopen button and '
                                  'give the reason.') % reopened[0].name)
            if reopened:
                # the follow-up belonged to the closing that is undone
                vals.update(self._followup_reset_values(), date_closed=False)
            moved = self.filtered(lambda c: c.stage_id != stage)
        if {'stage_id', 'resolution', 'followup_decision'}.intersection(vals):
            self._check_stage_guards(vals)
        result = super(CsComplaint, self).write(vals)
        if 'stage_id' in vals:
            if reopened:
                reopened._on_reopened(reason)
            moved._on_stage_entered()
        return result

    def _on_stage_entered(self):
        """Closing dates, follow-up activity and the stage's email to the customer."""
        for complaint in self:
            stage = complaint.stage_id
            if stage.is_closed and not complaint.date_closed:
                complaint.date_closed = fields.Datetime.now()
                if complaint.followup_decision == 'planned':
                    complaint._schedule_followup()
            if stage.mail_template_id and (complaint.contact_id or complaint.partner_id).email:
                complaint.message_post_with_template(stage.mail_template_id.id)

    def _schedule_followup(self):
        due = self.followup_date or fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=FOLLOWUP_DAYS))
        self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get(self._name).id, 'res_id': self.id,
            'user_id': (self.user_id or self.team_id.manager_id or self.env.user).id,
            'activity_type_id': self.env.ref('mail.mail_activity_data_call').id,
            'summary': self._followup_activity_texts()[0], 'date_deadline': due,
        })

    def _on_reopened(self, reason):
        for complaint in self:
            complaint.reopen_count += 1
            complaint.message_post(body=_('Reopened: %s') % reason)
        self._sla_restart(['resolve'])

    def _sla_reached_kinds(self):
        stage = self.stage_id
        kinds = set()
        if stage.is_acknowledged or stage.is_resolved or stage.is_closed:
            kinds.add('acknowledge')
        if stage.is_resolved or stage.is_closed:
            kinds.add('resolve')
        return kinds

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_reopen(self):
        """The reopen wizard: reopening a closed complaint needs a reason."""
        return {
            'name': _('Reopen Complaint'), 'type': 'ir.actions.act_window',
            'res_model': 'cs.complaint.reopen', 'view_mode': 'form', 'target': 'new',
            'context': {'default_complaint_id': self.id},
        }

    # ------------------------------------------------------------------ follow-up
    def _followup_done_values(self):
        values = super(CsComplaint, self)._followup_done_values()
        values['followup_user_id'] = self.env.uid
        return values

    def _followup_reset_values(self):
        values = super(CsComplaint, self)._followup_reset_values()
        values['followup_user_id'] = False
        return values

    @api.multi
    def action_create_credit_note(self):
        """Compensation: a draft customer credit note linked to the complaint, for the
        accountants to validate."""
        self.ensure_one()
        if not self.env.user.has_group('customer_service_mgmt.group_cs_manager'):
            raise AccessError(_('Only customer service managers may grant a compensation.'))
        if self.compensation_amount <= 0:
            raise UserError(_('Enter the compensation amount of complaint %s before creating the '
                              'credit note.') % self.name)
        current = self.refund_ids.filtered(lambda refund: refund.state != 'cancel')
        if current:
            raise UserError(_('Complaint %(complaint)s already has credit note %(credit_note)s; '
                              'cancel it to issue another.') % {
                'complaint': self.name, 'credit_note': current[0].number or _('(draft)')})
        # sudo: customer service managers decide compensations without accounting rights;
        # the credit note stays a draft that the accountants check and validate
        refund = self.env['account.invoice'].sudo().create(self._credit_note_values())
        self.message_post(body=_('Draft credit note for a compensation of %(currency)s '
                                 '%(amount)s created.') % {
            'currency': self.currency_id.symbol,
            'amount': '{:,.2f}'.format(self.compensation_amount)})
        return {
            'name': _('Credit Note'), 'type': 'ir.actions.act_window', 'res_model': 'account.invoice',
            'view_mode': 'form', 'res_id': refund.id,
            'views': [(self.env.ref('account.invoice_form').id, 'form')],
        }

    def _credit_note_values(self):
        company = self.company_id
        journal = self.env['account.journal'].sudo().search(
            [('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
        if not journal.default_credit_account_id:
            raise UserError(_('Company %s has no sales journal with an income account for the '
                              'credit note.') % company.name)
        invoice = self.invoice_id.sudo()
        return {
            'type': 'out_refund', 'partner_id': (invoice.partner_id or self.partner_id).id,
            'company_id': company.id, 'journal_id': journal.id,
            'currency_id': company.currency_id.id, 'origin': self.name,
            'name': _('Compensation for complaint %s') % self.name,
            'refund_invoice_id': invoice.id, 'cs_complaint_id': self.id,
            'invoice_line_ids': [(0, 0, {
                'name': _('Compensation: complaint %s') % self.name,
                'account_id': journal.default_credit_account_id.id,
                'quantity': 1, 'price_unit': self.compensation_amount,
            })],
        }

    # ------------------------------------------------------------------ customer rating
    def rating_get_partner_id(self):
        """The person who received the closing email rates, not the company."""
        return self.contact_id or self.partner_id

    def rating_urls(self):
        """Absolute links of the host's rating page (``/rating/<token>/<rate>``) for the
        closing email, one per rate of the host (10 satisfied, 5 not satisfied, 1 highly
        dissatisfied): one click records the rating, then the customer may add a comment."""
        # sudo: the base URL is a system parameter that customer service users cannot read
        base_url = self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        token = self.rating_get_access_token()
        return {rate: '%s/rating/%s/%d' % (base_url, token, rate) for rate in (10, 5, 1)}

    # ------------------------------------------------------------------ portal
    @api.model
    def _portal_check_attachments(self, uploads):
        """``uploads``: [(file name, content bytes)]; refuse what the team could not open or
        should not store."""
        if len(uploads) > PORTAL_ATTACHMENT_MAX_COUNT:
            raise ValidationError(_('Attach at most %s files.') % PORTAL_ATTACHMENT_MAX_COUNT)
        for filename, content in uploads:
            allowed = PORTAL_ATTACHMENT_TYPES.get(os.path.splitext(filename or '')[1].lower())
            if not allowed:
                raise ValidationError(_('File "%s" is not accepted: attach pictures (JPG, PNG, '
                                        'GIF), PDF, Word, Excel or text files.') % filename)
            if not content:
                raise ValidationError(_('File "%s" is empty.') % filename)
            if len(content) > PORTAL_ATTACHMENT_MAX_BYTES:
                raise ValidationError(_('File "%(file)s" is larger than %(size)s MB.') % {
                    'file': filename, 'size': PORTAL_ATTACHMENT_MAX_BYTES // (1024 * 1024)})
            if guess_mimetype(content) not in allowed:
                raise ValidationError(_('File "%s" does not contain what its name says.')
                                      % filename)

    @api.model
    def portal_submit(self, values, uploads=()):
        """A complaint filed by the current portal user for its own company.

        ``values`` may hold only ``categ_id``, ``description``, ``demand`` and
        ``sale_order_id``; the customer, contact, channel and company come from the user.
        """
        user = self.env.user
        if not user.has_group('base.group_portal'):
            raise AccessError(_('Only customers\' portal users file complaints this way.'))
        allowed = {'categ_id', 'description', 'demand', 'sale_order_id'}
        unexpected = set(values) - allowed
        if unexpected:
            raise AccessError(_('These fields cannot be set from the portal: %s')
                              % ', '.join(sorted(unexpected)))
        self._check_description_text(values.get('description'))
        uploads = list(uploads)
        self._portal_check_attachments(uploads)
        if not self.env['cs.complaint.category'].search_count([('id', '=', values.get('categ_id'))]):
            raise ValidationError(_('Choose a category.'))
        if values.get('demand') and values['demand'] not in dict(DEMANDS):
            raise ValidationError(_('Choose what you expect from the list.'))
        order_id = values.get('sale_order_id')
        if order_id and not self.env['sale.order'].search_count([('id', '=', order_id)]):
            # the portal user's own rules decide which orders it may name
            raise ValidationError(_('The order you chose is not one of your orders.'))
        vals = dict(values, partner_id=user.partner_id.commercial_partner_id.id,
                    contact_id=user.partner_id.id, channel='portal',
                    company_id=user.company_id.id)
        # sudo: portal users only read complaints (so they cannot set internal fields by RPC);
        # this whitelisted path creates theirs, checked above and by the model's constraints
        complaint = self.sudo().create(vals)
        attachments = self.env['ir.attachment']
        for filename, content in uploads:
            attachments |= attachments.sudo().create({
                'name': filename, 'datas_fname': filename, 'res_model': self._name,
                'res_id': complaint.id, 'datas': base64.b64encode(content),
            })
        complaint.message_subscribe(partner_ids=user.partner_id.ids)
        complaint.message_post(body=_('Complaint submitted through the customer portal.'),
                               author_id=user.partner_id.id, attachment_ids=attachments.ids,
                               message_type='comment', subtype='mail.mt_comment')
        return complaint.sudo(user)

    @api.multi
    def action_view_credit_notes(self):
        action = self.env.ref('account.action_invoice_out_refund').read()[0]
        action['domain'] = [('cs_complaint_id', 'in', self.ids)]
        return action
