"""The add-on's life cycle on a scratch database of its own (install, upgrade, uninstall)
and its packaging (``pip install`` lays it out as ``odoo.addons.customer_service_mgmt``)."""
import os
import re
import shutil
import subprocess
import sys

import psycopg2
import pytest

import odoo
from csm_host import settings

ADDON = 'customer_service_mgmt'
# Odoo log lines at WARNING or above; py.warnings are Python's own deprecation notices
_PROBLEM = re.compile(r'^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) \S+ (?!py\.warnings:)')

_UNINSTALL = '''
import sys
from csm_host import compat
compat.apply()
import odoo
from odoo import api, SUPERUSER_ID
conf, db, addon, extended = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
odoo.tools.config.parse_config(['-c', conf, '--log-level=warn'])
with api.Environment.manage():
    with odoo.registry(db).cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {})['ir.module.module'].search(
            [('name', '=', addon)]).button_immediate_uninstall()
    # the views of the models the add-on extended must still combine without it
    with odoo.registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for model in extended:
            for view_type in ('form', 'tree', 'search'):
                env[model].fields_view_get(view_type=view_type)
'''


def _conf():
    return os.environ.get('CSM_ODOO_CONF') or odoo.tools.config.rcfile


def _run(*command):
    """Run an Odoo process; fail on its exit status or any warning/error it logs."""
    result = subprocess.run([sys.executable] + list(command), capture_output=True, text=True,
                            timeout=1500)
    problems = [line for line in result.stderr.splitlines() if _PROBLEM.match(line)]
    assert result.returncode == 0 and not problems, '\n'.join(
        [' '.join(command)] + problems + ['--- end of its output:', result.stderr[-3000:]])


def _odoo(db, *args):
    _run('-m', 'csm_host.odoo_main', '-c', _conf(), '-d', db, '--stop-after-init',
         '--log-level=warn', *args)


def _connect(dbname):
    config = odoo.tools.config
    connection = psycopg2.connect(dbname=dbname, host=config['db_host'], port=config['db_port'],
                                  user=config['db_user'], password=config['db_password'] or None)
    connection.autocommit = True
    return connection


class _Scratch:
    """SQL on the scratch database, so that this process never loads its registry."""

    def __init__(self, name):
        self.connection = _connect(name)

    def rows(self, query, *params):
        with self.connection.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def owned(self, model):
        """ids of the ``model`` records only the add-on declares (the models and fields it
        extends also have XML ids of their own modules)."""
        return tuple(id_ for id_, in self.rows(
            'SELECT res_id FROM ir_model_data d WHERE module = %s AND model = %s AND NOT EXISTS '
            '(SELECT 1 FROM ir_model_data o WHERE o.model = d.model AND o.res_id = d.res_id '
            'AND o.module != d.module) ORDER BY res_id', ADDON, model))

    def snapshot(self):
        """Models, tables, menus, groups and columns (on other models) the add-on owns."""
        models = [name for name, in self.rows(
            'SELECT model FROM ir_model WHERE id IN %s ORDER BY model',
            self.owned('ir.model') or (0,))]
        columns = self.rows(
            'SELECT f.model, f.name FROM ir_model_fields f JOIN ir_model m ON m.id = f.model_id '
            'WHERE f.id IN %s AND f.store AND f.ttype NOT IN (\'one2many\', \'many2many\') '
            'AND NOT m.model = ANY(%s) ORDER BY f.model, f.name',
            self.owned('ir.model.fields') or (0,), models)
        tables = [model.replace('.', '_') for model in models]
        return {
            'models': models,
            'tables': [t for t, in self.rows('SELECT tablename FROM pg_tables WHERE tablename '
                                             '= ANY(%s) ORDER BY 1', tables)] if tables else [],
            'menus': self.owned('ir.ui.menu'),
            'groups': self.owned('res.groups'),
            'columns': [column for column in columns if self.has_column(*column)],
        }

    def has_column(self, model, field):
        return bool(self.rows('SELECT 1 FROM information_schema.columns WHERE table_name = %s '
                              'AND column_name = %s', model.replace('.', '_'), field))

    def counts(self, tables):
        return {table: self.rows('SELECT count(*) FROM "%s"' % table)[0][0] for table in tables}

    def close(self):
        self.connection.close()


def _drop(name):
    # not odoo.service.db.exp_drop: with a database configured, it sees no other one
    connection = _connect('postgres')
    with connection.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
    connection.close()
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


@pytest.fixture
def scratch_db():
    """A database name of our own, dropped before and after (never the shared ones)."""
    name = odoo.tools.config['db_name'] + '_lifecycle'
    _drop(name)
    yield name
    _drop(name)


def test_install_upgrade_uninstall(scratch_db):
    _odoo(scratch_db, '-i', ADDON, '--without-demo=all')
    db = _Scratch(scratch_db)
    try:
        before = db.snapshot()
        assert before['tables'] and before['menus'] and before['groups'] and before['columns']
        counts = db.counts(before['tables'])

        _odoo(scratch_db, '-u', ADDON)
        assert db.snapshot() == before
        assert db.counts(before['tables']) == counts, 'the upgrade duplicated data records'

        extended = sorted({model for model, _name in before['columns']})
        _run('-c', _UNINSTALL, _conf(), scratch_db, ADDON, *extended)
        assert db.rows('SELECT state FROM ir_module_module WHERE name = %s', ADDON) \
            == [('uninstalled',)]
        assert db.rows('SELECT model, name FROM ir_model_data WHERE module = %s', ADDON) == []
        assert db.rows('SELECT model FROM ir_model WHERE model = ANY(%s)', before['models']) == []
        assert db.rows('SELECT tablename FROM pg_tables WHERE tablename = ANY(%s)',
                       before['tables']) == []
        assert db.rows('SELECT id FROM ir_ui_menu WHERE id IN %s', before['menus']) == []
        assert db.rows('SELECT id FROM res_groups WHERE id IN %s', before['groups']) == []
        assert [column for column in before['columns'] if db.has_column(*column)] == []
    finally:
        db.close()


def test_pip_install_layout(tmp_path):
    """A copy of the project (pip builds in the source tree) installed with ``--target``."""
    source = tmp_path / 'source'
    shutil.copytree(settings.ROOT, source, ignore=shutil.ignore_patterns(
        '.git', '.venv', '.csm', 'build', '*.egg-info', '__pycache__', 'node_modules'))
    target = tmp_path / 'target'
    result = subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps',
                             '--disable-pip-version-check', '--target', str(target), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    addon = target / 'odoo' / 'addons' / ADDON
    assert (addon / '__manifest__.py').is_file()
    shipped = {path.relative_to(source / ADDON) for path in (source / ADDON).rglob('*')
               if path.is_file() and path.suffix not in ('.py', '.pyc')}
    assert {path.suffix for path in shipped} >= {'.xml', '.csv', '.po', '.png'}
    assert [path for path in shipped if not (addon / path).is_file()] == []
    assert (addon / 'models' / '__init__.py').is_file()
    assert (target / 'csm_host' / 'compat.py').is_file() and (target / 'bin' / 'csm').is_file()
    # must not shadow the Odoo it is installed into
    assert not (target / 'odoo' / '__init__.py').exists()
    assert not (target / 'odoo' / 'addons' / '__init__.py').exists()
