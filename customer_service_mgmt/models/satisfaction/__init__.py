# -*- coding: utf-8 -*-
from . import cs_satisfaction_dimension
from . import survey_question_satisfaction
from . import survey_survey_satisfaction
from . import res_company_satisfaction
from . import res_config_settings_satisfaction
from . import cs_satisfaction_campaign
from . import survey_user_input_satisfaction
from . import cs_satisfaction_response
from . import cs_satisfaction_response_line
from . import cs_satisfaction_scorer
from . import cs_satisfaction_survey_mixin
from . import cs_complaint_satisfaction
from . import res_partner_satisfaction
from . import cs_service_request_satisfaction
