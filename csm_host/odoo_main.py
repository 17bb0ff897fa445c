"""``python -m csm_host.odoo_main ARGS``: Odoo's own command line with the compat layer applied.

Used for the server (its prefork workers inherit the patches), ``-i``/``-u`` runs and
host test suites (``--test-enable``).
"""
import sys

from . import compat

if __name__ == '__main__':
    compat.apply()
    import odoo.cli
    sys.argv[0] = 'odoo'
    odoo.cli.main()
