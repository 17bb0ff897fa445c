# -*- coding: utf-8 -*-
from psycopg2 import sql

from odoo import api, fields, models, tools

# One SELECT per source document (complaints, after-sales service requests), all with the
# columns of the view, joined by UNION ALL. Another source adds its SELECT by overriding
# ``_kpi_sources`` (super() + one string) and its key to ``source`` through ``selection_add``.
#
# Per row: 1 handled document; closed / resolved 0-1; response and resolution hours
# (calendar hours from reception, NULL while not reached); the SLA compliance columns of
# cs.sla.report.mixin ({sla}: deadlines due and met, compliance of a group = summed met /
# summed due); followup_rate 100 / 0 when a follow-up was planned (NULL otherwise);
# satisfaction 0-100 when the customer rated.  The other rates are averages (AVG skips the
# NULLs), so grouping by person or team gives the rate over the documents where it applies.
COMPLAINT_KPI_SQL = """
    SELECT 'complaint' AS source, c.id AS res_id, c.company_id, c.team_id,
           NULL::integer AS outlet_id, c.user_id, c.partner_id, c.date_received AS date,
           1 AS handled,
           CASE WHEN s.is_closed THEN 1 ELSE 0 END AS closed,
           CASE WHEN (s.is_resolved OR s.is_closed) AND NOT s.is_rejected
                THEN 100.0 ELSE 0.0 END AS resolution_rate,
           EXTRACT(EPOCH FROM c.sla_acknowledge_reached - c.date_received) / 3600.0
               AS response_hours,
           EXTRACT(EPOCH FROM COALESCE(c.sla_resolve_reached, c.date_closed) - c.date_received)
               / 3600.0 AS resolution_hours,
           {sla},
           CASE WHEN c.followup_decision = 'planned'
                THEN CASE WHEN c.followup_done_date IS NOT NULL THEN 100.0 ELSE 0.0 END
           END AS followup_rate,
           (c.followup_rating::int - 1) * 25.0 AS satisfaction
    FROM cs_complaint c
    JOIN cs_complaint_process_stage s ON s.id = c.stage_id
"""

# service requests: the outlet is their team, the technician their person; every closed
# request gets its follow-up visit (回访)
SERVICE_REQUEST_KPI_SQL = """
    SELECT 'service_request' AS source, r.id AS res_id, r.company_id, NULL::integer AS team_id,
           r.outlet_id, r.user_id, r.partner_id, r.date_request AS date,
           1 AS handled,
           CASE WHEN s.is_closed THEN 1 ELSE 0 END AS closed,
           CASE WHEN s.is_resolved OR s.is_closed THEN 100.0 ELSE 0.0 END AS resolution_rate,
           EXTRACT(EPOCH FROM r.sla_acknowledge_reached - r.date_request) / 3600.0
               AS response_hours,
           EXTRACT(EPOCH FROM COALESCE(r.sla_resolve_reached, r.date_done) - r.date_request)
               / 3600.0 AS resolution_hours,
           {sla},
           CASE WHEN s.is_closed
                THEN CASE WHEN r.followup_done_date IS NOT NULL THEN 100.0 ELSE 0.0 END
           END AS followup_rate,
           (r.followup_rating::int - 1) * 25.0 AS satisfaction
    FROM cs_service_request r
    JOIN cs_service_stage s ON s.id = r.stage_id
"""


class CsServiceKpiReport(models.Model):
    """Service KPIs 客服部关键绩效考核指标 per person and team, over every service document
    (complaints and after-sales service requests)."""
    _name = 'cs.service.kpi.report'
    _inherit = ['cs.sla.report.mixin']
    _description = 'Customer Service KPIs'
    _auto = False
    _order = 'date desc'
    _rec_name = 'date'

    source = fields.Selection([('complaint', 'Complaint'), ('service_request', 'Service Request')],
                              readonly=True)
    res_id = fields.Integer(string='Document ID', readonly=True, group_operator=False)
    company_id = fields.Many2one('res.company', readonly=True)
    team_id = fields.Many2one('cs.team', readonly=True)
    outlet_id = fields.Many2one('cs.service.outlet', string='Service Outlet', readonly=True)
    user_id = fields.Many2one('res.users', string='Responsible', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    date = fields.Datetime(string='Received On', readonly=True)
    handled = fields.Integer(readonly=True)
    closed = fields.Integer(readonly=True)
    resolution_rate = fields.Float(string='Resolution Rate (%)', readonly=True,
                                   group_operator='avg',
                                   help='Share of the documents resolved (rejections excluded).')
    response_hours = fields.Float(string='Average Response Time (Hours)', readonly=True,
                                  group_operator='avg',
                                  help='Hours from reception to acknowledgement.')
    resolution_hours = fields.Float(string='Average Resolution Time (Hours)', readonly=True,
                                    group_operator='avg',
                                    help='Hours from reception to resolution.')
    followup_rate = fields.Float(string='Follow-up Rate (%)', readonly=True, group_operator='avg',
                                 help='Share of the planned follow-ups (回访) that were done.')
    satisfaction = fields.Float(string='Satisfaction Index', readonly=True, group_operator='avg',
                                help='Customer ratings on a 0-100 scale (very dissatisfied = 0, '
                                     'very satisfied = 100).')

    @api.model
    def _kpi_sources(self):
        """The SELECT of each source document (same columns, in the same order)."""
        return [COMPLAINT_KPI_SQL.format(sla=self._sla_columns_sql(
                    *self.env['cs.complaint']._sla_counts_sql('c'))),
                SERVICE_REQUEST_KPI_SQL.format(sla=self._sla_columns_sql(
                    *self.env['cs.service.request']._sla_counts_sql('r')))]

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(sql.SQL("""
            CREATE VIEW cs_service_kpi_report AS
            SELECT ROW_NUMBER() OVER (ORDER BY kpi.source, kpi.res_id) AS id, kpi.*
            FROM ({}) kpi""").format(sql.SQL('\nUNION ALL\n').join(
                sql.SQL(source) for source in self._kpi_sources())).as_string(self.env.cr._obj))
