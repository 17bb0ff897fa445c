# -*- coding: utf-8 -*-
from . import cs_complaint_portal
