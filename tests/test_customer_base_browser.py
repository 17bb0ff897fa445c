"""The customer profile and management cards in a real browser on the demo database
(issue 7): tabs render, quick entry of an interaction from the customer works."""
from playwright.sync_api import expect

from csm_host import settings

from .test_browser import KEY_ACCOUNT, _open_app, _screenshot, page  # noqa: F401 (fixture)
from .test_customer_base_http import _opener

PURPOSE = 'Browser test call'


def _remove_test_interactions(demo_url):
    """The demo database is the one of `make run`: leave no test interaction behind."""
    _http, call = _opener(demo_url)
    config = settings.load()
    call('/web/session/authenticate', {'db': config['demo_db'], 'login': config['admin_login'],
                                       'password': config['admin_password']})
    ids = call('/web/dataset/call_kw', {'model': 'cs.interaction', 'method': 'search',
                                        'args': [[('purpose', '=', PURPOSE)]], 'kwargs': {}})
    if ids:
        call('/web/dataset/call_kw', {'model': 'cs.interaction', 'method': 'unlink',
                                      'args': [ids], 'kwargs': {}})


def test_profile_card_and_quick_interaction(page, demo_url):  # noqa: F811
    _remove_test_interactions(demo_url)
    _open_app(page, 'customer_service_mgmt.menu_cs_root')
    expect(page.locator('.o_control_panel .breadcrumb')).to_have_text('Customers')
    page.locator('.o_kanban_record', has_text=KEY_ACCOUNT).first.click()
    form = page.locator('.o_form_view')
    expect(form.locator('.oe_title')).to_contain_text(KEY_ACCOUNT)

    form.locator('.o_notebook .nav-tabs a', has_text='Profile Card').click()
    profile = form.locator('.tab-pane.active')
    expect(profile).to_contain_text('Customer Type')
    expect(profile).to_contain_text('Registered Capital')
    expect(profile).to_contain_text('Key Account Service Plan')
    _screenshot(page, 'customer_profile_card.png')

    form.locator('.o_notebook .nav-tabs a', has_text='Management Card').click()
    page.locator('.tab-pane.active button', has_text='Log Interaction').click()
    dialog = page.locator('.modal-dialog')
    expect(dialog).to_contain_text('Log Interaction')
    dialog.locator('.o_field_widget[name="purpose"]').fill(PURPOSE)
    dialog.locator('.o_field_widget[name="next_step"]').fill('Send the new catalogue')
    dialog.locator('.modal-footer button', has_text='Save').click()
    expect(page.locator('.modal-dialog')).to_have_count(0)
    interactions = form.locator('.o_field_one2many[name="cs_interaction_ids"]')
    expect(interactions).to_contain_text(PURPOSE)
    expect(interactions).to_contain_text('Send the new catalogue')
    _screenshot(page, 'customer_management_card.png')
    _remove_test_interactions(demo_url)
