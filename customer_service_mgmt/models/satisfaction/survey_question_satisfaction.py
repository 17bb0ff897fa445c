# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# question types whose answers the satisfaction index can score (see cs.satisfaction.scorer)
SCORED_TYPES = ('simple_choice', 'multiple_choice', 'matrix', 'numerical_box')


class SurveyQuestion(models.Model):
    _inherit = 'survey.question'

    cs_dimension_id = fields.Many2one('cs.satisfaction.dimension', string='Satisfaction Dimension',
                                      ondelete='restrict',
                                      help='What this question measures; its score counts in the '
                                           'dimension\'s satisfaction index.')
    cs_weight = fields.Float(string='Weight in CSI', default=1.0,
                             help='Weight of this question in the satisfaction index (CSI) of a '
                                  'satisfaction survey; 0 leaves it out. Choice answers are scored '
                                  'by their score (or their position when all scores are equal), '
                                  'numerical answers between the validation minimum and maximum.')
    cs_is_nps = fields.Boolean(string='Recommendation Question (NPS)',
                               help='The 0-10 "how likely are you to recommend us" question: its '
                                    'answer gives the Net Promoter Score (9-10 promoters, 0-6 '
                                    'detractors).')

    @api.constrains('cs_weight', 'type', 'cs_is_nps', 'validation_required',
                    'validation_min_float_value', 'validation_max_float_value', 'page_id')
    def _check_cs_scoring(self):
        for question in self:
            if question.cs_weight < 0:
                raise ValidationError(_('The weight of question "%s" cannot be negative.')
                                      % question.question)
            if (question.cs_weight or question.cs_is_nps) and question.survey_id.cs_satisfaction:
                if question.type not in SCORED_TYPES:
                    raise ValidationError(_('Question "%s" cannot be scored: only choice, matrix '
                                            'and numerical questions carry a weight or the NPS.')
                                          % question.question)
                if question.type == 'numerical_box' and not (
                        question.validation_required and
                        question.validation_max_float_value > question.validation_min_float_value):
                    raise ValidationError(_('Numerical question "%s" is scored: validate its '
                                            'entry with a minimum below the maximum, the score '
                                            'runs between them.') % question.question)
        self.mapped('survey_id')._check_cs_weights()
