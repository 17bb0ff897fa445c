#!/usr/bin/env bash
# The host's own sale and account test suites, with and without the add-on (one-off, not CI):
#   bash bench/host_suites.sh [DB]     # from the project root: rebuilds DB (with the add-on)
#                                      # and DB_base (without)
# Both databases get the host's demo data and every dependency of the add-on; the suites run
# under pytest-odoo in the complete registry (--odoo-http: Odoo 11's AccountingTestCase is an
# HttpCase), so a test failing only in DB is the add-on's doing. SUITES="sale account" by
# default. Logs and JUnit reports in .csm/host_suites/.
# Known (2026-11, Python 3.11): sale 11/11, account 53 passed, 2 skipped (PhantomJS, upstream
# skip) and test_account_tax_fields failing with and without the add-on: the auto-installed
# account_cash_basis_base_account adds a tax field that has no template counterpart.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-csm_host_suites}
SUITES=${SUITES:-sale account}
OUT=.csm/host_suites
PY=.venv/bin/python
ADDON=customer_service_mgmt

python3 -m csm_host pg start >/dev/null  # .venv ready, PostgreSQL up
"$PY" -c 'from csm_host.cli import Host; Host().write_odoo_conf()'
mkdir -p "$OUT"
ADDONS=$("$PY" -c "import importlib.util, os
print(os.path.join(importlib.util.find_spec('odoo').submodule_search_locations[0], 'addons'))")
DEPENDS=$("$PY" -c "import ast
print(','.join(ast.literal_eval(open('$ADDON/__manifest__.py').read())['depends']))")

build() {  # build NAME MODULES: a fresh database with the host's demo data
    "$PY" - "$1" <<'EOF'
import sys
import psycopg2
from csm_host import settings
conf = settings.load()
connection = psycopg2.connect(dbname='postgres', host=conf['db_host'], port=conf['db_port'],
                              user=conf['db_user'], password=conf['db_password'] or None)
connection.autocommit = True
connection.cursor().execute('DROP DATABASE IF EXISTS "%s"' % sys.argv[1])
EOF
    rm -rf ".csm/data/filestore/$1"
    echo "building $1 with $2"
    "$PY" -m csm_host.odoo_main -c .csm/odoo.conf -d "$1" -i "$2" --without-demo= \
        --stop-after-init --log-level=warn --logfile "$OUT/$1-install.log"
}

build "$DB" "$DEPENDS,$ADDON"
build "${DB}_base" "$DEPENDS"

for db in "$DB" "${DB}_base"; do
    for suite in $SUITES; do
        "$PY" -m pytest --odoo-config .csm/odoo.conf --odoo-database "$db" \
            "$ADDONS/$suite/tests" --odoo-http -q --junitxml "$OUT/$db-$suite.xml" \
            > "$OUT/$db-$suite.log" 2>&1 || true
        echo "$db $suite: $(tail -n 1 "$OUT/$db-$suite.log")"
    done
done

"$PY" - "$OUT" "$DB" $SUITES <<'EOF'
"""Tests that fail with the add-on but pass without it."""
import sys
from xml.etree import ElementTree

from bench.harness import Column, print_table, report

out, db, suites = sys.argv[1], sys.argv[2], sys.argv[3:]


def failing(name, suite):
    cases = ElementTree.parse('%s/%s-%s.xml' % (out, name, suite)).iter('testcase')
    return {'%s::%s' % (case.get('classname'), case.get('name')) for case in cases
            if case.find('failure') is not None or case.find('error') is not None}


rows = []
for suite in suites:
    with_addon, without = failing(db, suite), failing(db + '_base', suite)
    rows.append((suite, len(with_addon), len(without),
                 ', '.join(sorted(with_addon - without)) or 'none'))
report('Host suites in %s (with the add-on) and %s_base (without)' % (db, db))
print_table([Column('suite'), Column('failing with the add-on', fmt='%d'),
             Column('failing without', fmt='%d'), Column('failing only with the add-on')], rows)
EOF
