"""Creating the project's databases: company in China (l10n_cn chart, CNY), zh_CN loaded
beside English, the add-on installed and, for the demo database, the demo company's data.

Runs in a child process (``python -m csm_host.database``) so that the CLI process never
holds an Odoo registry or database connections.
"""
import argparse
import hashlib
import subprocess
import sys

from . import settings
from .demo import MARKER, load_demo
from .errors import HostError

ADDON = 'customer_service_mgmt'
CHART_MODULES = ['l10n_cn_standard']
# host modules the tests drive beside the add-on (not its dependencies): crm brings the
# host's partner merge wizard, which the credit exposure must follow
HOST_MODULES = ['crm']
DIGEST_KEY = 'csm.addon_digest'  # ir.config_parameter: the add-on files the db was built from


def _connect(host, dbname):
    import psycopg2
    conf = host.conf
    return psycopg2.connect(dbname=dbname, host=conf['db_host'], port=conf['db_port'],
                            user=conf['db_user'], password=conf['db_password'] or None)


def _fetchone(host, dbname, query, params):
    """First row of ``query`` in ``dbname``; None when the database or the table is missing."""
    import psycopg2
    try:
        connection = _connect(host, dbname)
    except psycopg2.OperationalError as error:
        if 'does not exist' in str(error):
            return None
        raise HostError('cannot connect to PostgreSQL: %s' % str(error).strip().splitlines()[0])
    with connection, connection.cursor() as cr:
        try:
            cr.execute(query, params)
        except psycopg2.Error:
            return None
        row = cr.fetchone()
    connection.close()
    return row


def exists(host, name):
    return bool(_fetchone(host, 'postgres', 'SELECT 1 FROM pg_database WHERE datname = %s', [name]))


def addon_installed(host, name):
    row = _fetchone(host, name, 'SELECT state FROM ir_module_module WHERE name = %s', [ADDON])
    return bool(row) and row[0] == 'installed'


def demo_loaded(host, name):
    """The demo marker is written last, in the same transaction as the demo data."""
    module, xmlid = MARKER.split('.')
    return bool(_fetchone(host, name, 'SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s',
                          [module, xmlid]))


def addon_digest():
    """Hash of the add-on's files: a kept database is upgraded when they changed (its test
    suites excepted: editing a test needs no upgrade)."""
    root = settings.ROOT / ADDON
    digest = hashlib.sha256()
    for path in sorted(root.rglob('*')):
        if path.is_file() and path.suffix != '.pyc' and path.relative_to(root).parts[0] != 'tests':
            digest.update(str(path.relative_to(root)).encode() + b'\0' + path.read_bytes())
    return digest.hexdigest()


def built_from(host, name):
    row = _fetchone(host, name, 'SELECT value FROM ir_config_parameter WHERE key = %s',
                    [DIGEST_KEY])
    return row[0] if row else None


def upgrade(host, name):
    digest = addon_digest()
    if subprocess.run(host.odoo_command('-d', name, '-u', ADDON, '--stop-after-init',
                                        '--log-level', 'warn'), env=host.odoo_env()).returncode:
        raise HostError('upgrading %s in %s failed (see the log above)' % (ADDON, name))
    connection = _connect(host, name)
    with connection, connection.cursor() as cr:
        cr.execute('UPDATE ir_config_parameter SET value = %s WHERE key = %s', [digest, DIGEST_KEY])
        if not cr.rowcount:
            cr.execute('INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)',
                       [DIGEST_KEY, digest])
    connection.close()


def create(host, name, demo, drop_existing=False):
    command = [sys.executable, '-m', 'csm_host.database', str(host.odoo_conf), name]
    command += ['--demo'] if demo else []
    command += ['--drop'] if drop_existing else []
    command += ['--login', host.conf['admin_login'], '--password', host.conf['admin_password']]
    if subprocess.run(command, env=host.odoo_env()).returncode:
        raise HostError('creating database %s failed (see the messages above)' % name)


def copy(host, source, target):
    """``target`` as a fresh copy of ``source``, database and filestore (replaced if it
    exists)."""
    command = [sys.executable, '-m', 'csm_host.database', str(host.odoo_conf), target,
               '--copy-of', source]
    if subprocess.run(command, env=host.odoo_env()).returncode:
        raise HostError('copying database %s to %s failed (see the messages above)'
                        % (source, target))


def _copy(conf_path, source, target):
    from . import compat
    compat.apply()
    import odoo
    odoo.tools.config.parse_config(['-c', conf_path, '--log-level', 'warn'])
    if target in odoo.service.db.list_dbs(force=True):
        _drop(target)  # its filestore too
    with odoo.api.Environment.manage():
        # Odoo's own duplication: CREATE DATABASE ... TEMPLATE, new uuid, filestore copied.
        # It ends the other sessions on the source (a running `make run` reconnects).
        odoo.service.db.exp_duplicate_database(source, target)


def _drop(name):
    import odoo
    try:
        # its failed queries would be logged as multi-line ERRORs before the message below
        with odoo.tools.mute_logger('odoo.sql_db'):
            odoo.service.db.exp_drop(name)
    except Exception as error:
        # exp_drop ends the sessions of Odoo's own role, then re-raises PostgreSQL's
        # multi-line error as a plain Exception
        if 'being accessed by other users' in str(error):
            raise HostError('database %s is in use by a session csm cannot close (psql, a '
                            'database tool, another user?): close it, then run again' % name)
        raise HostError('cannot drop database %s: %s'
                        % (name, str(error).strip().splitlines()[0]))


def _build(conf_path, name, demo, drop, login, password):
    from . import compat
    compat.apply()
    import odoo
    from odoo import api, SUPERUSER_ID
    odoo.tools.config.parse_config(['-c', conf_path, '--log-level', 'warn'])
    if name in odoo.service.db.list_dbs(force=True):
        if not drop:
            raise HostError('database %s already exists' % name)
        _drop(name)
    digest = addon_digest()  # before installing: files edited meanwhile count as changed
    with api.Environment.manage():
        print('[csm] installing the add-on, the Chinese chart of accounts and zh_CN in %s' % name,
              flush=True)
        # country CN gives the company CNY; the chart is China's enterprise standard
        odoo.service.db.exp_create_database(name, False, 'en_US', user_password=password,
                                            login=login, country_code='CN')
        with odoo.registry(name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if env.user.company_id.country_id.code != 'CN':
                raise HostError('database %s was not initialised (see the log above)' % name)
            env['base.language.install'].create({'lang': 'zh_CN', 'overwrite': False}).lang_install()
            cr.commit()
            env['ir.module.module'].search([('name', 'in', CHART_MODULES + HOST_MODULES + [ADDON])]) \
                .button_immediate_install()
        with odoo.registry(name).cursor() as cr:  # commits when the block ends
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['ir.config_parameter'].set_param(DIGEST_KEY, digest)
            # the portal pages (website, pulled in by survey) speak what the website offers,
            # not the user's language: offer Chinese first, English beside it
            zh_cn = env['res.lang'].search([('code', '=', 'zh_CN')])
            env['website'].search([]).write({'language_ids': [(4, zh_cn.id)],
                                             'default_lang_id': zh_cn.id})
            if demo:
                print('[csm] loading the demo company\'s customers, products, orders and '
                      'invoices', flush=True)
                load_demo(env)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('conf')
    parser.add_argument('name')
    parser.add_argument('--demo', action='store_true')
    parser.add_argument('--drop', action='store_true')
    parser.add_argument('--login', default='admin')
    parser.add_argument('--password', default='admin')
    parser.add_argument('--copy-of', metavar='SOURCE', help='make NAME a copy of SOURCE')
    args = parser.parse_args()
    try:
        if args.copy_of:
            _copy(args.conf, args.copy_of, args.name)
        else:
            _build(args.conf, args.name, args.demo, args.drop, args.login, args.password)
    except HostError as error:
        sys.exit('[csm] error: %s' % error)


if __name__ == '__main__':
    main()
