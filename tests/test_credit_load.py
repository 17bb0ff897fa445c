"""Credit policy under load and faults, short version of ``bench/bench_credit_load.py``
(issue 12, item 5): two prefork servers (``--workers 2``) on the test database, XML-RPC
clients confirming orders of 4 customers with tight limits; one HTTP worker is killed with
SIGKILL and PostgreSQL is restarted during the run.  No customer's confirmed orders pass its
limit, the maintained exposure equals them, and every order the clients created is either
confirmed with its approved amount or held with its reason and decision record.

Plain pytest test on committed data (other connections must see it); everything it commits
is removed at the end (``test_credit_concurrency._cleanup``).
"""
import odoo

from bench.bench_credit_load import run_scenario
from csm_host import settings
from csm_host.cluster import Cluster
from csm_host.server import free_port

from .test_credit_concurrency import _cleanup


def _connect():
    import psycopg2
    config = odoo.tools.config
    return psycopg2.connect(dbname=config['db_name'], host=config['db_host'] or None,
                            port=config['db_port'] or None, user=config['db_user'],
                            password=config['db_password'] or None)


def test_no_overdraft_nor_lost_order_through_worker_kill_and_postgresql_restart():
    conf = settings.load()
    assert conf['private_cluster'], 'the PostgreSQL restart needs the private cluster'
    scenario = None
    try:
        scenario = run_scenario(
            odoo.tools.config.rcfile, odoo.tools.config['db_name'],
            [(free_port(), free_port()), (free_port(), free_port())], duration=20,
            clients=8, limit_orders=3, faults=True, cluster=Cluster(conf['db_port']),
            connect=_connect)
    finally:
        # the restart broke this process' pooled connections
        odoo.sql_db.close_all()
        if scenario is not None:
            _cleanup(scenario.tag)
    summary = scenario.summary()
    # both faults happened
    assert any('SIGKILL' in event for event in summary['events']), summary['events']
    assert any('PostgreSQL restarted' in event for event in summary['events']), summary['events']
    # the customers reached their limits: the limit was what stopped orders
    assert summary['confirmed'] > 0 and summary['held'] > 0, summary
    assert not scenario.overdrafts, scenario.overdrafts
    assert not scenario.exposure_drift, scenario.exposure_drift
    assert not scenario.problems, scenario.problems
    assert all(order[2] for order in scenario.orders), 'an order ended without outcome'
