# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CsCreditTemplateBand(models.Model):
    """A described score band of an item (e.g. "paid on time for 3 years: 9-10")."""
    _name = 'cs.credit.template.band'
    _description = 'Credit Score Band'
    _order = 'score_to desc'

    item_id = fields.Many2one('cs.credit.template.item', required=True,
                              ondelete='cascade')
    name = fields.Char(string='Description', required=True, translate=True)
    score_from = fields.Float(string='From', required=True)
    score_to = fields.Float(string='To', required=True)

    @api.constrains('score_from', 'score_to')
    def _check_range(self):
        for band in self:
            if not 0 <= band.score_from <= band.score_to <= band.item_id.max_score:
                raise ValidationError(
                    _('Band "%(band)s" must lie between 0 and the item maximum %(max)s, from below '
                      'to above.') % {'band': band.name, 'max': band.item_id.max_score})
