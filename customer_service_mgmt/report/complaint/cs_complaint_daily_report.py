# -*- coding: utf-8 -*-
from odoo import api, fields, models, tools


class CsComplaintDailyReport(models.Model):
    """Daily complaint report 客户投诉处理日报表: one row per day and complaint that the day
    touched (received that day, closed that day, or still open at the end of it), with 0/1
    measures, so that summing a day's rows by category or team gives its figures.

    Days are the company's (time zone of the company's address, UTC without one).  "Open at
    the end of the day" uses the complaint's reception and closing dates: a complaint
    reopened and closed again counts as open from its reception to its last closing.
    "Overdue" is an open complaint with an acknowledgement or resolution deadline passed at
    the end of the day and not met by then; for the current day, "end of the day" is now.

    The view is a plain join (no grouping, no window function): a filter on the day goes
    down to the join, so a day's figures read only the complaints open at some point that
    day, through the indexes created below.
    """
    _name = 'cs.complaint.daily.report'
    _description = 'Daily Complaint Report'
    _auto = False
    _order = 'day desc, complaint_id desc'

    day = fields.Date(readonly=True)
    complaint_id = fields.Many2one('cs.complaint', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    categ_id = fields.Many2one('cs.complaint.category', string='Category', readonly=True)
    team_id = fields.Many2one('cs.team', readonly=True)
    user_id = fields.Many2one('res.users', string='Responsible', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    priority = fields.Selection(related='complaint_id.priority', string='Priority',
                                readonly=True)
    stage_id = fields.Many2one('cs.complaint.process.stage', string='Current Stage',
                               readonly=True)
    received_count = fields.Integer(string='Received', readonly=True,
                                    help='Complaints received that day.')
    closed_count = fields.Integer(string='Closed', readonly=True,
                                  help='Complaints closed (or rejected) that day.')
    open_count = fields.Integer(string='Open at End of Day', readonly=True,
                                help='Complaints received by the end of the day and not closed '
                                     'then.')
    overdue_count = fields.Integer(string='Overdue at End of Day', readonly=True,
                                   help='Complaints open at the end of the day whose '
                                        'acknowledgement or resolution deadline had passed '
                                        'without being met.')

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # Odoo's name for index=True: a later index=True on the field finds it in place
        tools.create_index(cr, 'cs_complaint_date_received_index', 'cs_complaint',
                           ['date_received'])
        # "not closed before the day's start" as one indexable range condition: a day reads
        # only the complaints open at some point of it, not all those received before
        tools.create_index(cr, 'cs_complaint_open_until_index', 'cs_complaint',
                           ["(COALESCE(date_closed, 'infinity'::timestamp))"])
        tools.drop_view_if_exists(cr, self._table)
        cr.execute("""
            CREATE VIEW cs_complaint_daily_report AS
            SELECT ((c.id::bigint << 20) | (d.day - DATE '2000-01-01')) AS id,
                   d.day, c.id AS complaint_id, c.company_id, c.categ_id, c.team_id, c.user_id,
                   c.partner_id, c.stage_id,
                   (c.date_received >= b.day_start)::int AS received_count,
                   (c.date_closed < b.day_end)::int AS closed_count,
                   (c.date_closed IS NULL OR c.date_closed >= b.cutoff)::int AS open_count,
                   ((c.date_closed IS NULL OR c.date_closed >= b.cutoff) AND (
                        (c.sla_acknowledge_deadline < b.cutoff AND (
                             c.sla_acknowledge_reached IS NULL
                             OR c.sla_acknowledge_reached >= b.cutoff))
                     OR (c.sla_resolve_deadline < b.cutoff AND (
                             c.sla_resolve_reached IS NULL
                             OR c.sla_resolve_reached >= b.cutoff))))::int
                       AS overdue_count
            FROM res_company co
            JOIN res_partner cp ON cp.id = co.partner_id
            CROSS JOIN LATERAL generate_series(
                (SELECT min(date_received) FROM cs_complaint)::date,
                (now() AT TIME ZONE COALESCE(cp.tz, 'UTC'))::date,
                interval '1 day') AS g(day)
            CROSS JOIN LATERAL (SELECT g.day::date AS day) d
            -- the day's first and last moments in the company's time zone, as naive UTC
            CROSS JOIN LATERAL (
                SELECT (d.day::timestamp AT TIME ZONE COALESCE(cp.tz, 'UTC')) AT TIME ZONE 'UTC'
                           AS day_start,
                       ((d.day + 1)::timestamp AT TIME ZONE COALESCE(cp.tz, 'UTC')) AT TIME ZONE 'UTC'
                           AS day_end,
                       LEAST(((d.day + 1)::timestamp AT TIME ZONE COALESCE(cp.tz, 'UTC'))
                             AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') AS cutoff) b
            JOIN cs_complaint c ON c.company_id = co.id
                               AND c.date_received < b.day_end
                               AND COALESCE(c.date_closed, 'infinity') >= b.day_start
        """)
