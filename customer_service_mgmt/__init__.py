# -*- coding: utf-8 -*-
from . import controllers
from . import models
from . import report
from . import wizard


def uninstall_hook(cr, registry):
    """Drop what the credit exposure keeps outside the ORM (triggers on the host's
    invoices, journal items, order lines and partners, their functions, the due-date table
    and index): left behind, the triggers would break invoicing without the add-on."""
    from .models.credit.cs_credit_exposure import drop_database_objects
    drop_database_objects(cr)
