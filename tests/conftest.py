"""Shared fixtures: real Odoo HTTP servers on the test and demo databases (``csm test``
ensures both exist)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import pytest

import odoo

from csm_host import settings


def _free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def _start_server(db, *extra):
    """Start ``csm_host.odoo_main`` on database ``db``; return (process, base URL)."""
    conf = os.environ.get('CSM_ODOO_CONF') or odoo.tools.config.rcfile
    port = _free_port()
    command = [sys.executable, '-m', 'csm_host.odoo_main', '-c', conf, '-d', db,
               '--db-filter', '^%s$' % db, '--http-port', str(port),
               '--http-interface', '127.0.0.1', '--longpolling-port', str(_free_port()),
               '--log-level', 'warn', '--max-cron-threads', '0'] + list(extra)
    process = subprocess.Popen(command)
    url = 'http://127.0.0.1:%d' % port
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + '/web/login', timeout=5)
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError('Odoo server exited with %s' % process.returncode)
            time.sleep(0.5)
    process.kill()
    raise RuntimeError('Odoo server did not answer on %s' % url)


@pytest.fixture(scope='session')
def odoo_url():
    """A threaded Odoo server on the test database (sees only committed data)."""
    process, url = _start_server(odoo.tools.config['db_name'], '--workers', '0')
    yield url
    process.terminate()
    process.wait(30)


@pytest.fixture(scope='session')
def odoo_workers_url():
    """A multi-process (prefork, 2 workers) Odoo server on the test database."""
    process, url = _start_server(odoo.tools.config['db_name'], '--workers', '2')
    yield url
    process.terminate()
    process.wait(30)


@pytest.fixture(scope='session')
def demo_url():
    """A threaded Odoo server on the demo database (``CSM_DEMO_DB``, set by ``csm test``)."""
    conf = settings.load()
    process, url = _start_server(conf['demo_db'], '--workers', '0')
    # the mails' links and images (rating faces, portal links) are absolute, on the site's
    # base URL: it must be this server's while the browser tests show them
    common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
    uid = common.authenticate(conf['demo_db'], conf['admin_login'], conf['admin_password'], {})
    models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object')

    def set_base_url(value):
        return models.execute_kw(conf['demo_db'], uid, conf['admin_password'],
                                 'ir.config_parameter', 'set_param', ['web.base.url', value])
    previous = set_base_url(url)
    yield url
    set_base_url(previous)
    process.terminate()
    process.wait(30)
