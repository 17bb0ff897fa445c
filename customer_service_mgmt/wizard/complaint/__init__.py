# -*- coding: utf-8 -*-
from . import cs_complaint_reopen
from . import cs_complaint_report_wizard
