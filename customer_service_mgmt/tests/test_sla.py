"""Response-time standards: deadlines in working hours, breach flags, escalation cron."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .complaint_common import TZ, ComplaintCase

# Friday 2030-01-04 15:00 in Shanghai (UTC+8): two working hours left that day
FRIDAY_3PM = '2030-01-04 07:00:00'


class SlaCase(ComplaintCase):

    def setUp(self):
        super(SlaCase, self).setUp()
        self.category = self.env['cs.complaint.category'].create({'name': 'SLA test category'})
        self.policy = self.env['cs.sla.policy'].create({
            'name': 'Test standard', 'res_model': 'cs.complaint',
            'category_ref': 'cs.complaint.category,%d' % self.category.id,
            'acknowledge_hours': 4, 'resolve_hours': 16, 'warning_hours': 2})

    def complaint(self, **values):
        values.setdefault('categ_id', self.category.id)
        values.setdefault('date_received', FRIDAY_3PM)
        return self.make_complaint(**values)

    def now(self, delta_minutes=0):
        return fields.Datetime.to_string(datetime.utcnow() + timedelta(minutes=delta_minutes))


class TestDeadlines(SlaCase):

    def test_working_hours_skip_the_weekend(self):
        complaint = self.complaint()
        self.assertEqual(complaint.sla_policy_id, self.policy)
        # Fri 15-17 (2 h) + Mon 08-10 (2 h) -> Mon 10:00 Shanghai
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-07 02:00:00')
        # warning 2 h before: after 2 working hours, i.e. Friday 17:00 (not Monday 08:00)
        self.assertEqual(complaint.sla_acknowledge_warn_date, '2030-01-04 09:00:00')
        # Fri 2 h + Mon 8 h + Tue 08-12, 13-15 -> Tue 15:00
        self.assertEqual(complaint.sla_resolve_deadline, '2030-01-08 07:00:00')
        self.assertEqual(complaint.sla_resolve_warn_date, '2030-01-08 04:00:00')
        self.assertEqual(complaint.sla_deadline, complaint.sla_acknowledge_deadline)
        self.assertFalse(complaint.sla_breached)

    def test_calendar_holiday_is_skipped(self):
        # Monday 2030-01-07 is a public holiday of the team's calendar
        self.env['resource.calendar.leaves'].create({
            'name': 'Public holiday', 'calendar_id': self.calendar.id, 'tz': TZ,
            'date_from': '2030-01-06 16:00:00', 'date_to': '2030-01-07 15:59:59'})
        complaint = self.complaint()
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-08 02:00:00')  # Tue 10:00
        self.assertEqual(complaint.sla_resolve_deadline, '2030-01-09 07:00:00')  # Wed 15:00

    def test_received_on_saturday_starts_monday_morning(self):
        complaint = self.complaint(date_received='2030-01-05 02:00:00')  # Sat 10:00
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-07 04:00:00')  # Mon 12:00

    def test_lunch_break_does_not_count(self):
        complaint = self.complaint(date_received='2030-01-07 03:00:00')  # Mon 11:00
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-07 08:00:00')  # Mon 16:00

    def test_team_timezone_is_used_whoever_creates(self):
        self.cs_user.tz = 'Europe/Paris'
        complaint = self.complaint(user=self.cs_user)
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-07 02:00:00')

    def test_most_specific_policy_and_priority_change(self):
        urgent = self.env['cs.sla.policy'].create({
            'name': 'Urgent test standard', 'res_model': 'cs.complaint', 'priority': '3',
            'category_ref': 'cs.complaint.category,%d' % self.category.id,
            'acknowledge_hours': 1, 'resolve_hours': 8, 'warning_hours': 0})
        complaint = self.complaint(priority='1')
        self.assertEqual(complaint.sla_policy_id, self.policy)
        complaint.priority = '3'
        self.assertEqual(complaint.sla_policy_id, urgent)
        self.assertEqual(complaint.sla_acknowledge_deadline, '2030-01-04 08:00:00')  # Fri 16:00
        self.assertFalse(complaint.sla_acknowledge_warn_date)
        self.assertEqual(complaint.sla_resolve_deadline, '2030-01-07 07:00:00')  # Mon 15:00

    def test_no_policy_no_deadline(self):
        self.policy.active = False
        self.env['cs.sla.policy'].search([('res_model', '=', 'cs.complaint')]).write({'active': False})
        complaint = self.complaint()
        self.assertFalse(complaint.sla_policy_id)
        self.assertFalse(complaint.sla_acknowledge_deadline)
        self.assertFalse(complaint.sla_deadline)

    def test_seeded_priority_standards(self):
        urgent = self.make_complaint(priority='3', date_received=FRIDAY_3PM)
        normal = self.make_complaint(priority='1', date_received=FRIDAY_3PM)
        self.assertEqual(urgent.sla_policy_id,
                         self.env.ref('customer_service_mgmt.sla_policy_complaint_urgent'))
        self.assertEqual(normal.sla_policy_id,
                         self.env.ref('customer_service_mgmt.sla_policy_complaint_normal'))
        self.assertLess(urgent.sla_resolve_deadline, normal.sla_resolve_deadline)


class TestReached(SlaCase):

    def test_acknowledging_in_time_stamps_without_breach(self):
        complaint = self.complaint(date_received=self.now())
        complaint.stage_id = self.stage('acknowledged')
        self.assertTrue(complaint.sla_acknowledge_reached)
        self.assertFalse(complaint.sla_acknowledge_breached)
        self.assertFalse(complaint.sla_resolve_reached)
        self.assertEqual(complaint.sla_deadline, complaint.sla_resolve_deadline)

    def test_late_acknowledgement_is_a_breach(self):
        complaint = self.complaint(date_received='2020-01-03 07:00:00')
        self.assertFalse(complaint.sla_breached, 'flagged by the cron or when met late')
        complaint.stage_id = self.stage('investigating')
        self.assertTrue(complaint.sla_acknowledge_breached)
        self.assertTrue(complaint.sla_breached)
        self.assertTrue(self.env['cs.complaint'].search([('id', '=', complaint.id),
                                                         ('sla_breached', '=', True)]))

    def test_resolving_meets_both_deadlines(self):
        complaint = self.complaint(date_received=self.now(), resolution='Doors replaced.')
        complaint.stage_id = self.stage('resolved')
        self.assertTrue(complaint.sla_acknowledge_reached)
        self.assertTrue(complaint.sla_resolve_reached)
        self.assertFalse(complaint.sla_deadline)

    def test_met_deadline_is_kept_when_priority_changes(self):
        complaint = self.complaint(date_received=self.now())
        complaint.stage_id = self.stage('acknowledged')
        deadline = complaint.sla_acknowledge_deadline
        self.env['cs.sla.policy'].create({
            'name': 'Urgent', 'res_model': 'cs.complaint', 'priority': '3',
            'acknowledge_hours': 1, 'resolve_hours': 2})
        complaint.priority = '3'
        self.assertEqual(complaint.sla_acknowledge_deadline, deadline)

    def test_reopening_restarts_the_resolution_deadline(self):
        complaint = self.complaint(date_received='2020-01-03 07:00:00', resolution='Repaired.',
                                   followup_decision='none')
        complaint.stage_id = self.stage('closed')
        self.assertTrue(complaint.sla_resolve_breached)
        self.env['cs.complaint.reopen'].create({
            'complaint_id': complaint.id, 'reason': 'The crack came back.'}).action_reopen()
        self.assertFalse(complaint.sla_resolve_reached)
        self.assertFalse(complaint.sla_resolve_breached)
        self.assertGreater(complaint.sla_resolve_deadline, self.now())
        self.assertTrue(complaint.sla_acknowledge_reached, 'the acknowledgement stays met')


class TestPolicyInput(SlaCase):

    def test_policy_without_hours_is_refused(self):
        with self.assertRaisesRegex(ValidationError, 'sets no deadline'):
            self.env['cs.sla.policy'].create({'name': 'Empty', 'res_model': 'cs.complaint'})

    def test_negative_hours_are_refused(self):
        with self.assertRaisesRegex(ValidationError, 'cannot be negative'):
            self.policy.resolve_hours = -1

    def test_category_must_be_a_category_of_the_document(self):
        with self.assertRaisesRegex(ValidationError, 'not a category'):
            self.env['cs.sla.policy'].create({
                'name': 'Wrong', 'res_model': 'cs.complaint', 'acknowledge_hours': 1,
                'category_ref': 'res.partner,%d' % self.customer.id})

    def test_models_under_the_standard(self):
        policies = self.env['cs.sla.policy']
        self.assertIn('cs.complaint', dict(policies._selection_sla_models()))
        self.assertIn('cs.complaint.category', dict(policies._selection_category_models()))


class TestEscalation(SlaCase):

    def escalation_mails(self, user):
        return self.env['mail.mail'].search([('recipient_ids', 'in', user.partner_id.id),
                                             ('subject', 'like', 'Response times')])

    def activities(self, complaint, user):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'cs.complaint'), ('res_id', '=', complaint.id),
            ('user_id', '=', user.id)])

    def test_warning_then_breach_once_each(self):
        complaint = self.complaint(date_received=self.now())
        met = self.complaint(date_received=self.now())
        met.stage_id = self.stage('acknowledged')
        (complaint | met).sudo().write({'sla_acknowledge_warn_date': self.now(-5),
                                        'sla_acknowledge_deadline': self.now(60)})
        cron = self.env['cs.sla.policy']
        cron._cron_escalate()
        self.assertTrue(complaint.sla_acknowledge_warned)
        self.assertFalse(complaint.sla_acknowledge_breached)
        self.assertEqual(len(self.activities(complaint, self.cs_manager)), 1)
        self.assertIn('warning', self.activities(complaint, self.cs_manager).summary)
        self.assertFalse(self.activities(met, self.cs_manager), 'a met deadline is not escalated')
        mails = self.escalation_mails(self.cs_manager)
        self.assertEqual(len(mails), 1)
        self.assertIn(complaint.name, mails.body_html)
        self.assertNotIn(met.name, mails.body_html)

        cron._cron_escalate()
        self.assertEqual(len(self.activities(complaint, self.cs_manager)), 1, 'no duplicate')
        self.assertEqual(len(self.escalation_mails(self.cs_manager)), 1, 'no duplicate')

        complaint.sudo().write({'sla_acknowledge_deadline': self.now(-1)})
        cron._cron_escalate()
        self.assertTrue(complaint.sla_acknowledge_breached)
        self.assertTrue(complaint.sla_breached)
        activities = self.activities(complaint, self.cs_manager)
        self.assertEqual(len(activities), 2)
        self.assertTrue(any('breached' in summary for summary in activities.mapped('summary')))
        self.assertEqual(len(self.escalation_mails(self.cs_manager)), 2)

        cron._cron_escalate()
        self.assertEqual(len(self.activities(complaint, self.cs_manager)), 2, 'no duplicate')
        self.assertEqual(len(self.escalation_mails(self.cs_manager)), 2, 'no duplicate')

    def test_breach_without_prior_warning_escalates_once(self):
        complaints = self.complaint(date_received='2020-01-03 07:00:00') | \
            self.complaint(date_received='2020-01-03 07:00:00')
        self.env['cs.sla.policy']._cron_escalate(batch_size=1)  # several batches
        for complaint in complaints:
            self.assertTrue(complaint.sla_acknowledge_breached)
            self.assertTrue(complaint.sla_resolve_breached)
            self.assertTrue(complaint.sla_acknowledge_warned, 'no late warning after the breach')
            self.assertEqual(len(self.activities(complaint, self.cs_manager)), 2)  # ack + resolve
        mails = self.escalation_mails(self.cs_manager)
        self.assertEqual(len(mails), 1, 'one mail per manager and run')
        self.assertIn('4 breached', mails.subject)

    def test_escalation_activity_is_a_complete_activity(self):
        complaint = self.complaint(date_received='2020-01-03 07:00:00')
        self.env['cs.sla.policy']._cron_escalate()
        activity = self.activities(complaint, self.cs_manager)[0]
        self.assertEqual(activity.res_name, complaint.name)
        self.assertEqual(activity.activity_type_id, self.env.ref('mail.mail_activity_data_todo'))
        self.assertEqual(activity.date_deadline, fields.Date.context_today(activity))
        self.assertIn(self.cs_manager.partner_id, complaint.message_partner_ids)
        self.assertEqual(complaint.activity_ids.sorted('id'), self.activities(complaint, self.cs_manager).sorted('id'))
        self.assertEqual(complaint.activity_date_deadline, activity.date_deadline)
        self.assertIn(complaint, self.env['cs.complaint'].sudo(self.cs_manager).search(
            [('activity_user_id', '=', self.cs_manager.id)]))

    def test_team_without_manager_escalates_to_a_cs_manager(self):
        self.team.manager_id = False
        complaint = self.complaint(date_received='2020-01-03 07:00:00')
        self.env['cs.sla.policy']._cron_escalate()
        fallback = self.env['cs.complaint']._sla_fallback_manager(self.company)
        self.assertTrue(fallback)
        self.assertTrue(self.activities(complaint, fallback))

    def test_closed_complaint_is_not_escalated(self):
        complaint = self.complaint(date_received='2020-01-03 07:00:00', resolution='Refunded.',
                                   followup_decision='none', stage_id=self.stage('closed').id)
        self.env['cs.sla.policy']._cron_escalate()
        self.assertFalse(self.activities(complaint, self.cs_manager))
