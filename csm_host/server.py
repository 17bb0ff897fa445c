"""Odoo servers started as child processes: the HTTP test fixtures (``tests/conftest.py``)
and the load benchmark (``bench/bench_credit_load.py``) start them the same way."""
import socket
import subprocess
import sys
import time
import urllib.request

from . import settings


def free_port():
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def start(conf, db, *odoo_args, port=None, longpolling_port=None, log=None, timeout=180):
    """Start ``csm_host.odoo_main`` serving only ``db`` on 127.0.0.1 (no cron threads) with
    the extra ``odoo_args`` (e.g. ``--workers 2``); return (process, base URL) once its login
    page answers (the port opens before the registry is loaded).  Ports default to free
    ones; ``log``: a file for its output (default: this process' output)."""
    from .cli import Host
    port = port or free_port()
    command = [sys.executable, '-m', 'csm_host.odoo_main', '-c', str(conf), '-d', db,
               '--db-filter', '^%s$' % db, '--http-port', str(port),
               '--http-interface', '127.0.0.1',
               '--longpolling-port', str(longpolling_port or free_port()),
               '--max-cron-threads', '0', '--log-level', 'warn'] + list(odoo_args)
    process = subprocess.Popen(command, cwd=str(settings.ROOT), stdout=log, stderr=log,
                               env=Host().odoo_env())   # lessc on PATH for the assets
    process.http_port = port
    url = 'http://127.0.0.1:%d' % port
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + '/web/login', timeout=30)
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError('Odoo server on port %d exited with %s'
                                   % (port, process.returncode))
            time.sleep(0.5)
    stop(process)
    raise RuntimeError('Odoo server did not answer on %s' % url)


def stop(process):
    """Terminate the server (SIGTERM: Odoo's graceful shutdown), kill it when it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
