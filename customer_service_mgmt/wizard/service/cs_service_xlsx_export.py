# -*- coding: utf-8 -*-
"""Excel (.xlsx) export of the after-sales service KPIs: the figures of the analysis
pivot (``cs.service.report``, one read_group) by the chosen dimension."""
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.cs_xlsx_sheet import SheetWriter

GROUP_BY = [('type_id', 'Service Type'), ('region_id', 'Region'), ('outlet_id', 'Service Outlet'),
            ('user_id', 'Technician'), ('product_id', 'Product'), ('partner_id', 'Customer'),
            ('date_request:month', 'Month')]
# (report field, column kind); rates and averages are 'decimal'
KPI_FIELDS = [('request_count', 'integer'), ('resolved_count', 'integer'),
              ('ontime_response_rate', 'decimal'), ('first_fix_rate', 'decimal'),
              ('repeat_repair_count', 'integer'), ('resolution_hours', 'decimal'),
              ('cost_amount', 'money'), ('total_cost', 'money')]


class CsServiceXlsxExport(models.TransientModel):
    """Download the after-sales service KPIs as an Excel workbook."""
    _name = 'cs.service.xlsx.export'
    _description = 'After-Sales Service KPI Excel Export'
    _inherit = 'cs.xlsx.export.mixin'

    date_from = fields.Date(string='From', required=True, default=lambda self: fields.Date.to_string(
        fields.Date.from_string(fields.Date.context_today(self)).replace(month=1, day=1)))
    date_to = fields.Date(string='To', required=True, default=fields.Date.context_today)
    group_by = fields.Selection(GROUP_BY, string='Rows', required=True, default='type_id')

    @api.model
    def _check_export_access(self, company=None):
        if not self.env.user.has_group('customer_service_mgmt.group_cs_user'):
            raise AccessError(_('Only customer service users may export the service KPIs.'))

    def _export_title(self):
        return _('Export Service KPIs')

    def _domain(self):
        start, end = self._utc_bounds(self.date_from, self.date_to)
        return [('company_id', '=', self.company_id.id), ('date_request', '>=', start),
                ('date_request', '<', end)]

    @api.model
    def kpi_groups(self, domain, group_by):
        """The KPIs by ``group_by`` and over all of ``domain`` (rates and averages over
        the requests they apply to, as in the pivot): (rows, total row)."""
        report = self.env['cs.service.report']
        measures = [name for name, _kind in KPI_FIELDS]
        rows = report.read_group(domain, [group_by.split(':')[0]] + measures, [group_by],
                                 lazy=False)
        total = report.read_group(domain, ['company_id'] + measures, ['company_id'], lazy=False)
        return rows, (total[0] if total else dict.fromkeys(measures, 0))

    def _build(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(_('The export period starts after it ends.'))
        rows, total = self.kpi_groups(self._domain(), self.group_by)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        formats, symbol_width = self._money_formats(workbook)
        group_label = dict(self._fields['group_by']._description_selection(self.env))[self.group_by]
        writer = SheetWriter(workbook, _('Service KPIs'), formats, symbol_width)
        writer.title(_('After-Sales Service KPIs'), *(self._subtitles(
            _('Requests from %(from)s to %(to)s') % {'from': self.date_from,
                                                   'to': self.date_to}) + (
            _('Rates in percent; resolution time in hours, averaged over the resolved '
              'requests.'),)))
        labels = dict((name, self.env['cs.service.report']._fields[name].get_description(
            self.env)['string']) for name, _kind in KPI_FIELDS)
        writer.header([(group_label, 'text')] + [(labels[name], kind) for name, kind in KPI_FIELDS])
        for row in rows:
            key = row[self.group_by]
            label = key[1] if isinstance(key, (list, tuple)) else (key or _('Undefined'))
            writer.line([label] + [row[name] if row[name] is not None else None
                                   for name, _kind in KPI_FIELDS])
        summed = dict((col, total[name] or 0) for col, (name, kind) in enumerate(KPI_FIELDS, 1)
                      if name in ('request_count', 'resolved_count', 'repeat_repair_count',
                                  'total_cost'))
        writer.totals(_('All requests'), summed, dict(
            (col, total[name]) for col, (name, kind) in enumerate(KPI_FIELDS, 1)
            if col not in summed))
        writer.finish()
        workbook.close()
        return output.getvalue(), 'service_kpis_%s_%s.xlsx' % (self.date_from, self.date_to)
