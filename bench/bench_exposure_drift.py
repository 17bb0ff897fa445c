"""Long random walk of host operations checking the maintained credit exposure against a
from-scratch recomputation after every step (the CI version is
customer_service_mgmt/tests/test_credit_exposure_random.py).  Runs in one transaction on the
test database and rolls it back; prints a table of operations, their count and mean time,
and the drift found.

    python3 -m csm_host odoo shell ...   (or)
    .venv/bin/python bench/bench_exposure_drift.py --steps 2000 --seed 7
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--steps', type=int, default=1000)
    parser.add_argument('--seed', type=int, default=12)
    parser.add_argument('--db', default=None, help='database (default: the test database)')
    args = parser.parse_args()

    from csm_host import compat, settings
    compat.apply()
    import odoo
    from odoo import SUPERUSER_ID, api
    conf = os.environ.get('CSM_ODOO_CONF') or str(settings.ROOT / '.csm' / 'odoo.conf')
    odoo.tools.config.parse_config(['-c', conf, '--log-level=warn'])
    db = args.db or settings.load()['test_db']
    from odoo.addons.customer_service_mgmt.tests.exposure_driver import ExposureDriver

    with api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
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
        cr.rollback()
    print('%-24s %8s %12s' % ('operation', 'count', 'mean ms'))
    for name, _weight in driver.OPERATIONS:
        count = driver.counts[name]
        print('%-24s %8d %12.1f' % (name, count, 1000 * driver.seconds[name] / count if count else 0))
    print('steps %d (seed %d) in %.1f s; steps with drift: %d' % (steps, args.seed, elapsed,
                                                                 len(drifts)))
    for step, done, drift in drifts[:10]:
        print('  step %d %s: %s' % (step, done, drift[:3]))
    return 1 if drifts else 0


if __name__ == '__main__':
    sys.exit(main())
