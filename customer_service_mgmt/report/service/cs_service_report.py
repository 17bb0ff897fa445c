# -*- coding: utf-8 -*-
from odoo import api, fields, models, tools

from ...models.service.cs_service_type import SERVICE_KINDS
from ...models.service.cs_service_warranty import WARRANTY_STATES


class CsServiceReport(models.Model):
    """After-sales service KPIs 售后服务指标, one row per request.

    The rates are 100/0 per request and NULL where they do not apply, so that the
    average (the pivot's aggregate) is the rate: on-time response among the answered
    requests, first-time fix among the resolved ones (one visit at most, never reopened),
    repeat repair among the repairs with a serial number (flagged on the request: a
    repair of the same serial in the 90 days before).  Resolution hours run from the
    request to its resolution.  A plain projection of the requests, so that the filters
    of the pivot and the export reach the indexes."""
    _name = 'cs.service.report'
    _description = 'After-Sales Service Analysis'
    _auto = False
    _order = 'date_request desc'

    request_id = fields.Many2one('cs.service.request', string='Service Request', readonly=True)
    date_request = fields.Datetime(string='Requested On', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    lot_id = fields.Many2one('stock.production.lot', string='Serial Number', readonly=True)
    type_id = fields.Many2one('cs.service.type', string='Service Type', readonly=True)
    kind = fields.Selection(SERVICE_KINDS, readonly=True)
    outlet_id = fields.Many2one('cs.service.outlet', string='Service Outlet', readonly=True)
    region_id = fields.Many2one('cs.service.region', readonly=True)
    user_id = fields.Many2one('res.users', string='Technician', readonly=True)
    stage_id = fields.Many2one('cs.service.stage', readonly=True)
    warranty_state = fields.Selection(WARRANTY_STATES, string='Warranty', readonly=True)
    request_count = fields.Integer(string='Requests', readonly=True)
    resolved_count = fields.Integer(string='Resolved', readonly=True)
    ontime_response_rate = fields.Float(string='On-time Response (%)', readonly=True,
                                        group_operator='avg')
    first_fix_rate = fields.Float(string='First-time Fix (%)', readonly=True,
                                  group_operator='avg')
    repeat_repair_rate = fields.Float(string='Repeat Repairs (%)', readonly=True,
                                      group_operator='avg',
                                      help='Repairs of a serial number repaired in the 90 days '
                                           'before.')
    repeat_repair_count = fields.Integer(string='Repeat Repairs', readonly=True)
    resolution_hours = fields.Float(string='Resolution Time (h)', readonly=True,
                                    group_operator='avg')
    cost_amount = fields.Float(string='Cost per Request', readonly=True, group_operator='avg')
    total_cost = fields.Float(readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW cs_service_report AS
            SELECT r.id, r.id AS request_id, r.date_request, r.company_id, r.partner_id,
                   r.product_id, r.lot_id, r.type_id, r.kind, r.outlet_id, r.region_id,
                   r.user_id, r.stage_id, r.warranty_state,
                   1 AS request_count,
                   CASE WHEN r.is_resolved THEN 1 ELSE 0 END AS resolved_count,
                   CASE WHEN r.sla_acknowledge_reached IS NULL THEN NULL
                        WHEN r.sla_acknowledge_breached THEN 0.0 ELSE 100.0
                   END AS ontime_response_rate,
                   CASE WHEN NOT r.is_resolved THEN NULL
                        WHEN COALESCE(r.visit_count, 0) <= 1 AND COALESCE(r.reopen_count, 0) = 0
                        THEN 100.0 ELSE 0.0
                   END AS first_fix_rate,
                   CASE WHEN r.kind <> 'repair' OR r.lot_id IS NULL THEN NULL
                        WHEN r.repeat_repair THEN 100.0 ELSE 0.0
                   END AS repeat_repair_rate,
                   CASE WHEN r.repeat_repair THEN 1 ELSE 0 END AS repeat_repair_count,
                   CASE WHEN r.date_done IS NOT NULL
                        THEN EXTRACT(EPOCH FROM r.date_done - r.date_request) / 3600.0
                   END AS resolution_hours,
                   COALESCE(r.cost_amount, 0.0) AS cost_amount,
                   COALESCE(r.cost_amount, 0.0) AS total_cost
              FROM cs_service_request r
        """)
