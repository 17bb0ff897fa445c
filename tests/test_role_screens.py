"""Every screen works for every role: a "click everywhere" run per demo role (issue 11).

For each demo login (``csm_host.demo.USERS``, admin, the portal customer) one browser context
signs in once, discovers through the web client's own ``ir.ui.menu.load_menus`` every menu
under Customer Service the role sees, and opens each action in every view type it offers
(plus the form of one of its records, every notebook tab clicked). The host screens the add-on
extends are opened as each role that has them in its menus. The portal customer opens every
entry of /my and the first document of each. A step fails on an error or warning dialog, an
uncaught page error, a console error, or an ERROR line the server logged during the step.

Nothing is hard-coded per role: a new menu, view or portal page is covered by itself.
"""
import ast
import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError, sync_playwright

from csm_host import settings
from csm_host.demo import USERS

from .conftest import _start_server
from .test_browser import CHROMIUM_ARGS, KEY_ACCOUNT

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / '.csm' / 'screenshots' / 'role_screens'
RESULTS = ROOT / '.csm' / 'role_screens.json'
ROOT_MENU = 'customer_service_mgmt.menu_cs_root'
ROLES = [login for login, _name, _email, _groups in USERS] + ['admin', 'portal']
TIMEOUT = 30000

# the host screens the add-on extends: opened by the roles that have them in their menus
HOST_ACTIONS = [
    'sale.action_quotations', 'sale.action_orders', 'account.action_invoice_tree1',
    'stock.action_picking_tree_all', 'stock.action_production_lot_form',
    'mrp_repair.action_repair_order_tree', 'survey.action_survey_form',
]
# which record's form to open, best first (the ones showing what the add-on adds); the
# action's own domain is added, and a domain the role may not search on is skipped
FORM_RECORD = {
    'sale.order': [[('credit_hold', '=', True)], [('credit_release_amount', '>', 0)]],
    'res.partner': [[('name', '=', KEY_ACCOUNT)],
                    [('customer', '=', True), ('is_company', '=', True)]],
    'stock.picking': [[('picking_type_code', '=', 'outgoing'), ('sale_id.credit_hold_kind',
                                                                '!=', False)],
                      [('picking_type_code', '=', 'outgoing'), ('sale_id', '!=', False)]],
    'account.invoice': [[('type', '=', 'out_invoice'), ('state', '!=', 'draft')]],
    'stock.production.lot': [[('cs_warranty_end', '!=', False)]],
}
VIEW_SELECTOR = {
    'list': '.o_list_view, .oe_view_nocontent', 'tree': '.o_list_view, .oe_view_nocontent',
    'kanban': '.o_kanban_view', 'form': '.o_form_view', 'pivot': '.o_pivot',
    'graph': '.o_graph', 'calendar': '.o_calendar_container',
}
ERROR_DIALOG = '.modal .o_dialog_error, .modal .o_dialog_warning'
# counts the web client's pending requests (long polling excluded) so that a step ends when
# everything it asked the server for has come back
PENDING_TRACKER = """
(() => {
    window.__csmPending = 0;
    const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
        this.__csmUrl = String(url);
        return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
        if (!/longpolling/.test(this.__csmUrl)) {
            window.__csmPending++;
            this.addEventListener('loadend', () => { window.__csmPending--; });
        }
        return send.apply(this, arguments);
    };
})();
"""
MARK_OLD = """() => document.querySelectorAll(
    '.o_view_manager_content > *, .o_content > *, .modal').forEach(
    e => e.setAttribute('data-csm-old', '1'))"""


@pytest.fixture(scope='module')
def screens_server(tmp_path_factory):
    """The demo database served with its log in a file, to find a step's server errors."""
    log = tmp_path_factory.mktemp('role_screens') / 'odoo.log'
    log.touch()
    process, url = _start_server(settings.load()['demo_db'], '--workers', '0',
                                 '--logfile', str(log))
    yield url, log
    process.terminate()
    process.wait(30)


@pytest.fixture(scope='module')
def browser():
    for old in SCREENSHOTS.glob('*.png'):
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium',
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope='module')
def results():
    table = {}
    yield table
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(table, indent=1, ensure_ascii=False))


class Session:
    """One role signed in: its page, what went wrong, and what it opened."""

    def __init__(self, role, page, url, log):
        self.role, self.page, self.url, self.log = role, page, url, log
        self.failures, self.opened, self.menus, self.timings = [], 0, 0, []
        self.js_errors = []
        page.on('pageerror', lambda error: self.js_errors.append('page error: %s' % error))
        page.on('console', self._console)
        page.on('response', self._response)

    def _response(self, response):
        if response.status >= 400:
            self.js_errors.append('HTTP %s %s' % (response.status, response.url))

    def _console(self, message):
        if message.type == 'error':
            self.js_errors.append('console error: %s' % message.text)

    def rpc(self, model, method, args, kwargs=None):
        """A call as the signed-in user, through the web client's JSON-RPC route."""
        reply = self.page.evaluate(
            """([model, method, args, kwargs]) => fetch('/web/dataset/call_kw', {
                method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
                    model: model, method: method, args: args,
                    kwargs: Object.assign({context: odoo.session_info.user_context}, kwargs)}}),
            }).then(r => r.json())""", [model, method, args, kwargs or {}])
        if 'error' in reply:
            raise RuntimeError(reply['error']['data']['message'])
        return reply['result']

    def step(self, label, action):
        """Run ``action`` (which leaves the page settled) and record what went wrong."""
        offset = self.log.stat().st_size
        started = time.time()
        del self.js_errors[:]
        problems = []
        try:
            action()
        except Exception as error:  # a timeout or a failed click is a failure of this step
            problems.append('%s: %s' % (type(error).__name__, str(error).splitlines()[0]))
        self.settle()
        dialogs = self.page.locator(ERROR_DIALOG)
        for index in range(dialogs.count()):
            problems.append('dialog: %s' % dialogs.nth(index).inner_text()[:600])
        problems.extend(self.js_errors)
        with self.log.open() as log:
            log.seek(offset)
            problems.extend('server: %s' % line.rstrip() for line in log
                            if re.search(r' (ERROR|CRITICAL) ', line))
        if problems:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shot = SCREENSHOTS / ('%s-%s.png' % (self.role, re.sub(r'\W+', '_', label)[:80]))
            self.page.screenshot(path=str(shot), full_page=True)
            self.failures.append('%s [%s]\n    %s' % (label, shot.name, '\n    '.join(problems)))
        self.close_dialogs()
        self.opened += 1
        self.timings.append((label, round(time.time() - started, 2)))

    def settle(self):
        """Wait until the web client has no request pending."""
        if self.page.url.startswith(self.url + '/web') and '/web/login' not in self.page.url:
            self.page.wait_for_function('window.__csmPending === 0', timeout=TIMEOUT)
        else:
            self.page.wait_for_load_state('load')

    def close_dialogs(self):
        while self.page.locator('.modal:visible').count():
            before = self.page.locator('.modal:visible').count()
            self.page.locator('.modal:visible .modal-header .close').last.click()
            self.page.wait_for_function(
                'n => document.querySelectorAll(".modal.in").length < n', arg=before,
                timeout=TIMEOUT)

    def open_hash(self, fragment, selector):
        """Show ``#fragment`` in the web client and wait for a new ``selector`` (or an error)."""
        self.page.evaluate(MARK_OLD)
        self.page.evaluate('h => { window.location.hash = h; }', fragment)
        fresh = ', '.join('%s:not([data-csm-old])' % part.strip()
                          for part in selector.split(','))
        self.page.wait_for_selector('%s, %s' % (fresh, ERROR_DIALOG), timeout=TIMEOUT)
        self.settle()

    def click_tabs(self):
        """Click every tab of the form's notebooks, waiting for each page to show."""
        tabs = self.page.locator('.o_form_view .o_notebook > ul.nav-tabs > li:visible > a')
        for index in range(tabs.count()):
            tab = tabs.nth(index)
            tab.click()
            target = tab.get_attribute('href')
            self.page.wait_for_selector('.o_form_view %s.active' % target, timeout=TIMEOUT)
            self.settle()


def _sign_in(browser, url, log, role):
    context = browser.new_context(viewport={'width': 1400, 'height': 900}, locale='zh-CN')
    context.add_init_script(PENDING_TRACKER)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    session = Session(role, page, url, log)
    page.goto(url + '/web/login')
    page.fill('input[name="login"]', role)
    page.fill('input[name="password"]', 'admin' if role == 'admin' else role)
    page.click('button[type="submit"]')
    return session


def _menu_actions(session, under=None):
    """(menu path, action model, action id, menu id) of the menus the role sees, under the
    menu ``under`` (xmlid)."""
    root = session.rpc('ir.ui.menu', 'load_menus', [False])
    found = []

    def walk(menu, path, inside):
        inside = inside or under is None or menu.get('xmlid') == under
        path = path + [menu['name']] if menu.get('id') else path
        if inside and menu.get('action'):
            model, action_id = menu['action'].split(',')
            found.append((' / '.join(path), model, int(action_id), menu['id']))
        for child in menu.get('children', []):
            walk(child, path, inside)

    walk(root, [], False)
    return found


def _literal(domain):
    try:
        value = ast.literal_eval(domain or '[]')
    except (ValueError, SyntaxError):
        return []
    return value if isinstance(value, list) else []


def _form_record(session, action):
    """A record of the action to open in a form view, or None (then an empty form)."""
    domain = _literal(action.get('domain'))
    for preferred in FORM_RECORD.get(action['res_model'], []) + [[], None]:
        try:
            ids = session.rpc(action['res_model'], 'search',
                              [domain + preferred if preferred is not None else []],
                              {'limit': 1})
        except RuntimeError:
            continue
        if ids:
            return ids[0]
    return None


def _open_action(session, label, action_id):
    action = session.rpc('ir.actions.act_window', 'read', [[action_id]],
                         {'fields': ['res_model', 'view_mode', 'domain', 'target']})[0]
    view_types = []
    for view_type in (action['view_mode'] or 'tree').split(','):
        view_type = 'list' if view_type == 'tree' else view_type
        if view_type not in view_types:
            view_types.append(view_type)
    base = 'action=%d' % action_id
    if action['target'] == 'new' or view_types == ['form']:
        # a wizard or a settings screen: a form shown by the action itself
        session.step('%s (form)' % label,
                     lambda: session.open_hash(base, VIEW_SELECTOR['form']))
        return
    for view_type in view_types:
        if view_type == 'form':
            record = _form_record(session, action)

            def show_form(record=record):
                session.open_hash(base + '&view_type=form' + (
                    '&id=%d' % record if record else ''), VIEW_SELECTOR['form'])
                session.click_tabs()
            session.step('%s (form %s)' % (label, record or 'new'), show_form)
        else:
            session.step('%s (%s)' % (label, view_type), lambda view_type=view_type:
                         session.open_hash(base + '&view_type=%s' % view_type,
                                           VIEW_SELECTOR[view_type]))


def _click_menu(session, menu_id):
    """Click the menu in its app's side bar, as the user does (not a server action through
    the URL: its result may be a reload of the web client, which would run it again)."""
    page = session.page
    app = page.locator('.oe_secondary_menu:has(a[data-menu="%d"])' % menu_id).first \
        .get_attribute('data-menu-parent')
    session.open_hash('menu_id=%s' % app, '.o_view_manager_content > *')
    page.evaluate(MARK_OLD)
    page.click('.oe_secondary_menu[data-menu-parent="%s"] a[data-menu="%d"]' % (app, menu_id))
    try:
        session.settle()
    except PlaywrightError as error:
        if 'context was destroyed' not in str(error):
            raise
        # the action reloaded the web client
        page.wait_for_selector('.o_view_manager_content > *', timeout=TIMEOUT)
        session.settle()


def _backend(session, results):
    session.page.wait_for_selector('.oe_application_menu_placeholder', state='visible')
    session.settle()
    menus = _menu_actions(session, ROOT_MENU)
    session.menus = len(menus)
    everywhere = {menu[2] for menu in _menu_actions(session)}
    seen = set()
    for path, model, action_id, menu_id in menus:
        if action_id in seen:
            continue
        seen.add(action_id)
        if model == 'ir.actions.act_window':
            _open_action(session, path, action_id)
        else:
            session.step(path, lambda menu_id=menu_id: _click_menu(session, menu_id))
    for xmlid in HOST_ACTIONS:
        action_id = session.rpc('ir.model.data', 'xmlid_to_res_id', [xmlid])
        if action_id in everywhere and action_id not in seen:
            seen.add(action_id)
            _open_action(session, xmlid, action_id)
    results['actions'] = len(seen)


def _portal_page(session, path):
    """Open a portal page: it must answer 200 and show the portal layout."""
    response = session.page.goto(session.url + path)
    assert response.ok, '%s answered %s' % (path, response.status)
    session.page.wait_for_selector('.o_portal, .o_portal_my_home, .o_portal_wrap', state='attached')


def _portal(session, results):
    """Every entry of the customer's /my page, and the first document of each list."""
    page = session.page
    session.step('/my/home', lambda: _portal_page(session, '/my/home'))
    entries = page.eval_on_selector_all(
        '.o_portal_my_home .o_portal_docs a[href^="/my/"]',
        'links => links.map(a => a.getAttribute("href"))')
    assert entries, 'the portal home lists no documents'
    session.menus = len(entries)
    for href in entries:
        documents = []

        def open_list(href=href):
            _portal_page(session, href)
            documents.extend(page.eval_on_selector_all(
                'table a[href^="%s/"]' % href,
                'links => links.map(a => a.getAttribute("href").split("?")[0])'))
        session.step(href, open_list)
        if documents:
            session.step(documents[0], lambda doc=documents[0]: _portal_page(session, doc))
    results['actions'] = len(entries)


@pytest.mark.parametrize('role', ROLES)
def test_every_screen_as(role, screens_server, browser, results):
    url, log = screens_server
    started = time.time()
    session = _sign_in(browser, url, log, role)
    row = results.setdefault(role, {})
    try:
        if role == 'portal':
            session.page.wait_for_url(lambda address: '/web/login' not in address)
            session.page.goto(url + '/my/home')
            _portal(session, row)
        else:
            _backend(session, row)
    finally:
        row.update(menus=session.menus, steps=session.opened, failures=len(session.failures),
                   seconds=round(time.time() - started, 1), timings=session.timings)
        session.page.context.close()
    assert session.opened > 1
    assert not session.failures, '%d failing screens as %s:\n%s' % (
        len(session.failures), role, '\n'.join(session.failures))
