"""The web layer runs on Python 3.11: login page, client templates, asset bundles."""
import re
import urllib.request


def _get(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.read().decode('utf-8', 'replace')


def test_login_page(odoo_url):
    status, body = _get(odoo_url + '/web/login')
    assert status == 200
    assert 'name="login"' in body


def test_webclient_qweb_templates(odoo_url):
    status, body = _get(odoo_url + '/web/webclient/qweb?mods=web')
    assert status == 200
    assert '<templates' in body and 't-name="WebClient' in body


def test_backend_asset_bundles_build(odoo_url):
    status, body = _get(odoo_url + '/web/login')
    css = re.search(r'href="(/web/content/[^"]*web\.assets_common[^"]*\.css)"', body)
    js = re.search(r'src="(/web/content/[^"]*web\.assets_common[^"]*\.js)"', body)
    assert css and js, 'asset bundle links missing from the login page'
    css_status, css_body = _get(odoo_url + css.group(1))
    assert css_status == 200 and len(css_body) > 10000
    assert 'lessc' not in css_body.lower(), 'less compilation failed: %s' % css_body[:300]
    js_status, js_body = _get(odoo_url + js.group(1))
    assert js_status == 200 and 'odoo.define' in js_body
