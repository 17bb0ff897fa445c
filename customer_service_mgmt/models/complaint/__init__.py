# -*- coding: utf-8 -*-
from . import account_invoice_complaint
from . import cs_complaint_category
from . import cs_complaint_process_stage
from . import cs_complaint
from . import res_partner_complaint
from . import sale_order_complaint
