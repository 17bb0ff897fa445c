# -*- coding: utf-8 -*-
from . import cs_credit_ageing_report
from . import cs_complaint_daily_report
from . import cs_complaint_analysis
from . import cs_service_report
from . import cs_service_kpi_report
