# -*- coding: utf-8 -*-
from . import cs_credit_hold_notice
from . import cs_credit_decision_wizard
from . import cs_credit_xlsx_export
from . import cs_complaint_reopen
from . import cs_complaint_report_wizard
from . import cs_service_xlsx_export
from . import cs_satisfaction_xlsx_export
from . import cs_customer_xlsx_export
