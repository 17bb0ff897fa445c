# -*- coding: utf-8 -*-
from . import cs_credit_ageing_report
