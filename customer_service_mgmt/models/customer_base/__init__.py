# -*- coding: utf-8 -*-
from . import res_company_customer_base
from . import res_config_settings_customer_base
from . import cs_partner_region
from . import cs_customer_segment
from . import cs_abc_history
from . import res_partner_customer_base
from . import cs_interaction
from . import cs_winback_step
