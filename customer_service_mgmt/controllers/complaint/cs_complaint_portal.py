# -*- coding: utf-8 -*-
"""Complaints under My Account: a customer's portal users file complaints and follow them.

Reads run with the portal user's own rights (record rule: its company's complaints only);
filing goes through ``cs.complaint.portal_submit``, which whitelists what a customer may set.
"""
from odoo import _, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

FORM_FIELDS = ('categ_id', 'description', 'demand', 'sale_order_id')


class ComplaintPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(ComplaintPortal, self)._prepare_portal_layout_values()
        Complaint = request.env['cs.complaint']
        values['complaint_count'] = (Complaint.search_count([])
                                     if Complaint.check_access_rights('read', False) else 0)
        return values

    @http.route(['/my/complaints', '/my/complaints/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Complaint = request.env['cs.complaint']
        sortings = {
            'date': {'label': _('Newest'), 'order': 'date_received desc, id desc'},
            'name': {'label': _('Reference'), 'order': 'name desc'},
            'stage': {'label': _('Stage'), 'order': 'stage_id, date_received desc'},
        }
        filters = {
            'all': {'label': _('All'), 'domain': []},
            'open': {'label': _('Open'), 'domain': [('is_closed', '=', False)]},
            'closed': {'label': _('Closed'), 'domain': [('is_closed', '=', True)]},
        }
        sortby = sortby if sortby in sortings else 'date'
        filterby = filterby if filterby in filters else 'all'
        domain = filters[filterby]['domain']
        pager = portal_pager(url='/my/complaints', url_args={'sortby': sortby, 'filterby': filterby},
                             total=Complaint.search_count(domain), page=page,
                             step=self._items_per_page)
        complaints = Complaint.search(domain, order=sortings[sortby]['order'],
                                      limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'complaints': complaints, 'page_name': 'complaint', 'pager': pager,
            'default_url': '/my/complaints', 'searchbar_sortings': sortings, 'sortby': sortby,
            'searchbar_filters': filters, 'filterby': filterby,
        })
        return request.render('customer_service_mgmt.portal_my_complaints', values)

    @http.route(['/my/complaints/<int:complaint_id>'], type='http', auth='user', website=True)
    def portal_my_complaint(self, complaint_id, **kw):
        complaint = request.env['cs.complaint'].browse(complaint_id)
        try:
            complaint.check_access_rights('read')
            complaint.check_access_rule('read')
        except (AccessError, MissingError):
            return request.redirect('/my/complaints')
        if not complaint.exists():  # a deleted id (the access checks raise only for some users)
            return request.redirect('/my/complaints')
        values = self._prepare_portal_layout_values()
        values.update({'complaint': complaint, 'page_name': 'complaint',
                       'submitted': kw.get('submitted')})
        return request.render('customer_service_mgmt.portal_my_complaint', values)

    def _complaint_form_values(self, posted=None, error=None):
        values = self._prepare_portal_layout_values()
        values.update({
            'page_name': 'complaint_new', 'posted': posted or {}, 'error': error,
            'categories': request.env['cs.complaint.category'].search([]),
            'demands': request.env['cs.complaint']._fields['demand']._description_selection(
                request.env),
            # the portal user's own rules limit these to its company's confirmed orders
            'orders': request.env['sale.order'].search([('state', 'in', ('sale', 'done'))],
                                                       limit=100),
        })
        return values

    @http.route(['/my/complaints/new'], type='http', auth='user', methods=['GET'], website=True)
    def portal_new_complaint(self, **kw):
        return request.render('customer_service_mgmt.portal_new_complaint',
                              self._complaint_form_values())

    @http.route(['/my/complaints/new'], type='http', auth='user', methods=['POST'], website=True)
    def portal_submit_complaint(self, **post):
        values = {}
        for name in FORM_FIELDS:
            value = (post.get(name) or '').strip()
            if value and name.endswith('_id'):
                if not value.isdigit():
                    return request.render('customer_service_mgmt.portal_new_complaint',
                                          self._complaint_form_values(post, _('Invalid choice.')))
                value = int(value)
            if value:
                values[name] = value
        if not values.get('categ_id'):
            return request.render('customer_service_mgmt.portal_new_complaint',
                                  self._complaint_form_values(post, _('Choose a category.')))
        uploads = [(upload.filename, upload.read())
                   for upload in request.httprequest.files.getlist('attachments')
                   if upload.filename]
        try:
            complaint = request.env['cs.complaint'].portal_submit(values, uploads)
        except (ValidationError, AccessError) as error:
            request.env.cr.rollback()
            return request.render('customer_service_mgmt.portal_new_complaint',
                                  self._complaint_form_values(post, error.name))
        return request.redirect('/my/complaints/%d?submitted=1' % complaint.id)
