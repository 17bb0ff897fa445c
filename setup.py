"""The project's host runtime ``csm_host`` (Odoo 11 on Python 3.11, the ``csm`` command).

The add-on is a distribution of its own, ``odoo11-addon-customer_service_mgmt``, built by
setuptools-odoo from ``setup/customer_service_mgmt/`` (the OCA convention for 11.0), so that
it installs into any Odoo 11 environment (Python >= 3.5) without this runtime.
"""
from setuptools import setup

setup(
    name='csm-host',
    version='11.0.1.0.0',
    description='Runs Odoo 11 with the customer_service_mgmt add-on on Python 3.11: '
                'compat layer, private PostgreSQL, demo and test databases, the csm command',
    license='LGPL-3',
    python_requires='>=3.11',
    packages=['csm_host'],
    entry_points={'console_scripts': ['csm = csm_host.cli:main']},
)
