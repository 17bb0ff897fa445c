"""The customer management card 客户管理卡 prints as a PDF through the real web server
(wkhtmltopdf), on the demo database (issue 7)."""
import http.cookiejar
import json
import urllib.request

from csm_host import settings


def _opener(base_url):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(path, params):
        request = urllib.request.Request(
            base_url + path, data=json.dumps({'jsonrpc': '2.0', 'params': params}).encode(),
            headers={'Content-Type': 'application/json'})
        with opener.open(request, timeout=120) as response:
            answer = json.loads(response.read().decode())
        assert 'error' not in answer, answer.get('error')
        return answer['result']
    return opener, call


def test_management_card_pdf(demo_url):
    opener, call = _opener(demo_url)
    config = settings.load()
    call('/web/session/authenticate', {'db': config['demo_db'], 'login': config['admin_login'],
                                       'password': config['admin_password']})
    partner_ids = call('/web/dataset/call_kw', {
        'model': 'res.partner', 'method': 'search', 'kwargs': {'limit': 1},
        'args': [[('customer', '=', True), ('is_company', '=', True)]]})
    assert partner_ids
    report = 'customer_service_mgmt.report_cs_customer_card'
    with opener.open('%s/report/html/%s/%d' % (demo_url, report, partner_ids[0]),
                     timeout=120) as response:
        html = response.read().decode()
    assert 'Customer Management Card' in html or '客户管理卡' in html
    with opener.open('%s/report/pdf/%s/%d' % (demo_url, report, partner_ids[0]),
                     timeout=300) as response:
        assert response.headers['Content-Type'] == 'application/pdf'
        body = response.read()
    assert body.startswith(b'%PDF') and len(body) > 5000
