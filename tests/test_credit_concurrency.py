"""Concurrency: two orders of one customer confirmed at the same time never jointly pass its
credit limit (SPEC §1, "serialise the check per commercial partner").

These tests use committed data and real separate database connections, so they are plain
pytest tests (a TransactionCase cursor cannot be seen by other connections).  Every record
they commit is removed at the end; names carry a random tag so that leftovers of an
interrupted run cannot disturb other tests.

* In-process: two threads, each with its own registry cursor, confirm one order each at the
  same moment.  Odoo's RPC retry on serialization failures (odoo/service/model.py) is
  emulated.  The holder of the credit lock waits until the other connection is really
  blocked on it (seen in ``pg_locks``), so the race is forced, not hoped for.
* Control: the same race with the lock replaced by a plain read under READ COMMITTED lets
  both orders through, which proves the test can fail.  (Under Odoo's REPEATABLE READ the
  exposure triggers would also make the second transaction fail and retry; the explicit
  lock is what makes the check safe under any isolation level and makes the loser wait
  before doing its work.)
* Against the multi-process server (``--workers 2``): concurrent XML-RPC clients confirm
  six orders of one customer; the server's own retry logic is the one at work.
"""
import random
import threading
import time
import uuid
import xmlrpc.client
from contextlib import contextmanager
from unittest import mock

import psycopg2
import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY

LIMIT = 10000.0
ADMIN_LOGIN = ADMIN_PASSWORD = 'admin'   # csm_host/settings.py: the test database's admin


def _dbname():
    return odoo.tools.config['db_name']


def _policy_class():
    """The registry's class of cs.credit.policy (patched by the race tests)."""
    return odoo.registry(_dbname())['cs.credit.policy']


@contextmanager
def _env(serialized=True):
    """An environment on a new connection of its own; commits on success."""
    with api.Environment.manage():
        cr = odoo.sql_db.db_connect(_dbname()).cursor(serialized=serialized)
        with cr:
            yield api.Environment(cr, SUPERUSER_ID, {})


def _make_customer(env, tag, orders, prior=0.0):
    """Commit a customer (limit 10 000), a service product, an optional confirmed order
    (``prior``) and quotations of the given amounts; returns (partner id, quotation ids)."""
    partner = env['res.partner'].create({'name': 'CSM concurrency %s' % tag, 'is_company': True,
                                         'customer': True, 'credit_limit': LIMIT})
    product = env['product.product'].create({'name': 'CSM concurrency service %s' % tag,
                                             'type': 'service', 'invoice_policy': 'order',
                                             'taxes_id': [(6, 0, [])]})

    def order(amount):
        return env['sale.order'].create({
            'partner_id': partner.id, 'client_order_ref': tag,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 1,
                                   'price_unit': amount, 'tax_id': [(6, 0, [])]})]})
    if prior:
        order(prior).action_confirm()
    return partner.id, [order(amount).id for amount in orders]


def _cleanup(tag):
    """Remove everything a test committed (decisions are undeletable through the ORM)."""
    with _env() as env:
        partners = env['res.partner'].with_context(active_test=False).search(
            [('name', '=', 'CSM concurrency %s' % tag)])
        orders = env['sale.order'].search([('partner_id', 'in', partners.ids)])
        if orders:
            env.cr.execute('DELETE FROM cs_credit_decision WHERE order_id IN %s', [tuple(orders.ids)])
            orders.filtered(lambda o: o.state not in ('draft', 'cancel')).action_cancel()
            orders.unlink()
        env['product.product'].with_context(active_test=False).search(
            [('name', '=', 'CSM concurrency service %s' % tag)]).product_tmpl_id.unlink()
        partners.unlink()


def _state(partner_id, order_ids):
    with _env() as env:
        orders = env['sale.order'].browse(order_ids)
        exposure = env['cs.credit.policy'].figures(env['res.partner'].browse(partner_id),
                                                   env.user.company_id).exposure
        return [(o.state, o.credit_hold, o.credit_hold_reason, o.amount_total) for o in orders], exposure


class _Race(object):
    """Two threads confirming one order each, at the same moment, with Odoo's RPC retry."""

    def __init__(self, order_ids, serialized=True):
        self.order_ids = order_ids
        self.serialized = serialized
        self.barrier = threading.Barrier(len(order_ids), timeout=30)
        self.pids = {}            # thread name -> PostgreSQL backend pid of its current try
        self.retries = 0
        self.errors = []
        self.lock = threading.Lock()

    def confirm(self, order_id):
        thread = threading.current_thread()
        thread.testing = True     # as in the test runner: no real mail sending
        thread.dbname = _dbname()
        try:
            self.barrier.wait()
            for tries in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
                try:
                    with _env(serialized=self.serialized) as env:
                        env.cr.execute('SELECT pg_backend_pid()')
                        self.pids[thread.name] = env.cr.fetchone()[0]
                        env['sale.order'].browse(order_id).action_confirm()
                    return
                except psycopg2.OperationalError as error:
                    # odoo/service/model.py: roll back and retry after a random wait
                    if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY \
                            or tries == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                        raise
                    with self.lock:
                        self.retries += 1
                    time.sleep(random.uniform(0.0, 0.05 * 2 ** tries))
        except Exception as error:  # reported by run()
            self.errors.append(error)

    def run(self):
        threads = [threading.Thread(target=self.confirm, args=(order_id,), name='confirm-%d' % i)
                   for i, order_id in enumerate(self.order_ids)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not any(thread.is_alive() for thread in threads), 'a confirmation hung'
        assert not self.errors, self.errors


def _locked_until_other_waits(race, contended):
    """Wrap the credit lock: its first holder keeps it until another connection is blocked
    on a lock (seen in pg_locks), so that the two checks really overlap."""
    original = _policy_class()._lock_and_read_exposure

    def wrapper(self, partner, company):
        result = original(self, partner, company)
        if not contended:
            contended.append(threading.current_thread().name)
            me = threading.current_thread().name
            deadline = time.time() + 10
            while time.time() < deadline:
                others = [pid for name, pid in race.pids.items() if name != me]
                if others:
                    self.env.cr.execute('SELECT 1 FROM pg_locks WHERE pid IN %s AND NOT granted',
                                        [tuple(others)])
                    if self.env.cr.fetchone():
                        contended.append('blocked')
                        break
                time.sleep(0.02)
        return result
    return wrapper


@pytest.mark.parametrize('prior, serialized', [
    (0.0, True),        # no exposure row yet: concurrent inserts of the row
    (1000.0, True),     # existing row: concurrent updates
    (0.0, False),       # the lock serialises under READ COMMITTED too
], ids=['new-row', 'existing-row', 'read-committed'])
def test_two_threads_never_pass_the_limit_together(prior, serialized):
    tag = uuid.uuid4().hex[:10]
    try:
        with _env() as env:
            partner_id, order_ids = _make_customer(env, tag, [6000.0, 6000.0], prior=prior)
        race = _Race(order_ids, serialized=serialized)
        contended = []
        with mock.patch.object(_policy_class(), '_lock_and_read_exposure',
                               _locked_until_other_waits(race, contended)):
            race.run()
        assert contended[1:] == ['blocked'], 'the second check did not wait for the first'
        if serialized:
            # REPEATABLE READ: the waiting transaction fails once and is retried
            assert race.retries >= 1

        orders, exposure = _state(partner_id, order_ids)
        states = sorted(state for state, _hold, _reason, _amount in orders)
        assert states == ['draft', 'sale'], orders
        held = [o for o in orders if o[0] == 'draft'][0]
        assert held[1] is True and 'exceeds the credit limit' in held[2]
        assert exposure == pytest.approx(prior + 6000.0)
        assert exposure <= LIMIT
    finally:
        _cleanup(tag)


def test_control_without_lock_both_orders_pass():
    """The test above can fail: with the lock replaced by a plain read (READ COMMITTED,
    both checks done before either order is confirmed) both orders go through."""
    tag = uuid.uuid4().hex[:10]
    try:
        with _env() as env:
            partner_id, order_ids = _make_customer(env, tag, [6000.0, 6000.0])
        race = _Race(order_ids, serialized=False)
        both_read = threading.Barrier(2, timeout=10)

        def read_without_lock(self, partner, company):
            result = _policy_class()._read_exposure(self, partner, company)
            both_read.wait()
            return result
        with mock.patch.object(_policy_class(), '_lock_and_read_exposure', read_without_lock):
            race.run()
        orders, exposure = _state(partner_id, order_ids)
        assert [state for state, _h, _r, _a in orders] == ['sale', 'sale']
        assert exposure == pytest.approx(12000.0) and exposure > LIMIT
    finally:
        _cleanup(tag)


# ---------------------------------------------------------------- multi-process server
def test_concurrent_rpc_clients_on_prefork_server(odoo_workers_url):
    db = _dbname()
    tag = uuid.uuid4().hex[:10]
    common = xmlrpc.client.ServerProxy(odoo_workers_url + '/xmlrpc/2/common')
    uid = common.authenticate(db, ADMIN_LOGIN, ADMIN_PASSWORD, {})
    assert uid, 'cannot log in as admin on %s' % db

    def call(proxy, model, method, *args, **kw):
        return proxy.execute_kw(db, uid, ADMIN_PASSWORD, model, method, list(args), kw)

    rpc = xmlrpc.client.ServerProxy(odoo_workers_url + '/xmlrpc/2/object', allow_none=True)
    try:
        partner_id = call(rpc, 'res.partner', 'create', {
            'name': 'CSM concurrency %s' % tag, 'is_company': True, 'customer': True,
            'credit_limit': LIMIT})
        product_id = call(rpc, 'product.product', 'create', {
            'name': 'CSM concurrency service %s' % tag, 'type': 'service',
            'invoice_policy': 'order', 'taxes_id': [(6, 0, [])]})
        order_ids = [call(rpc, 'sale.order', 'create', {
            'partner_id': partner_id, 'client_order_ref': tag,
            'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': 1,
                                   'price_unit': 3000.0, 'tax_id': [(6, 0, [])]})]})
            for _i in range(6)]

        barrier = threading.Barrier(len(order_ids), timeout=30)
        errors = []

        def confirm(order_id):
            proxy = xmlrpc.client.ServerProxy(odoo_workers_url + '/xmlrpc/2/object',
                                              allow_none=True)
            try:
                barrier.wait()
                call(proxy, 'sale.order', 'action_confirm', [order_id])
            except Exception as error:
                errors.append(error)
        threads = [threading.Thread(target=confirm, args=(order_id,)) for order_id in order_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not errors, errors

        orders = call(rpc, 'sale.order', 'read', order_ids,
                      fields=['state', 'credit_hold', 'credit_hold_reason', 'amount_total'])
        confirmed = [o for o in orders if o['state'] == 'sale']
        held = [o for o in orders if o['state'] != 'sale']
        assert sum(o['amount_total'] for o in confirmed) <= LIMIT
        # checked one after the other: 3 000, 6 000, 9 000 pass, the rest would exceed
        assert len(confirmed) == 3, orders
        for order in held:
            assert order['state'] == 'draft' and order['credit_hold'], order
            assert 'exceeds the credit limit' in order['credit_hold_reason'], order
        exposure = call(rpc, 'cs.credit.exposure', 'search_read', [('partner_id', '=', partner_id)],
                        fields=['amount_total'])
        assert exposure[0]['amount_total'] == pytest.approx(9000.0)
    finally:
        _cleanup(tag)
