# -*- coding: utf-8 -*-
from odoo import api, fields, models


class CsActivityScheduler(models.AbstractModel):
    """Deduplicated to-do activities, shared by the credit policy and the SLA escalation.

    A cron that runs again, or a check repeated on the same record, must not pile up
    identical activities: one open activity per record, user and summary.
    """
    _name = 'cs.activity.scheduler'
    _description = 'Activity Scheduler'

    @api.model
    def schedule_activities(self, records, user, summary, note):
        """To-do activity for ``user`` on each of ``records`` (one model) that has no open
        activity with this summary yet; returns the activities created."""
        # sudo: whoever triggers the check (e.g. a salesman) may not assign activities to
        # other users, and must not read their existing activities
        activities = self.env['mail.activity'].sudo()
        if not records:
            return activities
        model = self.env['ir.model'].sudo()._get(records._name)
        existing = set(activities.search([
            ('res_model_id', '=', model.id), ('res_id', 'in', records.ids),
            ('user_id', '=', user.id), ('summary', '=', summary)]).mapped('res_id'))
        todo = self.env.ref('mail.mail_activity_data_todo').id
        today = fields.Date.context_today(self)
        for record in records.filtered(lambda r: r.id not in existing):
            activities |= activities.create({
                'res_model_id': model.id, 'res_id': record.id, 'user_id': user.id,
                'activity_type_id': todo, 'summary': summary, 'note': note,
                'date_deadline': today,
            })
        return activities
