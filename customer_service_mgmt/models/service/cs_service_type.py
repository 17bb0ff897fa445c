# -*- coding: utf-8 -*-
from odoo import fields, models

# what the application does for a type of service: which host document it creates
SERVICE_KINDS = [('installation', 'Installation'), ('repair', 'Repair'),
                 ('maintenance', 'Maintenance'), ('return', 'Return'), ('exchange', 'Exchange'),
                 ('support', 'Technical Support'), ('training', 'Training')]


class CsServiceType(models.Model):
    """A type of after-sales service.  Users name the types freely; the kind says which
    host document the request leads to (repair order, return, return and new delivery,
    invoice).  The type is the category of the response-time standards."""
    _name = 'cs.service.type'
    _description = 'Service Type'
    _order = 'sequence, id'

    name = fields.Char(string='Service Type', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(SERVICE_KINDS, required=True, default='support',
                            help='Repair: a repair order; return: a return of the delivery; '
                                 'exchange: a return and a new delivery; the others may be '
                                 'invoiced as paid services.')
    onsite = fields.Boolean(string='On-site Visit',
                            help='A technician goes to the customer: the on-site deadline of the '
                                 'response-time standard applies.')
    always_invoiced = fields.Boolean(
        string='Always Paid',
        help='Invoiced even under warranty (e.g. training); otherwise only out-of-warranty '
             'work is invoiced.')
    service_product_id = fields.Many2one(
        'product.product', string='Invoiced Product', domain=[('type', '=', 'service')],
        help='Service product on the customer invoice of a paid request.')
