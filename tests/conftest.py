"""Shared fixtures: real Odoo HTTP servers on the test and demo databases (``csm test``
ensures both exist)."""
import os
import xmlrpc.client

import pytest

import odoo

from csm_host import server, settings


def _start_server(db, *extra):
    """Start ``csm_host.odoo_main`` on database ``db``; return (process, base URL)."""
    conf = os.environ.get('CSM_ODOO_CONF') or odoo.tools.config.rcfile
    return server.start(conf, db, *extra, timeout=120)


@pytest.fixture(scope='session')
def odoo_url():
    """A threaded Odoo server on the test database (sees only committed data)."""
    process, url = _start_server(odoo.tools.config['db_name'], '--workers', '0')
    yield url
    server.stop(process)


@pytest.fixture(scope='session')
def odoo_workers_url():
    """A multi-process (prefork, 2 workers) Odoo server on the test database."""
    process, url = _start_server(odoo.tools.config['db_name'], '--workers', '2')
    yield url
    server.stop(process)


@pytest.fixture(scope='session')
def demo_url():
    """A threaded Odoo server on the copy of the demo database that ``csm test`` makes
    (``CSM_DEMO_DB``)."""
    conf = settings.load()
    process, url = _start_server(conf['demo_db'], '--workers', '0')
    # the mails' links and images (rating faces, portal links) are absolute, on the site's
    # base URL: it must be this server's while the browser tests show them
    common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
    uid = common.authenticate(conf['demo_db'], conf['admin_login'], conf['admin_password'], {})
    models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object')
    models.execute_kw(conf['demo_db'], uid, conf['admin_password'],
                      'ir.config_parameter', 'set_param', ['web.base.url', url])
    yield url
    server.stop(process)
