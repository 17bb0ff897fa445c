# -*- coding: utf-8 -*-
from . import cs_satisfaction_xlsx_export
