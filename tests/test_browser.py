"""The backend in a real browser on the demo database: what a user sees after ``make run``.

Headless Debian chromium driven by Playwright.  Odoo's long-polling keeps the network busy,
so every step waits for a selector, never for network idle.
"""
import xmlrpc.client
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from csm_host import settings
from csm_host.demo import CUSTOMERS

SCREENSHOTS = Path(__file__).resolve().parent.parent / '.csm' / 'screenshots'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--no-first-run']
KEY_ACCOUNT = CUSTOMERS[0][1]


@pytest.fixture
def page(demo_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium',
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={'width': 1600, 'height': 900})
        page.set_default_timeout(60000)
        page.goto(demo_url + '/web/login')
        page.fill('input[name="login"]', 'admin')
        page.fill('input[name="password"]', 'admin')
        page.click('button[type="submit"]')
        # the web client shows the top menu once it has moved what does not fit into 'More'
        page.wait_for_selector('.oe_application_menu_placeholder', state='visible')
        yield page
        browser.close()


def _open_app(page, xmlid):
    """Click a top menu; apps that do not fit the navbar are under 'More'."""
    link = page.locator('.oe_application_menu_placeholder a[data-menu-xmlid="%s"]' % xmlid)
    if not link.is_visible():
        page.click('#menu_more_container > a')
    link.click()


def _screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_sale_order_and_customer_service_menu(page):
    _open_app(page, 'sale.sale_menu_root')
    page.click('.o_sub_menu a[data-menu-xmlid="sale.menu_sale_order"]')
    expect(page.locator('.o_control_panel .breadcrumb')).to_have_text('Sales Orders')
    row = page.locator('.o_list_view tbody tr.o_data_row', has_text=KEY_ACCOUNT).first
    order_name = row.locator('td').nth(1).inner_text().strip()
    assert order_name.startswith('SO')
    row.click()
    form = page.locator('.o_form_view')
    expect(form.locator('.oe_title')).to_contain_text(order_name)
    expect(form.locator('.o_field_widget[name="partner_id"]')).to_contain_text(KEY_ACCOUNT)
    expect(form.locator('.o_field_one2many[name="order_line"]')).to_contain_text('HM-H35C')
    # styled backend: the less bundles compiled (unstyled pages have a transparent navbar)
    navbar = page.locator('#oe_main_menu_navbar')
    assert navbar.evaluate('e => getComputedStyle(e).backgroundColor') != 'rgba(0, 0, 0, 0)'
    _screenshot(page, 'sale_order_form.png')

    _open_app(page, 'customer_service_mgmt.menu_cs_root')
    section = page.locator('.o_sub_menu .oe_secondary_menu:visible '
                           '[data-menu-xmlid="customer_service_mgmt.menu_cs_customers"]')
    expect(section).to_contain_text('Customers')
    # the app opens its first entry, the customers
    expect(page.locator('.o_control_panel .breadcrumb')).to_have_text('Customers')
    expect(page.locator('.o_kanban_view')).to_contain_text(KEY_ACCOUNT)
    _screenshot(page, 'customer_service_menu.png')


def _sign_in(browser, url, login, path, landing):
    """A page of its own (own cookies, a Chinese browser) signed in as ``login``, showing
    ``path``."""
    context = browser.new_context(viewport={'width': 1400, 'height': 900}, locale='zh-CN')
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(url + '/web/login?redirect=' + path)
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', login)
    page.click('button[type="submit"]')
    page.wait_for_selector(landing)
    return page


def test_portal_customer_files_a_complaint_and_staff_acknowledge(demo_url, tmp_path):
    """The key account's buyer files a complaint with a photo under My Account; the service
    agent moves it to Acknowledged in the backend; the buyer sees the new stage."""
    photo = tmp_path / 'broken-hinge.png'
    Image.new('RGB', (64, 48), (180, 40, 40)).save(str(photo))
    db = settings.load()['demo_db']
    rpc = xmlrpc.client.ServerProxy(demo_url + '/xmlrpc/2/object', allow_none=True)
    uid = xmlrpc.client.ServerProxy(demo_url + '/xmlrpc/2/common').authenticate(
        db, 'admin', 'admin', {})

    def admin(model, method, *args, **kwargs):
        return rpc.execute_kw(db, uid, 'admin', model, method, list(args), kwargs)

    acknowledged = admin('ir.model.data', 'xmlid_to_res_id',
                         'customer_service_mgmt.complaint_stage_acknowledged')
    complaint_id = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium',
                                             args=CHROMIUM_ARGS)
        try:
            customer = _sign_in(browser, demo_url, 'portal', '/my/home', '.o_portal_my_home')
            customer.click('a[href="/my/complaints"]')
            customer.click('a.o_cs_new_complaint')
            customer.select_option('select[name="categ_id"]', index=1)
            customer.fill('textarea[name="description"]',
                          '铰链 HM-H35C 到货后有 20 只断裂。 Browser test.')
            customer.select_option('select[name="demand"]', 'exchange')
            customer.set_input_files('input[name="attachments"]', str(photo))
            customer.click('button.o_cs_complaint_submit')
            expect(customer.locator('.o_cs_complaint_submitted')).to_be_visible()
            reference = customer.locator('.o_cs_complaint_submitted strong').inner_text().strip()
            assert reference.startswith('CP/')
            complaint_id = int(customer.url.split('/my/complaints/')[1].split('?')[0])
            expect(customer.locator('#discussion')).to_contain_text('broken-hinge.png')
            _screenshot(customer, 'portal_complaint_submitted.png')

            agent = _sign_in(browser, demo_url, 'service', '/web%%23model=cs.complaint%%26id=%d'
                             '%%26view_type=form' % complaint_id, '.o_form_view')
            form = agent.locator('.o_form_view')
            expect(form.locator('.oe_title')).to_contain_text(reference)
            form.locator('.o_statusbar_status button[data-value="%d"]' % acknowledged).click()
            expect(form.locator('.o_statusbar_status button.btn-primary')).to_have_attribute(
                'data-value', str(acknowledged))
            _screenshot(agent, 'complaint_acknowledged.png')

            customer.reload()
            stage = admin('cs.complaint.process.stage', 'read', [acknowledged], ['name'],
                          context={'lang': 'zh_CN'})[0]['name']
            expect(customer.locator('.o_cs_complaint_stage')).to_have_text(stage)
        finally:
            browser.close()
            if complaint_id:
                admin('cs.complaint', 'unlink', [complaint_id])
