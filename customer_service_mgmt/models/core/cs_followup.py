# -*- coding: utf-8 -*-
"""What the documents' follow-up visits 回访 share."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# the customer's satisfaction as recorded at the follow-up visit
RATINGS = [('1', 'Very Dissatisfied'), ('2', 'Dissatisfied'), ('3', 'Neutral'),
           ('4', 'Satisfied'), ('5', 'Very Satisfied')]


class CsFollowupMixin(models.AbstractModel):
    """Follow-up visit 回访 of a closed document (complaint, service request): the
    customer's satisfaction is recorded after closing, then the follow-up is marked done,
    which closes the follow-up activity with the rating as feedback.

    The document gives its reference in ``name``, its stage in ``stage_id`` (a stage with
    an ``is_closed`` flag) and inherits ``mail.activity.mixin``; ``_followup_activity_texts``
    names its follow-up activity.
    """
    _name = 'cs.followup.mixin'
    _description = 'Follow-up Visit'

    followup_rating = fields.Selection(RATINGS, string='Satisfaction',
                                       help='The customer\'s satisfaction, asked at the '
                                            'follow-up visit after closing.')
    followup_note = fields.Text(string='Follow-up Notes')
    followup_done_date = fields.Datetime(string='Followed Up On', readonly=True, copy=False)

    def _followup_document(self):
        """The document's kind and reference, for messages."""
        # ir.model._get is sudo: the model's name in the user's language, nothing else
        return {'document': self.env['ir.model']._get(self._name).name,
                'reference': self.name}

    def _followup_not_closed_message(self):
        return _('%(document)s %(reference)s is not closed: the follow-up visit and its '
                 'rating come after closing.') % self._followup_document()

    @api.constrains('followup_rating', 'stage_id')
    def _check_followup_after_closing(self):
        for document in self:
            if document.followup_rating and not document.stage_id.is_closed:
                raise ValidationError(document._followup_not_closed_message())

    def _followup_activity_texts(self):
        """(summary of the follow-up activity, feedback with the rating as ``%s``)."""
        return _('Follow-up visit'), _('Satisfaction: %s')

    def _followup_done_values(self):
        return {'followup_done_date': fields.Datetime.now()}

    def _followup_reset_values(self):
        """What reopening clears: the follow-up belonged to the closing that is undone."""
        return {'followup_rating': False, 'followup_done_date': False}

    @api.multi
    def action_followup_done(self):
        """Record the follow-up 回访 of closed documents with the customer's rating."""
        for document in self:
            if not document.stage_id.is_closed:
                raise UserError(document._followup_not_closed_message())
            if not document.followup_rating:
                raise UserError(_('%(document)s %(reference)s: record the customer\'s '
                                  'satisfaction before marking the follow-up done.')
                                % document._followup_document())
        self.write(self._followup_done_values())
        ratings = dict(self._fields['followup_rating']._description_selection(self.env))
        summary, feedback = self._followup_activity_texts()
        for document in self:
            document.activity_ids.filtered(lambda a: a.summary == summary).action_feedback(
                feedback % ratings[document.followup_rating])
        return True
