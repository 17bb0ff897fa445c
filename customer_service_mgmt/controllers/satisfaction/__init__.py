# -*- coding: utf-8 -*-
from . import survey_satisfaction
