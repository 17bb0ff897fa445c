# -*- coding: utf-8 -*-
from . import cs_complaint_portal
from . import cs_service_portal
from . import survey
