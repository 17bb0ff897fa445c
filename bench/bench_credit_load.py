"""Credit policy under load and faults (issue 12, item 5): not a test, a printed table.

Two Odoo servers on one database, each with ``--workers 2`` (prefork, as two application
servers behind a load balancer), 16 XML-RPC clients spread over both, each creating and
confirming one-line quotations of 4 customers with tight credit limits for a fixed time.
Two scenarios, each on customers of its own:

* ``steady``: nothing else happens;
* ``faults``: one HTTP worker of the first server is killed with SIGKILL a third into the
  run, and PostgreSQL is restarted (``pg_ctl stop -m fast`` + start) at 60 % of the run.

A client that gets an error (a fault returned by the server, a connection reset or
refused) reads the order back: when the order is confirmed or held, the call went through
and nothing is repeated; otherwise the confirmation is retried after a short random wait.
A creation that failed is looked up by its client reference before it is retried, so an
order whose answer was lost is not created twice.

Checked afterwards with SQL (no ORM): for every customer the confirmed orders' total stays
within its credit limit (overdrafts) and equals the maintained exposure; every order the
clients created exists and is either confirmed with its approved amount or held with its
reason and a ``hold`` decision record (lost / half-done).  From the project root::

    .venv/bin/python -m bench.bench_credit_load [--db csm_h4_bench] [--duration 60]

``tests/test_credit_load.py`` runs a short version (``run_scenario``) on the test database.
"""
import os
import random
import signal
import statistics
import sys
import threading
import time
import uuid
import xmlrpc.client
from collections import Counter
from pathlib import Path

from bench import harness
from bench.harness import Column
from csm_host import server

ADMIN = 'admin'               # csm_host/settings.py: admin login and password of every db
CUSTOMERS = 4
NAME = 'CSM concurrency %s'   # as tests/test_credit_concurrency.py: its _cleanup removes them


# ---------------------------------------------------------------------- servers
def _busy(pid, port):
    """True when process ``pid`` holds an established connection on HTTP port ``port``: a
    prefork worker in the middle of a request."""
    inodes = set()
    try:
        for fd in Path('/proc/%d/fd' % pid).iterdir():
            target = os.readlink(str(fd))
            if target.startswith('socket:['):
                inodes.add(target[8:-1])
    except OSError:
        return False
    for line in Path('/proc/net/tcp').read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(':')[1], 16)
        if local_port == port and fields[3] == '01' and fields[9] in inodes:
            return True
    return False


def http_workers(process):
    """PIDs of the prefork HTTP workers of a server (its children, but the longpolling
    gevent process)."""
    children = []
    path = Path('/proc/%d/task/%d/children' % (process.pid, process.pid))
    for pid in path.read_text().split():
        try:
            cmdline = Path('/proc/%s/cmdline' % pid).read_bytes()
        except OSError:
            continue
        if b'gevent' not in cmdline:
            children.append(int(pid))
    return children


# ---------------------------------------------------------------------- clients
def _error_kind(error):
    if isinstance(error, xmlrpc.client.Fault):
        text = error.faultString.strip().splitlines()
        last = text[-1] if text else ''
        fault = error.faultString
        if 'Is the server running' in fault or 'Connection refused' in fault \
                or 'connection to server at' in fault:
            return 'server fault: PostgreSQL refuses connections (restarting)'
        if 'connection already closed' in fault or 'terminating connection' in fault \
                or 'server closed the connection' in fault:
            return 'server fault: database connection closed by the PostgreSQL restart'
        if 'OperationalError' in fault or 'InterfaceError' in fault:
            return 'server fault: database connection (%s)' % last[:70]
        return 'server fault: %s' % last[:90]
    if isinstance(error, xmlrpc.client.ProtocolError):
        return 'HTTP %s %s' % (error.errcode, error.errmsg)
    return '%s' % type(error).__name__


class OneTryTransport(xmlrpc.client.Transport):
    """The standard transport re-sends a request by itself once when the connection was
    closed or reset (a killed worker): the clients here see that error and handle it (and
    count it) themselves."""

    def request(self, host, handler, request_body, verbose=False):
        try:
            return self.single_request(host, handler, request_body, verbose)
        except Exception:
            self.close()
            raise


class Client(threading.Thread):
    """Creates and confirms quotations until the deadline, retrying through errors."""

    MAX_TRIES = 12

    def __init__(self, run, index, url, partner_id):
        super(Client, self).__init__(name='client-%d' % index, daemon=True)
        self.run_ = run
        self.index = index
        self.url = url
        self.partner_id = partner_id
        self.rng = random.Random(index)
        self.orders = []          # (order id, client ref, outcome, latency s)
        self.errors = Counter()   # (error kind, what the client did) -> count
        self.proxy = None

    def _call(self, model, method, *args, **kw):
        if self.proxy is None:
            self.proxy = xmlrpc.client.ServerProxy(self.url + '/xmlrpc/2/object', allow_none=True,
                                                   transport=OneTryTransport())
        try:
            return self.proxy.execute_kw(self.run_.db, self.run_.uid, ADMIN, model, method,
                                         list(args), kw)
        except Exception:
            self.proxy = None     # a new connection for the next call
            raise

    def _pause(self, tries):
        time.sleep(self.rng.uniform(0.05, 0.1 * 2 ** min(tries, 5)))

    def _create(self, ref, amount):
        for tries in range(1, self.MAX_TRIES + 1):
            try:
                return self._call('sale.order', 'create', {
                    'partner_id': self.partner_id, 'client_order_ref': ref,
                    'order_line': [(0, 0, {'product_id': self.run_.product_id,
                                           'product_uom_qty': 1, 'price_unit': amount,
                                           'tax_id': [(6, 0, [])]})]})
            except Exception as error:
                kind = _error_kind(error)
                found = self._lookup(ref)
                if found:
                    self.errors[(kind, 'create: answer lost, order found by its reference')] += 1
                    return found
                self.errors[(kind, 'create: not found by its reference, created again')] += 1
                self._pause(tries)
        return None

    def _lookup(self, ref):
        for tries in range(1, self.MAX_TRIES + 1):
            try:
                ids = self._call('sale.order', 'search', [('client_order_ref', '=', ref)])
                return ids[0] if ids else None
            except Exception as error:
                self.errors[(_error_kind(error), 'look-up retried')] += 1
                self._pause(tries)
        raise RuntimeError('order %s cannot be looked up' % ref)

    def _state(self, order_id):
        for tries in range(1, self.MAX_TRIES + 1):
            try:
                order = self._call('sale.order', 'read', [order_id], fields=['state', 'credit_hold'])[0]
                if order['state'] == 'sale':
                    return 'confirmed'
                return 'held' if order['credit_hold'] else None
            except Exception as error:
                self.errors[(_error_kind(error), 'state read retried')] += 1
                self._pause(tries)
        return None

    def _confirm(self, order_id):
        started = time.perf_counter()
        for tries in range(1, self.MAX_TRIES + 1):
            try:
                result = self._call('sale.order', 'action_confirm', [order_id])
                # True: confirmed; an action (the hold notice): held
                return ('confirmed' if result is True else 'held'), time.perf_counter() - started
            except Exception as error:
                kind = _error_kind(error)
                outcome = self._state(order_id)
                if outcome:
                    self.errors[(kind, 'confirm: answer lost, order read back %s' % outcome)] += 1
                    return outcome, time.perf_counter() - started
                self.errors[(kind, 'confirm: order still a quotation, confirmed again')] += 1
                self._pause(tries)
        return None, time.perf_counter() - started

    def run(self):
        sequence = 0
        while time.time() < self.run_.deadline:
            sequence += 1
            ref = '%s-%d-%d' % (self.run_.tag, self.index, sequence)
            amount = float(self.rng.randrange(50, 151))
            order_id = self._create(ref, amount)
            if not order_id:
                self.orders.append((None, ref, None, None))
                continue
            outcome, latency = self._confirm(order_id)
            self.orders.append((order_id, ref, outcome, latency))


# ---------------------------------------------------------------------- one scenario
class Scenario(object):

    def __init__(self, db, urls, duration, clients=16, limit_orders=10, faults=False,
                 servers=None, cluster=None, log=print):
        self.db = db
        self.urls = urls
        self.duration = duration
        self.clients = clients
        self.limit = 100.0 * limit_orders    # orders are 50-150: about limit_orders pass
        self.faults = faults
        self.servers = servers or []
        self.cluster = cluster
        self.log = log
        self.tag = 'csm-load-' + uuid.uuid4().hex[:8]
        self.events = []

    def _setup(self):
        common = xmlrpc.client.ServerProxy(self.urls[0] + '/xmlrpc/2/common')
        self.uid = common.authenticate(self.db, ADMIN, ADMIN, {})
        if not self.uid:
            raise RuntimeError('cannot log in as admin on %s' % self.db)
        rpc = xmlrpc.client.ServerProxy(self.urls[0] + '/xmlrpc/2/object', allow_none=True)

        def call(model, method, *args):
            return rpc.execute_kw(self.db, self.uid, ADMIN, model, method, list(args))
        self.partner_ids = [call('res.partner', 'create', {
            'name': NAME % self.tag, 'is_company': True, 'customer': True,
            'credit_limit': self.limit}) for _i in range(CUSTOMERS)]
        self.product_id = call('product.product', 'create', {
            'name': 'CSM concurrency service %s' % self.tag, 'type': 'service',
            'invoice_policy': 'order', 'taxes_id': [(6, 0, [])]})

    def _warm_up(self):
        """Every worker of every server loads its registry before the clock starts."""
        def ping(url):
            proxy = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)
            proxy.execute_kw(self.db, self.uid, ADMIN, 'sale.order', 'search_count', [[]])
        threads = [threading.Thread(target=ping, args=(url,)) for url in self.urls for _i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)

    def _inject_faults(self):
        start = time.time()

        def at(fraction):
            time.sleep(max(0.0, start + fraction * self.duration - time.time()))
        at(1.0 / 3)
        server = self.servers[0]
        victim, busy, deadline = None, False, time.time() + 10
        while victim is None or (not busy and time.time() < deadline):
            workers = http_workers(server)
            busy_workers = [pid for pid in workers if _busy(pid, server.http_port)]
            victim, busy = (busy_workers[0], True) if busy_workers else (workers[0], False)
            if not busy:
                time.sleep(0.01)
        os.kill(victim, signal.SIGKILL)
        self.events.append('%.1f s: SIGKILL to HTTP worker %d of server 1 (%s)' % (
            time.time() - start, victim, 'in the middle of a request' if busy else 'idle'))
        at(0.6)
        if self.cluster is None:
            self.events.append('PostgreSQL not restarted (not the private cluster)')
            return
        before = time.time()
        self.cluster.stop()
        self.cluster.start()
        self.events.append('%.1f s: PostgreSQL restarted (down %.1f s)'
                           % (before - start, time.time() - before))

    def run(self):
        self._setup()
        self._warm_up()
        self.deadline = time.time() + self.duration
        started = time.time()
        clients = [Client(self, i, self.urls[i % len(self.urls)], self.partner_ids[i % CUSTOMERS])
                   for i in range(self.clients)]
        for client in clients:
            client.start()
        injector = None
        if self.faults:
            injector = threading.Thread(target=self._inject_faults, daemon=True)
            injector.start()
        for client in clients:
            client.join(self.duration + 600)
        if injector:
            injector.join(120)
        self.elapsed = time.time() - started
        self.client_list = clients
        return self

    # ------------------------------------------------------------------ checks
    def verify(self, connect):
        """Overdrafts and lost/half-done orders, read with SQL on a new connection."""
        orders = [order for client in self.client_list for order in client.orders]
        connection = connect()
        try:
            with connection, connection.cursor() as cr:
                cr.execute("""
                    SELECT p.id, p.credit_limit,
                           COALESCE(SUM(o.amount_total) FILTER (WHERE o.state IN ('sale', 'done')), 0),
                           COALESCE((SELECT SUM(e.amount_total) FROM cs_credit_exposure e
                                     WHERE e.partner_id = p.id), 0)
                    FROM res_partner p LEFT JOIN sale_order o ON o.partner_id = p.id
                    WHERE p.id IN %s GROUP BY p.id, p.credit_limit ORDER BY p.id""",
                           [tuple(self.partner_ids)])
                self.customers = cr.fetchall()
                cr.execute("""
                    SELECT o.id, o.client_order_ref, o.state, o.credit_hold, o.credit_hold_reason,
                           o.amount_total, o.credit_approved_amount,
                           (SELECT COUNT(*) FROM cs_credit_decision d
                            WHERE d.order_id = o.id AND d.decision = 'hold')
                    FROM sale_order o WHERE o.partner_id IN %s""", [tuple(self.partner_ids)])
                rows = {row[0]: row for row in cr.fetchall()}
        finally:
            connection.close()
        self.overdrafts = [(pid, limit, confirmed) for pid, limit, confirmed, _e in self.customers
                           if confirmed > limit + 0.005]
        self.exposure_drift = [(pid, confirmed, exposure) for pid, _l, confirmed, exposure
                               in self.customers if abs(confirmed - exposure) > 0.005]
        bad = []
        refs = Counter(row[1] for row in rows.values())
        bad += ['order %s created twice (%d)' % (ref, n) for ref, n in refs.items() if n > 1]
        seen = set()
        for order_id, ref, outcome, _latency in orders:
            row = rows.get(order_id)
            if row is None:
                bad.append('order %s (%s) lost' % (order_id, ref))
                continue
            seen.add(order_id)
            _id, _ref, state, hold, reason, amount, approved, decisions = row
            if state == 'sale':
                if hold or abs((approved or 0.0) - amount) > 0.005:
                    bad.append('order %s confirmed without its approved amount' % order_id)
                elif outcome != 'confirmed':
                    bad.append('order %s confirmed, client saw %s' % (order_id, outcome))
            elif state == 'draft' and hold and (reason or '').strip() and decisions:
                if outcome != 'held':
                    bad.append('order %s held, client saw %s' % (order_id, outcome))
            else:
                bad.append('order %s half-done: state %s, hold %s, reason %r, %d decision(s)'
                           % (order_id, state, hold, reason, decisions))
        bad += ['order %s in the database, unknown to the clients' % oid for oid in rows if oid not in seen]
        self.problems = bad
        self.orders = orders
        return self

    def summary(self):
        done = [o for o in self.orders if o[2]]
        confirmed = [o for o in done if o[2] == 'confirmed']
        latencies = sorted(o[3] * 1000.0 for o in done)

        def pct(p):
            if not latencies:
                return 0.0
            return latencies[min(len(latencies) - 1, int(round(p / 100.0 * (len(latencies) - 1))))]
        errors = Counter()
        for client in self.client_list:
            errors.update(client.errors)
        return {
            'scenario': 'faults' if self.faults else 'steady',
            'seconds': self.elapsed, 'orders': len(self.orders), 'confirmed': len(confirmed),
            'held': len(done) - len(confirmed),
            'confirmed_per_s': len(confirmed) / self.elapsed,
            'decided_per_s': len(done) / self.elapsed,
            'p50': pct(50), 'p95': pct(95),
            'p50_confirmed': statistics.median(o[3] * 1000.0 for o in confirmed) if confirmed else 0.0,
            'overdrafts': len(self.overdrafts), 'drift': len(self.exposure_drift),
            'problems': len(self.problems), 'errors': errors, 'events': self.events,
            'limit': self.limit,
            'used': [confirmed_ for _p, _l, confirmed_, _e in self.customers],
        }


def run_scenario(conf, db, ports, duration, clients=16, limit_orders=10, faults=False,
                 cluster=None, connect=None, log=None):
    """Start the two servers, run one scenario, stop them; returns the verified Scenario."""
    servers = []
    try:
        for http_port, longpolling_port in ports:
            servers.append(server.start(conf, db, '--workers', '2', port=http_port,
                                        longpolling_port=longpolling_port, log=log))
        scenario = Scenario(db, [url for _p, url in servers], duration, clients=clients,
                            limit_orders=limit_orders, faults=faults,
                            servers=[p for p, _url in servers], cluster=cluster)
        scenario.run()
    finally:
        for process, _url in servers:
            server.stop(process)
    return scenario.verify(connect)


# ---------------------------------------------------------------------- printing
COLUMNS = [Column('scenario'), Column('s', fmt='%.0f'), Column('orders', fmt='%d'),
           Column('confirmed', fmt='%d'), Column('held', fmt='%d'),
           Column('confirmed/s', fmt='%.2f'), Column('decided/s', fmt='%.2f'),
           Column('p50', 'ms', '%.0f'), Column('p95', 'ms', '%.0f'),
           Column('overdrafts', fmt='%d'), Column('exposure drift', fmt='%d'),
           Column('lost/half-done', fmt='%d'), Column('client errors', fmt='%d')]


def table(results):
    rows = [(r['scenario'], r['seconds'], r['orders'], r['confirmed'], r['held'],
             r['confirmed_per_s'], r['decided_per_s'], r['p50'], r['p95'], r['overdrafts'],
             r['drift'], r['problems'], sum(r['errors'].values())) for r in results]
    out = [harness.table(COLUMNS, rows)]
    for r in results:
        out.append('')
        out.append('%s: limit %.0f per customer, confirmed totals %s; %s'
                   % (r['scenario'], r['limit'], ', '.join('%.0f' % u for u in r['used']),
                      '; '.join(r['events']) or 'no fault injected'))
        errors = sorted(r['errors'].items(), key=lambda item: -item[1])
        if errors:
            out.append(harness.table([Column('errors', fmt='%d'), Column('error'),
                                      Column('what the client did')],
                                     [(count, kind, action) for (kind, action), count in errors]))
    return '\n'.join(out)


def main(argv=None):
    parser = harness.arguments('bench.bench_credit_load', __doc__, db='csm_h4_bench')
    parser.add_argument('--duration', type=float, default=60.0, help='seconds per scenario')
    parser.add_argument('--clients', type=int, default=16)
    parser.add_argument('--limit-orders', type=int, default=10,
                        help='credit limit of each customer in orders (orders are 50-150, '
                             'the limit 100 x this)')
    parser.add_argument('--ports', default='8110,8111,8112,8113',
                        help='HTTP and longpolling ports of server 1, then of server 2')
    parser.add_argument('--scenarios', default='steady,faults')
    args = harness.parse(parser, argv)
    harness.ensure_database(args)
    from csm_host import settings
    from csm_host.cluster import Cluster
    conf = settings.load()
    cluster = Cluster(conf['db_port']) if conf['private_cluster'] else None
    ports = [int(p) for p in args.ports.split(',')]
    ports = [(ports[0], ports[1]), (ports[2], ports[3])]
    connect = harness.connector(args.config)
    results = []
    log = open(str(harness.ROOT / '.csm' / 'bench_credit_load.log'), 'ab')
    for name in args.scenarios.split(','):
        harness.say('scenario %s: %d clients, %.0f s' % (name, args.clients, args.duration))
        scenario = run_scenario(args.config, args.db, ports, args.duration, clients=args.clients,
                                limit_orders=args.limit_orders, faults=(name == 'faults'),
                                cluster=cluster, connect=lambda: connect(args.db), log=log)
        for problem in scenario.problems[:20]:
            harness.say('PROBLEM: %s' % problem)
        results.append(scenario.summary())
    harness.report('Credit policy under load: database %s, 2 servers x --workers 2, %d XML-RPC '
                   'clients, %d customers' % (args.db, args.clients, CUSTOMERS))
    print(table(results))
    print()
    print('p50/p95: from the first action_confirm call to the known outcome (confirmed or held), '
          'retries included; decided/s: confirmed + held per second; exposure drift: customers '
          'whose maintained exposure differs from their confirmed orders; lost/half-done: orders '
          'missing, duplicated, or neither confirmed with their approved amount nor held with '
          'reason and decision record')
    harness.finish(args)
    return 1 if any(r['overdrafts'] or r['problems'] for r in results) else 0


if __name__ == '__main__':
    sys.exit(main())
