"""The main path of after-sales service in a real browser on the demo database: open the
service requests, record a repair request for a customer, acknowledge it and register
the technician's visit."""
import uuid

from playwright.sync_api import expect

from .test_browser import KEY_ACCOUNT, _open_app, _screenshot, page  # noqa: F401 (fixture)


def _many2one(page, field, text):
    page.fill('.o_form_view .o_field_widget[name="%s"] input' % field, text)
    page.locator('ul.ui-autocomplete:visible li a', has_text=text).first.click()


def test_record_and_handle_a_service_request(page):  # noqa: F811
    description = 'Browser test %s: spindle noise' % uuid.uuid4().hex[:8]
    _open_app(page, 'customer_service_mgmt.menu_cs_root')
    page.click('.o_sub_menu a[data-menu-xmlid="customer_service_mgmt.menu_cs_service_request"]')
    expect(page.locator('.o_control_panel .breadcrumb')).to_have_text('Service Requests')
    page.wait_for_selector('.o_kanban_view')
    page.click('.o_control_panel button.o-kanban-button-new, .o_control_panel .o_list_button_add')
    form = page.locator('.o_form_view')
    form.wait_for()
    _many2one(page, 'partner_id', KEY_ACCOUNT)
    _many2one(page, 'type_id', 'Repair')
    page.fill('.o_form_view .o_field_widget[name="description"]', description)
    page.click('.o_form_button_save')
    title = form.locator('.oe_title h1')
    expect(title).to_contain_text('SR/')
    expect(form.locator('.o_field_widget[name="warranty_state"]')).to_have_text('Warranty Unknown')
    expect(form.locator('.o_statusbar_status .btn-primary')).to_have_text('New')

    form.locator('.o_statusbar_status button', has_text='Accepted').click()
    expect(form.locator('.o_statusbar_status .btn-primary')).to_have_text('Accepted')
    form.locator('.o_statusbar_buttons button', has_text='Register Visit').click()
    expect(page.locator('.o_mail_thread')).to_contain_text('On-site visit 1')
    _screenshot(page, 'service_request_form.png')
