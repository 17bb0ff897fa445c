"""The complaint pages of My Account over real HTTP and XML-RPC, as a customer's portal user
(a running Odoo server on the test database, so the data here is committed and removed at the
end; names carry a random tag)."""
import re
import uuid
import xmlrpc.client
from contextlib import contextmanager

import pytest
import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.wsgi_server import RPC_FAULT_CODE_ACCESS_ERROR

from odoo.addons.customer_service_mgmt.tests.test_complaint_portal import PNG


@contextmanager
def _env():
    """An environment on a connection of its own; commits on success."""
    with api.Environment.manage():
        with odoo.sql_db.db_connect(odoo.tools.config['db_name']).cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})


@pytest.fixture(scope='module')
def world():
    """Two customers, each with a portal user and one complaint."""
    tag = uuid.uuid4().hex[:8]
    data = {'tag': tag}
    with _env() as env:
        category = env.ref('customer_service_mgmt.complaint_category_quality')
        for key in ('a', 'b'):
            company = env['res.partner'].create({'name': 'CSM portal %s %s' % (key, tag),
                                                 'is_company': True, 'customer': True})
            contact = env['res.partner'].create({'name': 'Buyer %s %s' % (key, tag),
                                                 'parent_id': company.id,
                                                 'email': 'buyer-%s-%s@example.com' % (key, tag)})
            login = 'csm-portal-%s-%s' % (key, tag)
            user = env['res.users'].with_context(no_reset_password=True).create({
                'login': login, 'password': login, 'partner_id': contact.id,
                'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
            complaint = env['cs.complaint'].create({
                'partner_id': company.id, 'contact_id': contact.id, 'categ_id': category.id,
                'description': 'Scratched handles %s %s' % (key, tag)})
            complaint.message_post(body='internal-note-%s' % tag, subtype='mail.mt_note',
                                   message_type='comment')
            data[key] = {'login': login, 'uid': user.id, 'partner': company.id,
                         'contact': contact.id, 'complaint': complaint.id,
                         'reference': complaint.name}
    yield data
    with _env() as env:
        partners = env['res.partner'].with_context(active_test=False).search(
            ['|', ('name', 'like', 'CSM portal %'), ('name', 'like', 'Buyer %')])
        partners = partners.filtered(lambda p: tag in p.name)
        env['cs.complaint'].search([('partner_id', 'in', partners.ids)]).unlink()
        env['rating.rating'].search([('partner_id', 'in', partners.ids)]).unlink()
        env['res.users'].with_context(active_test=False).search(
            [('partner_id', 'in', partners.ids)]).unlink()
        partners.unlink()


def _login(url, login):
    session = requests.Session()
    page = session.get(url + '/web/login', timeout=30).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(url + '/web/login', timeout=30, data={
        'login': login, 'password': login, 'csrf_token': csrf, 'redirect': '/my/home'})
    # Odoo 11 answers a successful login with a page whose script redirects
    assert "window.location = '/my/home'" in answer.text, 'portal login failed'
    return session


def _csrf(session, url, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', session.get(url + path).text).group(1)


def test_my_complaints_lists_only_the_customers_own(odoo_url, world):
    session = _login(odoo_url, world['a']['login'])
    home = session.get(odoo_url + '/my/home').text
    assert '/my/complaints' in home
    page = session.get(odoo_url + '/my/complaints').text
    assert world['a']['reference'] in page
    assert world['b']['reference'] not in page


def test_another_customers_complaint_is_not_shown_by_url(odoo_url, world):
    session = _login(odoo_url, world['a']['login'])
    own = session.get(odoo_url + '/my/complaints/%d' % world['a']['complaint'])
    assert own.status_code == 200 and 'Scratched handles a' in own.text
    assert 'internal-note' not in own.text
    foreign = session.get(odoo_url + '/my/complaints/%d' % world['b']['complaint'])
    assert foreign.url.endswith('/my/complaints')
    assert 'Scratched handles b' not in foreign.text
    missing = session.get(odoo_url + '/my/complaints/99999999')
    assert missing.url.endswith('/my/complaints')


def test_chatter_shows_no_internal_notes_and_accepts_customer_messages(odoo_url, world):
    session = _login(odoo_url, world['a']['login'])
    path = '/my/complaints/%d' % world['a']['complaint']
    csrf = _csrf(session, odoo_url, '/my/complaints/new')  # any page's token is the session's
    session.post(odoo_url + '/mail/chatter_post', headers={'Referer': odoo_url + path}, data={
        'res_model': 'cs.complaint', 'res_id': world['a']['complaint'],
        'message': 'Photos of batch 7 follow tomorrow.', 'csrf_token': csrf})
    answer = session.post(odoo_url + '/mail/chatter_init', json={'params': {
        'res_model': 'cs.complaint', 'res_id': world['a']['complaint']}}).json()
    bodies = [message['body'] for message in answer['result']['messages']]
    assert any('Photos of batch 7' in body for body in bodies)
    assert not any('internal-note' in body for body in bodies)


def test_filing_a_complaint_with_a_photo(odoo_url, world):
    session = _login(odoo_url, world['a']['login'])
    csrf = _csrf(session, odoo_url, '/my/complaints/new')
    with _env() as env:
        categ_id = env.ref('customer_service_mgmt.complaint_category_packaging').id
    answer = session.post(odoo_url + '/my/complaints/new', data={
        'csrf_token': csrf, 'categ_id': categ_id, 'demand': 'exchange',
        'description': 'Cartons crushed %s' % world['tag']},
        files={'attachments': ('carton.png', PNG, 'image/png')})
    assert '/my/complaints/' in answer.url and 'submitted=1' in answer.url
    complaint_id = int(re.search(r'/my/complaints/(\d+)', answer.url).group(1))
    assert 'Cartons crushed' in answer.text
    with _env() as env:
        complaint = env['cs.complaint'].browse(complaint_id)
        assert complaint.name in answer.text
        assert (complaint.partner_id.id, complaint.contact_id.id, complaint.channel) == (
            world['a']['partner'], world['a']['contact'], 'portal')
        assert env['ir.attachment'].search([('res_model', '=', 'cs.complaint'),
                                            ('res_id', '=', complaint_id)]).mapped('name') == ['carton.png']


def test_refused_input_keeps_the_form_and_says_why(odoo_url, world):
    session = _login(odoo_url, world['a']['login'])
    csrf = _csrf(session, odoo_url, '/my/complaints/new')
    with _env() as env:
        categ_id = env.ref('customer_service_mgmt.complaint_category_packaging').id
        before = env['cs.complaint'].search_count([])
    answer = session.post(odoo_url + '/my/complaints/new', data={
        'csrf_token': csrf, 'categ_id': categ_id, 'description': 'Virus attached %s' % world['tag']},
        files={'attachments': ('tool.exe', b'MZ\x90\x00', 'application/octet-stream')})
    assert answer.url.endswith('/my/complaints/new')
    assert 'is not accepted' in answer.text
    assert 'Virus attached' in answer.text  # what the customer typed is kept
    answer = session.post(odoo_url + '/my/complaints/new', data={
        'csrf_token': csrf, 'categ_id': 'x', 'description': 'Bad category'})
    assert 'Invalid choice' in answer.text
    with _env() as env:
        assert env['cs.complaint'].search_count([]) == before


def test_xmlrpc_isolation(odoo_url, world):
    a, b = world['a'], world['b']
    rpc = xmlrpc.client.ServerProxy(odoo_url + '/xmlrpc/2/object', allow_none=True)
    db = odoo.tools.config['db_name']

    def call(method, *args, **kwargs):
        return rpc.execute_kw(db, a['uid'], a['login'], 'cs.complaint', method, list(args), kwargs)

    visible = call('search_read', [], fields=['partner_id'])
    assert a['complaint'] in [r['id'] for r in visible]
    assert {r['partner_id'][0] for r in visible} == {a['partner']}
    for method, args in (('read', ([b['complaint']], ['name'])),
                         ('write', ([a['complaint']], {'description': 'Changed by RPC'})),
                         ('create', ({'partner_id': b['partner'], 'categ_id': 1,
                                      'description': 'Forged'},)),
                         ('portal_submit', ({'categ_id': 1, 'description': 'Forged',
                                             'partner_id': b['partner']},))):
        with pytest.raises(xmlrpc.client.Fault) as refused:
            call(method, *args)
        assert refused.value.faultCode == RPC_FAULT_CODE_ACCESS_ERROR, (method, refused.value)
    with _env() as env:
        assert env['cs.complaint'].browse(a['complaint']).description.startswith('Scratched')


def test_one_click_rating_from_the_closing_mail(odoo_url, world):
    with _env() as env:
        complaint = env['cs.complaint'].browse(world['b']['complaint'])
        complaint.write({'resolution': 'Handles replaced.', 'followup_decision': 'none',
                         'stage_id': env.ref('customer_service_mgmt.complaint_stage_closed').id})
        closing = complaint.message_ids.filtered(lambda m: 'how did we do' in (m.subject or ''))
        link = re.search(r'href="[^"]*(/rating/[0-9a-f-]+/)10"', closing.body).group(1)
    page = requests.get(odoo_url + link + '10', timeout=30)
    assert page.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    data = {'feedback': 'Quick and friendly.'}
    if csrf:
        data['csrf_token'] = csrf.group(1)
    requests.post(odoo_url + link + '10/submit_feedback', data=data, timeout=30,
                  cookies=page.cookies)
    with _env() as env:
        complaint = env['cs.complaint'].browse(world['b']['complaint'])
        assert complaint.customer_rating == 'satisfied'
        assert complaint.rating_last_feedback == 'Quick and friendly.'
