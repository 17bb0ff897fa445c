"""Installs the add-on as ``odoo.addons.customer_service_mgmt`` (the OCA ``odoo11-addon-*``
convention, so ``pip install .`` adds it to any Odoo 11 environment) and the project's
host runtime ``csm_host`` with its ``csm`` command."""
import os

from setuptools import find_packages, setup

ADDON = 'customer_service_mgmt'
ADDON_PACKAGE = 'odoo.addons.' + ADDON


def addon_data_files():
    """Every non-Python file of the add-on (XML, CSV, PO, images, templates)."""
    files = []
    for folder, _dirs, names in os.walk(ADDON):
        files += [os.path.relpath(os.path.join(folder, name), ADDON)
                  for name in names if not name.endswith(('.py', '.pyc'))]
    return files


setup(
    name='customer-service-mgmt',
    version='11.0.1.0.0',
    description='Customer service management add-on for Odoo 11 and its Python 3.11 host runtime',
    license='LGPL-3',
    python_requires='>=3.11',
    packages=['csm_host', ADDON_PACKAGE]
    + ['%s.%s' % (ADDON_PACKAGE, sub) for sub in find_packages(ADDON)],
    package_dir={ADDON_PACKAGE: ADDON},
    package_data={ADDON_PACKAGE: addon_data_files()},
    entry_points={'console_scripts': ['csm = csm_host.cli:main']},
)
