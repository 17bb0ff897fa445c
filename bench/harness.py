"""What every benchmark shares: its start-up and its table printer.

Start-up, in a benchmark's ``main()``::

    parser = harness.arguments('bench.bench_x', __doc__, db='csm_x_bench')  # common options
    parser.add_argument(...)                                                # its own
    args = harness.parse(parser, argv)     # re-runs the module in .venv when needed
    registry = harness.open_registry(args) # its database (created / upgraded), Odoo loaded
    with harness.environment(registry, commit=True) as env:
        ...                                # generate the data (committed)
    with harness.environment(registry) as env:
        ...                                # measure (rolled back)
    harness.report('Title ...')            # title and the machine's load
    harness.print_table([Column(...), ...], rows)
    harness.finish(args)                   # --drop

Every command runs from the project root: ``.venv/bin/python -m bench.bench_x`` (or
``python3 -m bench.bench_x``: the module re-runs itself with ``.venv/bin/python``).
"""
import argparse
import configparser
import importlib.util
import os
import subprocess
import sys
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the odoo.conf that every csm command writes (``csm test`` passes its own in CSM_ODOO_CONF)
DEFAULT_CONF = Path(os.environ.get('CSM_ODOO_CONF') or ROOT / '.csm' / 'odoo.conf')
ADDON = 'customer_service_mgmt'


def say(message):
    print('[bench] %s' % message, flush=True)


# ---------------------------------------------------------------------- start-up
def arguments(module, doc, db, own_db=True):
    """The parser of ``module`` with the options every benchmark has: ``--db`` (default
    ``db``; None: no database) and ``-c``; with ``own_db`` (a database of the benchmark's
    own, created with the add-on when missing) also ``--update`` and ``--drop``."""
    parser = argparse.ArgumentParser(prog=module, description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if db is not None:
        parser.add_argument('--db', default=db, help='benchmark database (default %(default)s'
                            + (', created with the add-on when missing)' if own_db else ')'))
    parser.add_argument('-c', '--config', default=str(DEFAULT_CONF),
                        help='odoo.conf written by csm (default .csm/odoo.conf)')
    if own_db:
        parser.add_argument('--update', action='store_true',
                            help='upgrade the add-on in the database first (after code changes)')
        parser.add_argument('--drop', action='store_true', help='drop the database at the end')
    parser.set_defaults(own_db=own_db)
    return parser


def runs_arguments(parser, runs, warmup=None):
    """``--runs`` (measured runs of each figure) and ``--warmup`` (unmeasured runs first)."""
    parser.add_argument('--runs', type=int, default=runs,
                        help='measured runs per figure (default %(default)s)')
    if warmup is not None:
        parser.add_argument('--warmup', type=int, default=warmup,
                            help='unmeasured runs first (default %(default)s)')


def sizes(text):
    """``--sizes 0,1000,10000`` as a list of numbers."""
    return [int(size) for size in text.split(',') if size.strip()]


def parse(parser, argv=None):
    """Odoo lives in the project's .venv: re-run the module (``parser.prog``) there when
    started with another Python, then parse the command line."""
    if importlib.util.find_spec('odoo') is None:  # not imported: it needs the compat layer
        python = ROOT / '.venv' / 'bin' / 'python'
        if not python.exists() or Path(sys.executable) == python:
            sys.exit('Odoo is not importable: run `python3 -m csm_host test` once to set up '
                     '.venv, then `.venv/bin/python -m %s`.' % parser.prog)
        os.execv(str(python), [str(python), '-m', parser.prog] + sys.argv[1:])
    return parser.parse_args(sys.argv[1:] if argv is None else argv)


def connector(config):
    """``connect(dbname)``: a psycopg2 connection with the settings of ``config``."""
    import psycopg2
    options = configparser.ConfigParser()
    options.read(str(config))
    options = options['options']

    def connect(db):
        return psycopg2.connect(
            dbname=db, host=options.get('db_host'), port=options.get('db_port'),
            user=options.get('db_user'),
            password=(None if options.get('db_password') in (None, 'False')
                      else options['db_password']))
    return connect


def module_installed(connect, db, module=ADDON):
    """True when ``module`` is installed in ``db``; False when the database does not exist or
    has no modules table (any other connection failure is raised)."""
    import psycopg2
    try:
        connection = connect(db)
    except psycopg2.OperationalError as error:
        if 'does not exist' in str(error):
            return False
        raise
    try:
        with connection, connection.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
            row = cr.fetchone()
    except psycopg2.Error:
        return False
    finally:
        connection.close()
    return bool(row) and row[0] == 'installed'


def _csm(*args):
    """The project's command line (private PostgreSQL, odoo.conf) in a child process."""
    command = [sys.executable, '-m', 'csm_host.cli'] + list(args)
    if subprocess.run(command, cwd=str(ROOT)).returncode:
        sys.exit('[bench] `csm %s` failed' % ' '.join(args))


def odoo_run(config, *args):
    """Odoo's command line (``--stop-after-init``) with ``config``; exits on failure."""
    command = [sys.executable, '-m', 'csm_host.odoo_main', '-c', str(config),
               '--log-level', 'warn', '--stop-after-init'] + list(args)
    if subprocess.run(command, cwd=str(ROOT)).returncode:
        sys.exit('[bench] odoo %s failed' % ' '.join(args))


def ensure_database(args):
    """The benchmark's database: created with the add-on when missing (``csm create-db``, a
    few minutes), the add-on upgraded in it with ``--update``."""
    if not Path(args.config).exists():
        _csm('pg', 'start')  # starts the private PostgreSQL when it is not running
        from csm_host.cli import Host
        Host().write_odoo_conf()
    if not module_installed(connector(args.config), args.db):
        say('creating database %s (a few minutes)' % args.db)
        _csm('create-db', args.db, '--drop')
    elif args.update:
        say('upgrading %s in %s' % (ADDON, args.db))
        odoo_run(args.config, '-d', args.db, '-u', ADDON)


def load_odoo(config, db=None):
    """Odoo in this process (through the compat layer), configured by ``config``."""
    from csm_host import compat
    compat.apply()
    import odoo
    odoo.tools.config.parse_config(['-c', str(config)] + (['-d', db] if db else [])
                                   + ['--log-level', 'warn'])
    return odoo


def open_registry(args):
    """The registry of ``args.db`` (the benchmark's own database ensured first)."""
    if args.own_db:
        ensure_database(args)
    return load_odoo(args.config, args.db).registry(args.db)


@contextmanager
def environment(registry, uid=None, context=None, commit=False):
    """An environment on a new cursor of ``registry`` (the superuser by default); committed
    at the end with ``commit``, otherwise rolled back: nothing measured stays."""
    from odoo import SUPERUSER_ID, api
    with api.Environment.manage(), registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID if uid is None else uid, dict(context or {}))
        if commit:
            cr.commit()
        else:
            cr.rollback()


def finish(args):
    """``--drop``: drop the benchmark's database."""
    if getattr(args, 'drop', False):
        odoo = sys.modules.get('odoo') or load_odoo(args.config)
        odoo.sql_db.close_all()
        odoo.service.db.exp_drop(args.db)
        say('dropped database %s' % args.db)


def host_method(record, name):
    """``record.name`` as the host implements it: the next class in the MRO after every
    class of the add-on that overrides ``name`` (wherever the add-on keeps it)."""
    classes = type(record).__mro__
    last = max(index for index, cls in enumerate(classes)
               if cls.__module__.startswith('odoo.addons.%s.' % ADDON) and name in vars(cls))
    return getattr(super(classes[last], record), name)


# ---------------------------------------------------------------------- printing
def report(title, *notes):
    """The lines above a table: its title, the machine's load (on a shared machine every
    millisecond figure is inflated, query counts are not), then ``notes``."""
    print()
    print(title)
    print('Machine: %d CPUs, load average %.1f / %.1f / %.1f (1 / 5 / 15 min) at the end'
          % ((os.cpu_count() or 0,) + tuple(os.getloadavg())))
    for note in notes:
        print(note)
    print()


class Column(object):
    """A table column: its title, the unit of its figures (shown in the header), how a value
    is written (``%`` format, ``str.format`` format or function) and what it means (printed
    under the table)."""

    def __init__(self, title, unit='', fmt='%s', help=''):
        self.header = '%s %s' % (title, unit) if unit else title
        self.fmt = fmt
        self.help = help

    def cell(self, value):
        if value is None:
            return '-'
        if callable(self.fmt):
            return self.fmt(value)
        if '{' in self.fmt:
            return self.fmt.format(value)
        return self.fmt % value


def _numeric(value):
    if isinstance(value, tuple):
        return bool(value) and all(_numeric(item) for item in value)
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def table(columns, rows):
    """The rows as a Markdown table: figures right-aligned, text left-aligned, then the
    meaning of the columns that have one."""
    columns = [column if isinstance(column, Column) else Column(column) for column in columns]
    cells = [[(column.cell(value), _numeric(value)) for column, value in zip(columns, row)]
             for row in rows]
    widths = [max([len(column.header)] + [len(line[index][0]) for line in cells])
              for index, column in enumerate(columns)]
    out = ['| ' + ' | '.join(column.header.ljust(width)
                             for column, width in zip(columns, widths)) + ' |',
           '|' + '|'.join('-' * (width + 2) for width in widths) + '|']
    out += ['| ' + ' | '.join(text.rjust(width) if numeric else text.ljust(width)
                              for (text, numeric), width in zip(line, widths)) + ' |'
            for line in cells]
    helps = ['%s: %s' % (column.header, column.help) for column in columns if column.help]
    return '\n'.join(out + ([''] + helps if helps else []))


def print_table(columns, rows):
    print(table(columns, rows))
