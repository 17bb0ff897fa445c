# -*- coding: utf-8 -*-
from . import cs_credit_hold_notice
from . import cs_credit_decision_wizard
from . import cs_credit_xlsx_export
