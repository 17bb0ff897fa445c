"""Long random walk of host operations checking the maintained credit exposure against a
from-scratch recomputation after every step (the CI version is
customer_service_mgmt/tests/test_credit_exposure_random.py).  Runs in one transaction on the
test database and rolls it back; prints a table of operations, their count and mean time,
and the drift found.

From the project root (the test database needs ``crm``: ``python3 -m csm_host test``
installs it)::

    .venv/bin/python -m bench.bench_exposure_drift [--steps 2000] [--seed 7] [--db csm_test]
"""
import os
import sys
import time

# also runnable as a file (.venv/bin/python bench/bench_exposure_drift.py): the project root
# on the path for the bench and tests packages
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import harness  # noqa: E402
from bench.harness import Column  # noqa: E402


def main(argv=None):
    from csm_host import settings
    parser = harness.arguments('bench.bench_exposure_drift', __doc__,
                               db=settings.load()['test_db'], own_db=False)
    parser.add_argument('--steps', type=int, default=1000)
    parser.add_argument('--seed', type=int, default=12)
    args = harness.parse(parser, argv)
    registry = harness.open_registry(args)
    from odoo.addons.customer_service_mgmt.tests.exposure_driver import ExposureDriver

    with harness.environment(registry) as env:   # rolled back
        driver = ExposureDriver(env, args.seed)
        drifts, steps, start = [], 0, time.perf_counter()
        for _i in range(args.steps):
            done = driver.step()
            if done:
                steps += 1
                drift = driver.drift()
                if drift:
                    drifts.append((steps, done, drift))
        elapsed = time.perf_counter() - start
    harness.report('Credit exposure drift: database %s, %d steps (seed %d) in %.1f s; steps '
                   'with drift: %d' % (args.db, steps, args.seed, elapsed, len(drifts)))
    harness.print_table(
        [Column('operation'), Column('count', fmt='%d'), Column('mean', 'ms', '%.1f')],
        [(name, driver.counts[name],
          1000 * driver.seconds[name] / driver.counts[name] if driver.counts[name] else 0.0)
         for name, _weight in driver.OPERATIONS])
    for step, done, drift in drifts[:10]:
        print('  step %d %s: %s' % (step, done, drift[:3]))
    return 1 if drifts else 0


if __name__ == '__main__':
    sys.exit(main())
