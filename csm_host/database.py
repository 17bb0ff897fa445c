"""Creating the project's databases: company in China (l10n_cn chart, CNY), zh_CN loaded
beside English, the add-on installed and, for the demo database, the demo company's data.

Runs in a child process (``python -m csm_host.database``) so that the CLI process never
holds an Odoo registry or database connections.
"""
import argparse
import subprocess
import sys

from .errors import HostError

ADDON = 'customer_service_mgmt'
CHART_MODULES = ['l10n_cn_standard']


def _connect(host, dbname):
    import psycopg2
    conf = host.conf
    return psycopg2.connect(dbname=dbname, host=conf['db_host'], port=conf['db_port'],
                            user=conf['db_user'], password=conf['db_password'] or None)


def addon_installed(host, name):
    import psycopg2
    try:
        connection = _connect(host, name)
    except psycopg2.OperationalError as error:
        if 'does not exist' in str(error):
            return False
        raise HostError('cannot connect to PostgreSQL: %s' % str(error).strip().splitlines()[0])
    with connection, connection.cursor() as cr:
        try:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [ADDON])
        except psycopg2.Error:
            return False
        row = cr.fetchone()
    connection.close()
    return bool(row) and row[0] == 'installed'


def create(host, name, demo, drop_existing=False):
    command = [sys.executable, '-m', 'csm_host.database', str(host.odoo_conf), name]
    command += ['--demo'] if demo else []
    command += ['--drop'] if drop_existing else []
    command += ['--login', host.conf['admin_login'], '--password', host.conf['admin_password']]
    if subprocess.run(command, env=host.odoo_env()).returncode:
        raise HostError('creating database %s failed (see the messages above)' % name)


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
    with api.Environment.manage():
        # country CN gives the company CNY; the chart is China's enterprise standard
        odoo.service.db.exp_create_database(name, False, 'en_US', user_password=password,
                                            login=login, country_code='CN')
        with odoo.registry(name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if env.user.company_id.country_id.code != 'CN':
                raise HostError('database %s was not initialised (see the log above)' % name)
            env['base.language.install'].create({'lang': 'zh_CN', 'overwrite': False}).lang_install()
            cr.commit()
            env['ir.module.module'].search([('name', 'in', CHART_MODULES + [ADDON])]) \
                .button_immediate_install()
        if demo:
            with odoo.registry(name).cursor() as cr:
                from .demo import load_demo
                load_demo(api.Environment(cr, SUPERUSER_ID, {}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('conf')
    parser.add_argument('name')
    parser.add_argument('--demo', action='store_true')
    parser.add_argument('--drop', action='store_true')
    parser.add_argument('--login', default='admin')
    parser.add_argument('--password', default='admin')
    args = parser.parse_args()
    try:
        _build(args.conf, args.name, args.demo, args.drop, args.login, args.password)
    except HostError as error:
        sys.exit('[csm] error: %s' % error)


if __name__ == '__main__':
    main()
