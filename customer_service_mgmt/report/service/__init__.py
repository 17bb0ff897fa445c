# -*- coding: utf-8 -*-
from . import cs_service_report
from . import cs_service_kpi_report
