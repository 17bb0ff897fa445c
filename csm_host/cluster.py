"""Life cycle of the project's private PostgreSQL cluster (``.csm/pgdata``).

PostgreSQL refuses to run as root, so when the CLI runs as root the cluster runs as the
``postgres`` system user.  Odoo refuses to connect as the ``postgres`` superuser, so a
separate role (``db_user``, CREATEDB) is created for it.
"""
import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

from .errors import HostError
from .settings import STATE


def _pg_bin(name):
    candidates = sorted(glob.glob('/usr/lib/postgresql/*/bin/' + name),
                        key=lambda path: int(path.split('/')[4]))
    if candidates:
        return candidates[-1]
    found = shutil.which(name)
    if found:
        return found
    raise HostError('PostgreSQL server binaries not found (%s): install them with '
                    '"apt-get install postgresql" or set db_host in csm.ini to use a server' % name)


def _run_as_owner():
    """Prefix running a command as the cluster owner ('postgres' when we are root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam('postgres')
    except KeyError:
        subprocess.run(['useradd', '--system', '--home-dir', '/var/lib/postgresql',
                        '--shell', '/bin/bash', 'postgres'], check=True)
    return ['runuser', '-u', 'postgres', '--']


def _data_root():
    """Folder holding pgdata: .csm, unless the cluster owner cannot reach it there."""
    prefix = _run_as_owner()
    STATE.mkdir(exist_ok=True)
    if not prefix or subprocess.run(prefix + ['test', '-x', str(STATE)]).returncode == 0:
        return STATE
    # e.g. a checkout under /root: keep the cluster in a per-checkout system folder
    digest = hashlib.sha1(str(STATE).encode()).hexdigest()[:12]
    return Path('/var/lib/csm') / digest


class Cluster:
    def __init__(self, port):
        self.port = int(port)
        root = _data_root()
        self.data = root / 'pgdata'
        self.sockets = root / 'pgrun'
        self.log = root / 'postgresql.log'
        self.owner = _run_as_owner()

    def _own(self, *paths):
        for path in paths:
            path.mkdir(parents=True, exist_ok=True)
            if self.owner:
                shutil.chown(path, 'postgres', 'postgres')

    def _pg_ctl(self, *args, check=True):
        command = self.owner + [_pg_bin('pg_ctl'), '-D', str(self.data)] + list(args)
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def initialised(self):
        return (self.data / 'PG_VERSION').exists()

    def running(self):
        return self.initialised() and self._pg_ctl('status', check=False).returncode == 0

    def init(self):
        if self.initialised():
            return
        initdb = _pg_bin('initdb')  # found before any folder is made
        self._own(self.data.parent, self.data, self.sockets)
        result = subprocess.run(
            self.owner + [initdb, '-D', str(self.data), '-A', 'trust',
                          '-U', 'postgres', '-E', 'UTF8', '--locale', 'C.UTF-8'],
            capture_output=True, text=True)
        if result.returncode:
            raise HostError('initdb failed: %s' % (result.stderr.strip().splitlines() or ['?'])[-1])

    def start(self):
        if self.running():
            return False
        # checked before initdb: a wrong port must not leave a new cluster behind
        if port_in_use('127.0.0.1', self.port):
            raise HostError('port %d is in use by another program: set db_port in csm.ini '
                            '(or CSM_DB_PORT) to a free port' % self.port)
        self.init()
        self._own(self.sockets)
        if self.log.exists() and self.owner:
            shutil.chown(self.log, 'postgres', 'postgres')
        options = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off " \
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
                  % (self.port, self.sockets)
        result = self._pg_ctl('start', '-w', '-t', '60', '-l', str(self.log), '-o', options,
                              check=False)
        if result.returncode:
            tail = self.log.read_text(errors='replace').strip().splitlines()[-1:] if self.log.exists() else []
            raise HostError('PostgreSQL did not start: %s' % (tail or [result.stderr.strip()])[0])
        return True

    def stop(self):
        if self.running():
            self._pg_ctl('stop', '-m', 'fast', '-w')

    def ensure_role(self, role):
        """Create Odoo's login role (not a superuser: Odoo refuses those)."""
        sql = ("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{0}') "
               "THEN CREATE ROLE \"{0}\" LOGIN CREATEDB; END IF; END$$;").format(role)
        subprocess.run(self.owner + [_pg_bin('psql'), '-h', str(self.sockets), '-p', str(self.port),
                                     '-U', 'postgres', '-d', 'postgres', '-qAtc', sql],
                       check=True, capture_output=True)


def port_in_use(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0
