"""``csm test`` runs the tests that write to the demo data on a fresh copy of the demo
database, so that `make run`'s database never shows what the tests did."""
import os

import psycopg2

from csm_host import settings
from csm_host.demo import MARKER


def _configured_demo_db(monkeypatch):
    monkeypatch.delenv('CSM_DEMO_DB')
    return settings.load()['demo_db']


def _query(conf, dbname, sql, params=()):
    connection = psycopg2.connect(dbname=dbname, host=conf['db_host'], port=conf['db_port'],
                                  user=conf['db_user'], password=conf['db_password'] or None)
    try:
        with connection.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()
    finally:
        connection.close()


def _files(folder):
    return sorted(os.path.relpath(os.path.join(root, name), folder)
                  for root, _dirs, names in os.walk(folder) for name in names)


def test_tests_run_on_a_copy_of_the_demo_database(monkeypatch):
    conf = settings.load()
    copy = conf['demo_db']
    source = _configured_demo_db(monkeypatch)
    assert copy != source
    module, name = MARKER.split('.')
    marker = 'SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s'
    for db in (source, copy):
        assert _query(conf, db, marker, (module, name)) == [(1,)], db
    uuid = "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'"
    assert _query(conf, source, uuid) != _query(conf, copy, uuid), 'a copy has its own uuid'
    # the attachments' files came along: the copy's filestore has every file of the source's
    filestore = settings.STATE / 'data' / 'filestore'
    assert set(_files(str(filestore / source))) <= set(_files(str(filestore / copy)))
    assert _files(str(filestore / copy))
