"""The ``csm`` command: run the ERP with the add-on, run the tests, manage the host.

    csm run            private PostgreSQL + demo database + Odoo at http://127.0.0.1:8069
    csm test [ARGS]    fresh test database + every test suite (pytest ARGS pass through;
                       CSM_REUSE_TEST_DB=1 upgrades the existing test database instead)
    csm odoo ARGS      Odoo's own command line (e.g. -u customer_service_mgmt -d csm_demo)
    csm pg start|stop|status
    csm create-db NAME [--demo]
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import time
import urllib.request

from . import cluster as pg
from . import settings
from .errors import HostError

ADDON = 'customer_service_mgmt'


def _say(message):
    print('[csm] ' + message, flush=True)


class Host:
    """Settings plus the derived paths the commands share."""

    def __init__(self):
        self.conf = settings.load()
        self.state = settings.STATE
        self.odoo_conf = self.state / 'odoo.conf'
        self.cluster = pg.Cluster(self.conf['db_port']) if self.conf['private_cluster'] else None

    def start_database_server(self):
        """True when this call started the private cluster (so the caller owns its stop)."""
        if self.cluster is None:
            return False
        started = self.cluster.start()
        if started:
            _say('PostgreSQL started on 127.0.0.1:%s (data in %s)'
                 % (self.conf['db_port'], self.cluster.data))
        self.cluster.ensure_role(self.conf['db_user'])
        return started

    def write_odoo_conf(self):
        # located without importing odoo: that needs the compat layer, the CLI does not
        odoo_dir = importlib.util.find_spec('odoo').submodule_search_locations[0]
        odoo_addons = os.path.join(odoo_dir, 'addons')
        conf = self.conf
        lines = [
            '[options]',
            'addons_path = %s,%s' % (odoo_addons, settings.ROOT),
            'data_dir = %s' % (self.state / 'data'),
            'db_host = %s' % conf['db_host'],
            'db_port = %s' % conf['db_port'],
            'db_user = %s' % conf['db_user'],
            'db_password = %s' % (conf['db_password'] or 'False'),
            'admin_passwd = %s' % conf['master_password'],
            'http_interface = %s' % conf['http_interface'],
            'http_port = %s' % conf['http_port'],
            'without_demo = all',
        ]
        self.odoo_conf.write_text('\n'.join(lines) + '\n')
        return self.odoo_conf

    def odoo_env(self):
        """Environment for Odoo processes: lessc on PATH for the web asset bundles."""
        env = dict(os.environ)
        env['PATH'] = '%s:%s' % (self.state / 'node' / 'node_modules' / '.bin', env.get('PATH', ''))
        return env

    def odoo_command(self, *args):
        return [sys.executable, '-m', 'csm_host.odoo_main', '-c', str(self.odoo_conf)] + list(args)


def _wait_until_serving(server, url, timeout=300):
    """The port opens before the registry is loaded: wait for the login page itself."""
    deadline = time.time() + timeout
    while time.time() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url + '/web/login', timeout=60)
            return True
        except OSError:
            time.sleep(0.5)
    return False


def _ensure_demo_database(host):
    """Create the demo database unless it is complete (one without the demo marker is a
    creation that was interrupted, so it is rebuilt); upgrade the add-on in it when the
    add-on's files changed since."""
    from . import database
    name = host.conf['demo_db']
    if not database.demo_loaded(host, name):
        unfinished = database.exists(host, name)
        _say('%s demo database %s (first run only, a few minutes)'
             % ('recreating unfinished' if unfinished else 'creating', name))
        database.create(host, name, demo=True, drop_existing=unfinished)
    elif database.built_from(host, name) != database.addon_digest():
        _say('the add-on changed since %s was built: upgrading it there' % name)
        database.upgrade(host, name)
    return name


def cmd_run(host, args):
    port = int(host.conf['http_port'])
    if pg.port_in_use('127.0.0.1', port):
        raise HostError('port %d is in use (another Odoo running?): stop it or set http_port '
                        'in csm.ini (or CSM_HTTP_PORT)' % port)
    started_cluster = host.start_database_server()
    host.write_odoo_conf()
    url = 'http://127.0.0.1:%d' % port
    login = '%s / %s' % (host.conf['admin_login'], host.conf['admin_password'])
    server = None
    try:
        name = _ensure_demo_database(host)
        _say('starting Odoo at %s  database %s  login %s  (Ctrl-C stops it)' % (url, name, login))
        # the port on the command line: odoo.conf is rewritten by every csm command
        server = subprocess.Popen(host.odoo_command('-d', name, '--db-filter', '^%s$' % name,
                                                    '--http-port', str(port)) + args.odoo_args,
                                  env=host.odoo_env())
        if _wait_until_serving(server, url):
            _say('ready: open %s and log in as %s' % (url, login))
        return server.wait()
    except KeyboardInterrupt:
        # the terminal sent Ctrl-C to Odoo too: let it finish its shutdown
        return server.wait() if server else 130
    finally:
        if started_cluster:
            host.cluster.stop()
            _say('PostgreSQL stopped')


def cmd_test(host, args):
    from . import database
    host.start_database_server()
    host.write_odoo_conf()
    name = host.conf['test_db']
    if os.environ.get('CSM_REUSE_TEST_DB') and database.addon_installed(host, name):
        # developer shortcut: upgrade the existing test database instead of rebuilding it
        _say('upgrading %s in the existing test database %s' % (ADDON, name))
        if subprocess.run(host.odoo_command('-d', name, '-u', ADDON, '--stop-after-init'),
                          env=host.odoo_env()).returncode:
            raise HostError('upgrading %s in %s failed (see the log above)' % (ADDON, name))
    else:
        _say('creating fresh test database %s' % name)
        database.create(host, name, demo=False, drop_existing=True)
    command = [sys.executable, '-m', 'pytest', '--odoo-config', str(host.odoo_conf),
               '--odoo-database', name] + (args.pytest_args or [])  # pytest.ini's testpaths
    env = host.odoo_env()
    env['CSM_ODOO_CONF'] = str(host.odoo_conf)
    # the browser, HTTP and journey tests write to the demo data (and mails there keep
    # their server's address): they get a fresh copy, `make run`'s database stays as built
    demo_copy = host.conf['demo_db'] + '_test'
    database.copy(host, _ensure_demo_database(host), demo_copy)
    env['CSM_DEMO_DB'] = demo_copy
    return subprocess.run(command, cwd=str(settings.ROOT), env=env).returncode


def cmd_odoo(host, args):
    host.start_database_server()
    host.write_odoo_conf()
    return subprocess.run(host.odoo_command(*args.odoo_args), env=host.odoo_env()).returncode


def cmd_pg(host, args):
    if host.cluster is None:
        raise HostError('db_host is set: the database server is not managed by csm')
    if args.action == 'start':
        host.start_database_server()
    elif args.action == 'stop':
        host.cluster.stop()
    print('running' if host.cluster.running() else 'stopped')
    return 0


def cmd_create_db(host, args):
    from . import database
    host.start_database_server()
    host.write_odoo_conf()
    database.create(host, args.name, demo=args.demo, drop_existing=args.drop)
    return 0


def cmd_i18n(host, args):
    from . import i18n
    host.start_database_server()
    host.write_odoo_conf()
    database = args.database or host.conf['test_db']
    missing = i18n.run(host, database)
    if missing is None:
        raise HostError('exporting the terms of %s from %s failed (see the log above)'
                        % (ADDON, database))
    _say('%s and %s rewritten from %s (%d fragment(s) in i18n_pending/ merged)'
         % (i18n.pot_path().relative_to(settings.ROOT), i18n.po_path().relative_to(settings.ROOT),
            database, len(i18n.pending_fragments())))
    for msgid in missing:
        print('untranslated: %r' % msgid)
    return 1 if missing else 0


def build_parser():
    parser = argparse.ArgumentParser(prog='csm', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    run = commands.add_parser('run', help='start the ERP with the add-on and demo data')
    run.set_defaults(func=cmd_run)
    test = commands.add_parser('test', help='run every test suite on a fresh database')
    test.set_defaults(func=cmd_test)
    odoo_cmd = commands.add_parser('odoo', help="Odoo's command line with this project's config")
    odoo_cmd.set_defaults(func=cmd_odoo)
    pg_cmd = commands.add_parser('pg', help='private PostgreSQL cluster')
    pg_cmd.add_argument('action', choices=['start', 'stop', 'status'])
    pg_cmd.set_defaults(func=cmd_pg)
    create = commands.add_parser('create-db', help='create a database with the add-on')
    create.add_argument('name')
    create.add_argument('--demo', action='store_true', help='load the demo company data')
    create.add_argument('--drop', action='store_true', help='drop it first if it exists')
    create.set_defaults(func=cmd_create_db)
    i18n_cmd = commands.add_parser(
        'i18n', help='rewrite the .pot and the zh_CN.po from the terms Odoo exports')
    i18n_cmd.add_argument('-d', '--database', help='database with the add-on (default: test_db)')
    i18n_cmd.set_defaults(func=cmd_i18n)
    return parser


# commands whose remaining arguments go untouched to Odoo / pytest (argparse's REMAINDER
# refuses them when they start with an option, e.g. ``csm odoo -d csm_demo``)
PASSTHROUGH = {'run': 'odoo_args', 'test': 'pytest_args', 'odoo': 'odoo_args'}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASSTHROUGH:
        args = build_parser().parse_args(argv[:1])
        setattr(args, PASSTHROUGH[argv[0]], argv[1:])
    else:
        args = build_parser().parse_args(argv)
    try:
        sys.exit(args.func(Host(), args))
    except HostError as error:
        sys.exit('[csm] error: %s' % error)


if __name__ == '__main__':
    main()
