"""The add-on's own suites (customer_service_mgmt/tests) run under both runners: Odoo's
(``odoo --test-enable``) runs only the test modules that the package's ``__init__`` imports,
and pytest-odoo must import the files under the same names, not a second copy of the add-on."""
import os
import sys

from odoo.modules.module import get_module_path, get_test_modules

ADDON = 'customer_service_mgmt'


def test_odoo_runner_finds_every_test_file():
    folder = os.path.join(get_module_path(ADDON), 'tests')
    files = sorted(name[:-len('.py')] for name in os.listdir(folder)
                   if name.startswith('test_') and name.endswith('.py'))
    assert files, 'no test file in %s' % folder
    found = sorted(module.__name__ for module in get_test_modules(ADDON))
    assert found == ['odoo.addons.%s.tests.%s' % (ADDON, name) for name in files]


def test_pytest_imports_the_addon_once():
    # a test file collected as customer_service_mgmt.tests.test_x would import the add-on's
    # models a second time, under another name
    assert [name for name in sys.modules if name.split('.')[0] == ADDON] == []
