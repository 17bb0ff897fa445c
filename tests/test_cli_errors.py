"""``csm`` reports the setup problems a user can fix as one line, without a traceback."""
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest

import odoo
from csm_host import settings


@pytest.fixture
def csm_home():
    """An empty project home the cluster owner ('postgres' when root) can reach."""
    with tempfile.TemporaryDirectory(prefix='csm_home_') as home:
        os.chmod(home, 0o755)
        yield Path(home)


def _csm(home, port, *python_code):
    """``csm pg start`` on ``home`` with the private cluster on ``port``; ``python_code``
    runs first in the same process."""
    code = '; '.join(python_code + ("from csm_host.cli import main; main(['pg', 'start'])",))
    env = dict(os.environ, CSM_HOME=str(home), CSM_DB_PORT=str(port), CSM_DB_HOST='')
    return subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True, timeout=120)


def _free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_postgresql_port_taken_by_another_program(csm_home):
    with socket.socket() as squatter:
        squatter.bind(('127.0.0.1', 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = _csm(csm_home, port)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        '[csm] error: port %d is in use by another program: set db_port in csm.ini '
        '(or CSM_DB_PORT) to a free port' % port]
    assert not (csm_home / '.csm' / 'pgdata').exists(), 'initdb ran before the port check'


def test_postgresql_binaries_missing(csm_home):
    result = _csm(csm_home, _free_port(), 'import glob, shutil',
                  'glob.glob = lambda *args, **kwargs: []',
                  'shutil.which = lambda *args, **kwargs: None')
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        '[csm] error: PostgreSQL server binaries not found (initdb): install them with '
        '"apt-get install postgresql" or set db_host in csm.ini to use a server']
    assert not (csm_home / '.csm' / 'pgdata').exists()


@pytest.fixture
def database_held_open():
    """A scratch database with a session Odoo cannot end: the cluster superuser's (Odoo
    terminates its own role's sessions before dropping)."""
    if not settings.load()['private_cluster']:
        pytest.skip('needs the private cluster, whose superuser can hold a session')
    config = odoo.tools.config
    name = config['db_name'] + '_held'
    server = dict(host=config['db_host'], port=config['db_port'])
    admin = psycopg2.connect(dbname='postgres', user=config['db_user'], **server)
    admin.autocommit = True
    with admin.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cr.execute('CREATE DATABASE "%s"' % name)
    holder = psycopg2.connect(dbname=name, user='postgres', **server)
    try:
        yield name
    finally:
        holder.close()
        with admin.cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
        admin.close()


def test_drop_of_database_in_use(database_held_open):
    conf = os.environ.get('CSM_ODOO_CONF') or odoo.tools.config.rcfile
    result = subprocess.run([sys.executable, '-m', 'csm_host.database', conf,
                             database_held_open, '--drop'],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        '[csm] error: database %s is in use by a session csm cannot close (psql, a database '
        'tool, another user?): close it, then run again' % database_held_open]
