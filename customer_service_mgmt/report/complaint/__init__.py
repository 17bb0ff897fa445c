# -*- coding: utf-8 -*-
from . import cs_complaint_daily_report
from . import cs_complaint_analysis
