# -*- coding: utf-8 -*-
from odoo import api, fields, models
from odoo.tools import plaintext2html


class CsActivityScheduler(models.AbstractModel):
    """Deduplicated to-do activities, shared by the credit policy and the SLA escalation.

    A cron that runs again, or a check repeated on the same record, must not pile up
    identical activities: one open activity per record, user and summary.

    The activities are inserted in SQL, a few statements per call whatever the number of
    records: ``mail.activity.create`` costs some forty queries per record (defaults, the
    document's name, subscribing the assignee through a write on the document), too slow
    for an escalation run over thousands of documents.  The effects are those of the ORM
    create: the activity rows with their stored document name, the assignee following the
    documents, the documents' next activity deadline, the assignee's notification.
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
        todo = records.filtered(lambda record: record.id not in existing).sudo()
        if not todo:
            return activities
        self._subscribe(todo, user.partner_id)
        names = dict(todo.name_get())
        self.env.cr.execute("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                       summary, note, date_deadline, user_id,
                                       create_uid, create_date, write_uid, write_date)
            SELECT %(model_id)s, %(model)s, doc.id, doc.name, %(type_id)s, %(summary)s, %(note)s,
                   %(deadline)s, %(user_id)s, %(uid)s, now() at time zone 'UTC', %(uid)s,
                   now() at time zone 'UTC'
            FROM unnest(%(ids)s, %(names)s) AS doc(id, name)
            RETURNING id""", {
            'model_id': model.id, 'model': records._name,
            'type_id': self.env.ref('mail.mail_activity_data_todo').id,
            'summary': summary, 'note': plaintext2html(note or ''),
            'deadline': fields.Date.context_today(self), 'user_id': user.id, 'uid': self.env.uid,
            'ids': todo.ids, 'names': [names[record.id] for record in todo],
        })
        created = activities.browse([row[0] for row in self.env.cr.fetchall()])
        if 'activity_ids' in todo._fields:
            todo.invalidate_cache(['activity_ids'])
            todo.modified(['activity_ids'])
            todo.recompute()
        self.env['bus.bus'].sendone((self.env.cr.dbname, 'res.partner', user.partner_id.id),
                                    {'type': 'activity_updated', 'activity_created': True})
        return created

    def _subscribe(self, records, partner):
        """``partner`` follows ``records`` with the model's default subtypes."""
        subtypes = self.env['mail.message.subtype'].default_subtypes(records._name)[0]
        self.env.cr.execute("""
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT %s, unnest(%s), %s
            ON CONFLICT DO NOTHING
            RETURNING id""", (records._name, records.ids, partner.id))
        followers = [row[0] for row in self.env.cr.fetchall()]
        if followers and subtypes:
            self.env.cr.execute("""
                INSERT INTO mail_followers_mail_message_subtype_rel
                    (mail_followers_id, mail_message_subtype_id)
                SELECT follower, subtype FROM unnest(%s) follower, unnest(%s) subtype""",
                                (followers, subtypes.ids))
        if 'message_follower_ids' in records._fields:
            records.invalidate_cache(['message_follower_ids', 'message_partner_ids'])
