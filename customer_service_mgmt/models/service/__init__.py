# -*- coding: utf-8 -*-
from . import product_template_service
from . import cs_service_type
from . import cs_service_region
from . import cs_service_outlet
from . import cs_service_stage
from . import cs_sla_policy_region
from . import cs_service_warranty
from . import cs_service_request
from . import mrp_repair_service
from . import stock_picking_service
from . import account_invoice_service
from . import stock_production_lot_service
from . import res_partner_service
