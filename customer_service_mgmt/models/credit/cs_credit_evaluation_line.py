# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CsCreditEvaluationLine(models.Model):
    _name = 'cs.credit.evaluation.line'
    _description = 'Credit Evaluation Score'
    _order = 'sequence, id'

    evaluation_id = fields.Many2one('cs.credit.evaluation', required=True,
                                    ondelete='cascade')
    item_id = fields.Many2one('cs.credit.template.item', required=True,
                              ondelete='restrict')
    sequence = fields.Integer(related='item_id.sequence', store=True, readonly=True)
    dimension = fields.Selection(related='item_id.dimension', readonly=True, store=True)
    weight = fields.Float(related='item_id.weight', readonly=True)
    max_score = fields.Float(related='item_id.max_score', readonly=True)
    band_id = fields.Many2one('cs.credit.template.band',
                              domain="[('item_id', '=', item_id)]")
    score = fields.Float(required=True, default=0.0)
    comment = fields.Char(string='Evidence')

    def _check_draft(self):
        """Scores are the evidence of a decision: frozen once the evaluation is submitted."""
        for evaluation in self.mapped('evaluation_id'):
            if evaluation.state != 'draft':
                raise UserError(_('The scores of evaluation %s can only be changed while it is '
                                  'a draft.') % evaluation.name)

    @api.model
    def create(self, vals):
        line = super(CsCreditEvaluationLine, self).create(vals)
        line._check_draft()
        return line

    @api.multi
    def write(self, vals):
        self._check_draft()
        return super(CsCreditEvaluationLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_draft()
        return super(CsCreditEvaluationLine, self).unlink()

    @api.onchange('band_id')
    def _onchange_band_id(self):
        if self.band_id:
            self.score = self.band_id.score_to

    @api.constrains('score', 'band_id')
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= line.item_id.max_score:
                raise ValidationError(_('The score of "%(item)s" must be between 0 and %(max)s.')
                                      % {'item': line.item_id.name, 'max': line.item_id.max_score})
            band = line.band_id
            if band and not band.score_from <= line.score <= band.score_to:
                raise ValidationError(_('The score of "%(item)s" is outside its band "%(band)s" '
                                        '(%(from)s-%(to)s).')
                                      % {'item': line.item_id.name, 'band': band.name,
                                         'from': band.score_from, 'to': band.score_to})
