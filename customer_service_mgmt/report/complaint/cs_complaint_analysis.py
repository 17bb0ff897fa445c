# -*- coding: utf-8 -*-
from odoo import api, fields, models, tools

from ...models.complaint.cs_complaint import CHANNELS
from ...models.core.cs_sla_policy import PRIORITIES


class CsComplaintAnalysis(models.Model):
    """Complaint analysis 客户抱怨纠纷问题分析表: one row per complaint with the dimensions
    (category, product, customer, team, month) and the measures of the pivot and graph
    views: count, response and resolution times in hours, response-time standard results.

    The SLA compliance is the add-on's one definition (``cs.sla.report.mixin``): per
    deadline, deadlines met / deadlines due, of a group from its summed counts.
    """
    _name = 'cs.complaint.analysis'
    _inherit = ['cs.sla.report.mixin']
    _description = 'Complaint Analysis'
    _auto = False
    _order = 'date_received desc'
    _rec_name = 'complaint_id'

    complaint_id = fields.Many2one('cs.complaint', readonly=True)
    date_received = fields.Datetime(string='Received On', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    categ_id = fields.Many2one('cs.complaint.category', string='Category', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    team_id = fields.Many2one('cs.team', readonly=True)
    user_id = fields.Many2one('res.users', string='Responsible', readonly=True)
    stage_id = fields.Many2one('cs.complaint.process.stage', readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    is_closed = fields.Boolean(string='Closed', readonly=True)
    sla_breached = fields.Boolean(string='Response Time Breached', readonly=True)
    complaint_count = fields.Integer(string='# Complaints', readonly=True)
    response_hours = fields.Float(string='Response Time (h)', readonly=True, group_operator='avg',
                                  help='Hours from reception to acknowledgement (average over '
                                       'the acknowledged complaints).')
    resolution_hours = fields.Float(string='Resolution Time (h)', readonly=True,
                                    group_operator='avg',
                                    help='Hours from reception to resolution (average over the '
                                         'resolved complaints).')

    @api.model_cr
    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        cr.execute("""
            CREATE VIEW cs_complaint_analysis AS
            SELECT c.id, c.id AS complaint_id, c.date_received, c.company_id, c.categ_id,
                   c.product_id, c.partner_id, c.team_id, c.user_id, c.stage_id, c.priority,
                   c.channel, c.is_closed, c.sla_breached, 1 AS complaint_count,
                   EXTRACT(EPOCH FROM c.sla_acknowledge_reached - c.date_received) / 3600.0
                       AS response_hours,
                   EXTRACT(EPOCH FROM c.sla_resolve_reached - c.date_received) / 3600.0
                       AS resolution_hours,
                   %s
            FROM cs_complaint c
        """ % self._sla_columns_sql(*self.env['cs.complaint']._sla_counts_sql('c')))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """Groups of a category, product, customer, team... come most frequent first
        (Pareto order, also in the bar chart) unless another order is asked for; the SLA
        compliance of each group comes from cs.sla.report.mixin."""
        first = groupby[0] if isinstance(groupby, (list, tuple)) and groupby else groupby
        if not orderby and first and 'complaint_count' in fields and \
                self._fields[first.split(':')[0]].type not in ('date', 'datetime'):
            orderby = 'complaint_count desc'
        return super(CsComplaintAnalysis, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
