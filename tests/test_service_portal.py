"""Customers request service and follow their requests in the portal.

The values check runs in a transaction; the HTTP part runs against a real server on the
test database, so its data is committed (names carry a random tag) and removed at the end.
"""
import re
import uuid

import pytest
import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError

from odoo.addons.customer_service_mgmt.tests.service_common import ServiceCase


class TestPortalValues(ServiceCase):

    def setUp(self):
        super(TestPortalValues, self).setUp()
        self.portal_user = self.make_user('cs_test_portal', 'base.group_portal',
                                          partner_id=self.contact.id)

    def values(self, **post):
        post.setdefault('type_id', str(self.service_type('repair').id))
        post.setdefault('description', 'Spindle noise')
        return self.env['cs.service.request'].sudo(self.portal_user)._portal_request_values(post)

    def test_own_company_whatever_is_posted(self):
        values = self.values(partner_id=str(self.other_customer.id))
        self.assertEqual((values['partner_id'], values['contact_id'], values['channel']),
                         (self.customer.id, self.contact.id, 'portal'))

    def test_serial_delivered_to_the_company(self):
        lot = self.make_lot('SN-P-1')
        self.make_delivery(lot)
        values = self.values(serial=' SN-P-1 ')
        self.assertEqual((values['lot_id'], values['product_id']), (lot.id, self.machine.id))

    def test_serial_of_another_customer_or_unknown_is_refused(self):
        lot = self.make_lot('SN-P-2')
        self.make_delivery(lot, partner=self.other_customer)
        for serial in ('SN-P-2', 'NO-SUCH-SERIAL'):
            with self.assertRaisesRegex(ValidationError, '%s was not delivered to Foshan' % serial):
                self.values(serial=serial)

    def test_bad_form_input(self):
        with self.assertRaisesRegex(ValidationError, 'Describe the problem'):
            self.values(description='  ')
        for type_id in ('', 'abc', '999999'):
            with self.assertRaisesRegex(ValidationError, 'Choose the type of service'):
                self.values(type_id=type_id)


def _db():
    return odoo.tools.config['db_name']


@pytest.fixture(scope='module')
def portal_data():
    """Two customer companies, each with a portal user and a service request (committed)."""
    tag = uuid.uuid4().hex[:8]
    with odoo.api.Environment.manage(), odoo.registry(_db()).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'no_reset_password': True})
        repair = env.ref('customer_service_mgmt.service_type_repair')
        product = env['product.product'].create({'name': 'Portal machine %s' % tag})
        data = {'tag': tag, 'product': product.id}
        for key in ('a', 'b'):
            company = env['res.partner'].create({'name': 'Portal %s %s Co.' % (key, tag),
                                                 'is_company': True, 'customer': True})
            contact = env['res.partner'].create({'name': 'Contact %s %s' % (key, tag),
                                                 'parent_id': company.id,
                                                 'email': 'p%s%s@example.com' % (key, tag)})
            user = env['res.users'].create({
                'login': 'portal_%s_%s' % (key, tag), 'password': 'portal-%s' % tag,
                'partner_id': contact.id,
                'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
            request = env['cs.service.request'].create({
                'partner_id': company.id, 'type_id': repair.id, 'product_id': product.id,
                'description': 'Request of %s %s' % (key, tag)})
            data[key] = {'company': company.id, 'user': user.id, 'login': user.login,
                         'request': request.id, 'name': request.name}
        cr.commit()
    yield data
    with odoo.api.Environment.manage(), odoo.registry(_db()).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        requests_ = env['cs.service.request'].search([('partner_id', 'in', [
            data['a']['company'], data['b']['company']])])
        requests_.unlink()
        env['res.users'].browse([data['a']['user'], data['b']['user']]).unlink()
        env['res.partner'].search([('name', 'like', tag)]).unlink()
        env['product.product'].browse(data['product']).unlink()
        cr.commit()


def _login(url, login, password):
    session = requests.Session()
    page = session.get(url + '/web/login', timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(url + '/web/login', data={
        'login': login, 'password': password, 'csrf_token': token}, timeout=60)
    assert response.ok
    return session


def test_portal_lists_and_shows_own_requests_only(odoo_url, portal_data):
    session = _login(odoo_url, portal_data['a']['login'], 'portal-%s' % portal_data['tag'])
    home = session.get(odoo_url + '/my/home', timeout=60).text
    assert '/my/service-requests' in home
    listing = session.get(odoo_url + '/my/service-requests', timeout=60).text
    assert portal_data['a']['name'] in listing
    assert portal_data['b']['name'] not in listing
    assert 'Portal machine %s' % portal_data['tag'] in listing
    own = session.get(odoo_url + '/my/service-requests/%d' % portal_data['a']['request'],
                      timeout=60)
    assert 'Request of a %s' % portal_data['tag'] in own.text
    assert 'Portal machine %s' % portal_data['tag'] in own.text
    other = session.get(odoo_url + '/my/service-requests/%d' % portal_data['b']['request'],
                        timeout=60)
    assert 'Request of b' not in other.text
    assert other.url.rstrip('/').endswith('/my') or '/my/home' in other.url


def test_portal_rpc_cannot_read_or_create_for_others(odoo_url, portal_data):
    session = _login(odoo_url, portal_data['a']['login'], 'portal-%s' % portal_data['tag'])

    def call(method, args, kwargs=None):
        return session.post(odoo_url + '/web/dataset/call_kw', json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'model': 'cs.service.request', 'method': method, 'args': args,
                'kwargs': kwargs or {}}}, timeout=60).json()

    result = call('search_read', [[]], {'fields': ['name']})
    assert [row['name'] for row in result['result']] == [portal_data['a']['name']]
    denied = call('read', [[portal_data['b']['request']], ['name']])
    assert 'AccessError' in denied['error']['data']['name']
    forged = call('create', [{'partner_id': portal_data['b']['company'], 'description': 'x',
                              'type_id': 1}])
    assert 'AccessError' in forged['error']['data']['name']


def test_portal_new_request_form(odoo_url, portal_data):
    session = _login(odoo_url, portal_data['a']['login'], 'portal-%s' % portal_data['tag'])
    form = session.get(odoo_url + '/my/service-requests/new', timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    type_id = re.search(r'<option value="(\d+)"', form).group(1)
    refused = session.post(odoo_url + '/my/service-requests/new', data={
        'csrf_token': token, 'type_id': type_id, 'serial': 'NO-SUCH-%s' % portal_data['tag'],
        'description': 'Broken'}, timeout=60)
    assert 'was not delivered to' in refused.text
    created = session.post(odoo_url + '/my/service-requests/new', data={
        'csrf_token': token, 'type_id': type_id, 'description': 'Portal tag %s' % portal_data['tag'],
        'partner_id': str(portal_data['b']['company'])}, timeout=60)
    assert re.search(r'/my/service-requests/\d+$', created.url)
    assert 'Portal tag %s' % portal_data['tag'] in created.text
    with odoo.api.Environment.manage(), odoo.registry(_db()).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        request = env['cs.service.request'].search(
            [('description', '=', 'Portal tag %s' % portal_data['tag'])])
        assert request.partner_id.id == portal_data['a']['company']
        assert request.channel == 'portal'
