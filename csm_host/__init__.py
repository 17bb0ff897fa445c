"""Host runtime of customer_service_mgmt: runs Odoo 11.0 on Python 3.11.

Only the standard library may be imported at package level: ``python3 -m csm_host``
must work before the project's virtual environment exists (see ``bootstrap``).
"""
