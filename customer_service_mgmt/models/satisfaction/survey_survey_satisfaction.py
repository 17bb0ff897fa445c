# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .survey_question_satisfaction import SCORED_TYPES


class SurveySurvey(models.Model):
    _inherit = 'survey.survey'

    cs_satisfaction = fields.Boolean(string='Satisfaction Survey',
                                     help='Completed answers are scored (CSI, NPS, CSAT) and can '
                                          'open a follow-up.')

    @api.constrains('cs_satisfaction')
    def _check_cs_weights(self):
        """A satisfaction survey with scored questions needs a positive weight on one of them:
        all-zero weights would give an index of nothing."""
        for survey in self.filtered('cs_satisfaction'):
            questions = survey.mapped('page_ids.question_ids').filtered(
                lambda q: q.type in SCORED_TYPES and not q.cs_is_nps)
            if questions and not any(q.cs_weight > 0 for q in questions):
                raise ValidationError(_('Survey "%s": give at least one question a weight above '
                                        '0, otherwise no satisfaction index can be computed.')
                                      % survey.title)
