# -*- coding: utf-8 -*-
from . import cs_service_xlsx_export
