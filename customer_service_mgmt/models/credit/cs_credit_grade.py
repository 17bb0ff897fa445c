# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsCreditGrade(models.Model):
    """A row of the grade table 资信等级 (AAA ... D): score range, meaning, limit factor."""
    _name = 'cs.credit.grade'
    _description = 'Credit Grade'
    _order = 'min_score desc'

    name = fields.Char(string='Grade', required=True, translate=False)
    meaning = fields.Text(translate=True)
    min_score = fields.Float(string='Minimum Score', required=True,
                             help='An evaluation scoring at least this (and below the next '
                                  'grade\'s minimum) gets this grade.')
    limit_factor = fields.Float(required=True, default=1.0,
                                help='Suggested limit = factor x average monthly invoiced sales '
                                     'of the last 12 months.')
    review_months = fields.Integer(string='Review Every (Months)', default=12, required=True)
    blocks_orders = fields.Boolean(help='Orders of customers with this grade go on credit hold.')
    active = fields.Boolean(default=True)

    _sql_constraints = [('name_uniq', 'unique (name)', 'Grade names must be unique.')]

    @api.constrains('min_score', 'limit_factor', 'review_months')
    def _check_values(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(_('The minimum score of grade %s must be between 0 and 100.')
                                      % grade.name)
            if grade.limit_factor < 0:
                raise ValidationError(_('The limit factor of grade %s cannot be negative.') % grade.name)
            if grade.review_months <= 0:
                raise ValidationError(_('The review interval of grade %s must be at least one month.')
                                      % grade.name)

    @api.model
    def for_score(self, score):
        """The grade whose range contains ``score`` (highest minimum not above it)."""
        return self.search([('min_score', '<=', score)], order='min_score desc', limit=1)
