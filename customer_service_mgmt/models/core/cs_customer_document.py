# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsCustomerDocument(models.AbstractModel):
    """A document filed for a customer (complaint, service request, interaction).

    It is filed on the customer company (``partner_id``, the commercial entity): a contact
    given as the customer becomes the ``contact_id`` and its company the customer.  The
    contact must be one of the customer's, and the document's references must be of its
    company and customer — one rule each, one message each, for every document:

    - ``_cs_company_fields``: many2one fields whose record must be of the document's
      company (``company_id`` of the record);
    - ``_cs_customer_fields``: many2one fields whose record must be for the document's
      customer (``partner_id`` of the record, by commercial entity);
    - ``_cs_lot_fields``: (serial number field, product field) when the document names a
      lot, which must be of the product.

    A document with references redefines ``_check_references`` with the
    ``@api.constrains`` of those fields and calls super.
    """
    _name = 'cs.customer.document'
    _description = 'Customer Document'

    _cs_company_fields = ()
    _cs_customer_fields = ()
    _cs_lot_fields = None

    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True,
                                  string='Currency')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 track_visibility='onchange',
                                 help='The customer company (a contact entered here is replaced by '
                                      'its company and kept as the contact).')
    contact_id = fields.Many2one('res.partner',
                                 domain="[('commercial_partner_id', '=', partner_id)]")

    def _field_label(self, field_name):
        """The field's label in the user's language (for messages)."""
        return self._fields[field_name].get_description(self.env)['string']

    @api.constrains('company_id', 'partner_id', 'contact_id')
    def _check_references(self):
        """The contact is the customer's; the references are of the document's company
        and customer; a serial number is of the product."""
        # sudo: the references may be documents the user cannot read (an order of another
        # salesperson); only their company, customer and names are compared
        for document in self.sudo():
            company, customer = document.company_id, document.partner_id
            contact = document.contact_id
            if contact and contact.commercial_partner_id != customer:
                raise ValidationError(
                    _('Contact %(contact)s does not belong to customer %(customer)s.') % {
                        'contact': contact.name, 'customer': customer.name})
            for field_name in document._cs_company_fields:
                record = document[field_name]
                if record and record.company_id != company:
                    raise ValidationError(
                        _('%(field)s %(record)s belongs to company %(company)s, not to '
                          '%(document_company)s.') % {
                              'field': self._field_label(field_name),
                              'record': record.display_name,
                              'company': record.company_id.name,
                              'document_company': company.name})
            for field_name in document._cs_customer_fields:
                record = document[field_name]
                partner = record.partner_id.commercial_partner_id
                if partner and partner != customer:
                    raise ValidationError(
                        _('%(field)s %(record)s is for customer %(customer)s, not for '
                          '%(document_customer)s.') % {
                              'field': self._field_label(field_name),
                              'record': record.display_name, 'customer': partner.name,
                              'document_customer': customer.name})
            if document._cs_lot_fields:
                lot_field, product_field = document._cs_lot_fields
                lot, product = document[lot_field], document[product_field]
                if lot and product and lot.product_id != product:
                    raise ValidationError(
                        _('%(field)s %(lot)s is of product %(lot_product)s, not of '
                          '%(product)s.') % {
                              'field': self._field_label(lot_field), 'lot': lot.name,
                              'lot_product': lot.product_id.display_name,
                              'product': product.display_name})

    # ------------------------------------------------------------------ ORM
    @api.model
    def _cs_split_customer(self, vals):
        """Filed on the commercial entity: a contact given as ``partner_id`` becomes the
        ``contact_id`` (unless one is given) and its company the ``partner_id``.  ``vals``
        is changed in place."""
        if vals.get('partner_id'):
            partner = self.env['res.partner'].browse(vals['partner_id'])
            if partner.commercial_partner_id != partner:
                vals['partner_id'] = partner.commercial_partner_id.id
                vals.setdefault('contact_id', partner.id)

    @api.model
    def create(self, vals):
        vals = dict(vals)
        self._cs_split_customer(vals)
        return super(CsCustomerDocument, self).create(vals)

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        self._cs_split_customer(vals)
        return super(CsCustomerDocument, self).write(vals)


class CsNumberedDocument(models.AbstractModel):
    """A document numbered by its sequence (``ir.sequence`` of code ``_cs_sequence_code``,
    the model's name by default) when it is created without a reference."""
    _name = 'cs.numbered.document'
    _description = 'Numbered Document'

    _cs_sequence_code = None

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/')

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals = dict(vals, name=self.env['ir.sequence'].next_by_code(
                self._cs_sequence_code or self._name) or '/')
        return super(CsNumberedDocument, self).create(vals)
