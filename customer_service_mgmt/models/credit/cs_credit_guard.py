# -*- coding: utf-8 -*-
"""Who may change a sale order's status, confirmation date and credit hold fields.

Only the host's own transitions (confirm through the credit policy, cancel, set to
quotation, lock, unlock) and the credit policy itself.  They open an *allowance* for the
orders they handle, kept on the database cursor for the duration of the call: a write of
those fields outside an allowance (RPC, import, server action, another module's ``write``)
is refused.  Nothing in the context or the user's rights opens one.
"""
import contextlib
import logging

_logger = logging.getLogger(__name__)


def _allowances(cr):
    allowed = getattr(cr, '_cs_order_allowances', None)
    if allowed is None:
        allowed = cr._cs_order_allowances = set()
    return allowed


@contextlib.contextmanager
def allow(orders):
    """Let the code inside change the guarded fields of ``orders`` (sale.order)."""
    allowed = _allowances(orders.env.cr)
    added = set(orders.ids) - allowed
    allowed.update(added)
    try:
        yield
    finally:
        allowed.difference_update(added)


def allowed(orders):
    """Whether every order of ``orders`` is inside an allowance."""
    return set(orders.ids) <= _allowances(orders.env.cr)


def record_attempt(env, model, ids, field_names):
    """Keep a refused attempt in the server log table (ir.logging), in a transaction of its
    own: the refusal rolls back the caller's transaction, the trace must survive it."""
    message = 'refused: user %s (uid %s) tried to set %s on %s %s' % (
        env.user.login, env.uid, ', '.join(sorted(field_names)), model, list(ids))
    _logger.warning('credit guard %s', message)
    try:
        with env.registry.cursor() as cr:
            cr.execute("""INSERT INTO ir_logging (create_date, create_uid, name, type, dbname,
                                                  level, message, path, func, line)
                          VALUES (now() at time zone 'UTC', %s, %s, 'server', %s, 'WARNING',
                                  %s, %s, %s, '0')""",
                       (env.uid, 'customer_service_mgmt.credit_guard', cr.dbname, message,
                        model, 'write'))
    except Exception:  # the trace must never hide the refusal itself
        _logger.exception('credit guard: could not record the refused attempt')
