# -*- coding: utf-8 -*-
"""Customers request after-sales service and follow their requests in the portal."""
from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

PAGE_SIZE = 20


class CsServicePortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(CsServicePortal, self)._prepare_portal_layout_values()
        # the record rules keep portal users to their own company's requests
        values['cs_service_request_count'] = request.env['cs.service.request'].search_count([])
        return values

    @http.route(['/my/service-requests', '/my/service-requests/page/<int:page>'],
                type='http', auth='user', website=True)
    def portal_my_service_requests(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Request = request.env['cs.service.request']
        total = Request.search_count([])
        pager = portal_pager(url='/my/service-requests', total=total, page=page, step=PAGE_SIZE)
        values.update({
            # sudo after the search under the record rules: the page shows the products and
            # serial numbers, which portal users cannot read
            'service_requests': Request.search([], limit=PAGE_SIZE,
                                               offset=pager['offset']).sudo(),
            'pager': pager, 'page_name': 'cs_service_request',
            'default_url': '/my/service-requests',
        })
        return request.render('customer_service_mgmt.portal_my_service_requests', values)

    @http.route(['/my/service-requests/<int:request_id>'], type='http', auth='user',
                website=True)
    def portal_my_service_request(self, request_id, **kw):
        service_request = request.env['cs.service.request'].browse(request_id)
        try:
            service_request.check_access_rights('read')
            service_request.check_access_rule('read')
        except (AccessError, MissingError):
            return request.redirect('/my')
        if not service_request.exists():  # a deleted id (the access checks raise only for some users)
            return request.redirect('/my')
        values = self._prepare_portal_layout_values()
        # sudo once the access is checked: the page shows the product and serial number
        values.update({'service_request': service_request.sudo(),
                       'page_name': 'cs_service_request'})
        return request.render('customer_service_mgmt.portal_my_service_request', values)

    @http.route(['/my/service-requests/new'], type='http', auth='user', website=True,
                methods=['GET', 'POST'])
    def portal_new_service_request(self, **post):
        values = self._prepare_portal_layout_values()
        error = None
        if request.httprequest.method == 'POST':
            try:
                service_request = self._create_service_request(post)
            except ValidationError as exc:
                error = exc.name
            else:
                return request.redirect('/my/service-requests/%d' % service_request.id)
        values.update({
            'service_types': request.env['cs.service.type'].search([]),
            'error': error, 'post': post, 'page_name': 'cs_service_request',
        })
        return request.render('customer_service_mgmt.portal_new_service_request', values)

    def _create_service_request(self, post):
        values = request.env['cs.service.request']._portal_request_values(post)
        # sudo: portal users have no create right on requests; the customer, contact,
        # channel and serial number were fixed and checked by _portal_request_values
        service_request = request.env['cs.service.request'].sudo().create(values)
        service_request.message_subscribe(partner_ids=request.env.user.partner_id.ids)
        return service_request
