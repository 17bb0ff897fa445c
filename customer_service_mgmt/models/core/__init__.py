# -*- coding: utf-8 -*-
from . import cs_activity_scheduler
from . import cs_team_mixin
from . import cs_customer_document
from . import cs_followup
from . import cs_team
from . import cs_sla_policy
from . import cs_sla_mixin
from . import cs_salesperson_mixin
from . import cs_xlsx_export_mixin
