"""Loaded with ``-p csm_host.pytest_plugin`` (pytest.ini) before entry-point plugins, so the
compat layer is in place when pytest-odoo imports odoo."""
from . import compat

compat.apply()
