# -*- coding: utf-8 -*-
from . import cs_customer_xlsx_export
