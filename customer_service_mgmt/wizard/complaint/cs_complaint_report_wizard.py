# -*- coding: utf-8 -*-
"""The complaint reports for a chosen day or period: shown in the ERP (pivot, list, graph)
or exported as an Excel workbook (xlsxwriter, built in memory).

* Daily complaint report 客户投诉处理日报表: received, closed, open and overdue at the end
  of the day, by category and by team (``cs.complaint.daily.report``).
* Complaint analysis 客户抱怨纠纷问题分析表 with Pareto: complaints by category, product,
  customer or team, most frequent first, with their share, cumulative share, the "vital
  few" (the groups that make the first 80 %), average response and resolution times and
  SLA compliance, and a column + cumulative line chart (``cs.complaint.analysis``).

Figures are read with read_group under the user's access rights and record rules.
"""
import io
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.cs_xlsx_sheet import SheetWriter, base_formats, format_maker

# the first groups that make this share of the complaints are the "vital few"
PARETO_SHARE = 0.8
DAILY_MEASURES = ['received_count', 'closed_count', 'open_count', 'overdue_count']
ANALYSIS_MEASURES = ['complaint_count', 'response_hours', 'resolution_hours', 'sla_met_count',
                     'sla_due_count', 'sla_compliance']
NUMBER_KINDS = ('integer', 'hours', 'percent')


class _ComplaintSheetWriter(SheetWriter):
    """The shared sheet writer with the complaint reports' kinds of numbers (hours,
    percentages as fractions) and highlighted rows."""

    def line(self, values, highlight=False):
        for col, value in enumerate(values):
            kind = self.columns[col][1]
            fmt = self.formats[('vital_' if highlight else '') + kind]
            if value is None or value is False:
                self.sheet.write_blank(self.row, col, None, fmt)
            elif kind in NUMBER_KINDS:
                self.sheet.write_number(self.row, col, value, fmt)
                self._fit(col, '{:,.1f}'.format(value * 100 if kind == 'percent' else value), 2)
            else:
                self.sheet.write_string(self.row, col, str(value), fmt)
                self._fit(col, str(value))
        self.row += 1

    def totals(self, label, totals, figures=None):
        """Totals row: SUM formulas for ``totals``, plain values for ``figures`` (averages
        and ratios, which do not add up)."""
        result = super(_ComplaintSheetWriter, self).totals(label, totals)
        for col, value in (figures or {}).items():
            if value is not None and value is not False:
                kind = self.columns[col][1]
                self.sheet.write_number(self.row - 1, col, value, self.formats['total_' + kind])
        return result


class CsComplaintReportWizard(models.TransientModel):
    """Choose the day (daily report) or the period and dimension (analysis), then show the
    report or download it as an Excel workbook."""
    _name = 'cs.complaint.report.wizard'
    _description = 'Complaint Reports'
    _inherit = 'cs.xlsx.export.mixin'

    report = fields.Selection([('daily', 'Daily Complaint Report'),
                               ('analysis', 'Complaint Analysis (Pareto)')],
                              required=True, default='daily')
    day = fields.Date(default=fields.Date.context_today,
                      help='The day of the daily report, in the company\'s time zone.')
    date_from = fields.Date(string='Received From', default=lambda self: fields.Date.to_string(
        fields.Date.from_string(fields.Date.context_today(self)).replace(month=1, day=1)))
    date_to = fields.Date(string='Received To', default=fields.Date.context_today)
    dimension = fields.Selection([('categ_id', 'Category'), ('product_id', 'Product'),
                                  ('partner_id', 'Customer'), ('team_id', 'Team')],
                                 string='Analyse By', required=True, default='categ_id',
                                 help='The Pareto table and chart rank the groups of this '
                                      'dimension by number of complaints.')
    chart_limit = fields.Integer(string='Bars in Chart', default=20,
                                 help='The Pareto chart shows this many groups, the most frequent '
                                      'first; the table lists them all.')

    # ------------------------------------------------------------------ access
    @api.model
    def _check_export_access(self, company=None):
        if not self.env.user.has_group('customer_service_mgmt.group_cs_user'):
            raise AccessError(_('Only customer service users may run the complaint reports.'))
        if company and not self._company_allowed(company):
            raise AccessError(_('You cannot run the complaint reports of company %s: switch to '
                                'it first.') % company.sudo().name)

    def _export_title(self):
        return _('Complaint Reports')

    def _check_input(self):
        self._check_export_access(self.company_id)
        if self.report == 'daily' and not self.day:
            raise UserError(_('Choose the day of the daily complaint report.'))
        if self.report == 'analysis':
            if not (self.date_from and self.date_to):
                raise UserError(_('Choose the period of the complaint analysis.'))
            if self.date_from > self.date_to:
                raise UserError(_('The start of the period is after its end.'))
            if self.chart_limit < 1:
                raise UserError(_('The Pareto chart needs at least one bar.'))

    # ------------------------------------------------------------------ domains
    def _daily_domain(self):
        return [('day', '=', self.day), ('company_id', '=', self.company_id.id)]

    def _analysis_domain(self):
        """Complaints received in the period (days of the user's time zone)."""
        tz = pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        start, end = (tz.localize(datetime.combine(fields.Date.from_string(day), time.min))
                      for day in (self.date_from, self.date_to))
        end += timedelta(days=1)
        return [('company_id', '=', self.company_id.id),
                ('date_received', '>=', fields.Datetime.to_string(start.astimezone(pytz.utc))),
                ('date_received', '<', fields.Datetime.to_string(end.astimezone(pytz.utc)))]

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_open(self):
        """The report in the ERP: the day's pivot by category and team, or the period's
        analysis pivot by the chosen dimension."""
        self.ensure_one()
        self._check_input()
        if self.report == 'daily':
            return {
                'name': _('Daily Complaint Report %s') % self.day,
                'type': 'ir.actions.act_window', 'res_model': 'cs.complaint.daily.report',
                'view_mode': 'pivot,tree', 'views': [(False, 'pivot'), (False, 'tree')],
                'domain': self._daily_domain(),
                'context': {'pivot_row_groupby': ['categ_id'], 'pivot_column_groupby': ['team_id'],
                            'pivot_measures': DAILY_MEASURES},
            }
        return {
            'name': _('Complaint Analysis %(from)s - %(to)s') % {'from': self.date_from,
                                                                  'to': self.date_to},
            'type': 'ir.actions.act_window', 'res_model': 'cs.complaint.analysis',
            'view_mode': 'pivot,graph,tree',
            'views': [(False, 'pivot'), (False, 'graph'), (False, 'tree')],
            'domain': self._analysis_domain(),
            'context': {'pivot_row_groupby': [self.dimension],
                        'pivot_measures': ['complaint_count', 'response_hours',
                                           'resolution_hours', 'sla_compliance'],
                        'graph_groupbys': [self.dimension]},
        }

    def _build(self):
        """The workbook of the chosen report: (xlsx bytes, file name)."""
        self.ensure_one()
        self._check_input()  # before reading anything
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        workbook.set_properties({'title': dict(self._fields['report']._description_selection(
            self.env))[self.report], 'company': self.company_id.name})
        formats = self._formats(workbook)
        file_name = getattr(self, '_sheets_%s' % self.report)(workbook, formats)
        workbook.close()
        return output.getvalue(), file_name

    def _formats(self, workbook):
        fmt = format_maker(workbook)
        formats = base_formats(fmt)
        formats['vital_text'] = fmt(bg_color='#FCE4D6', bold=True)
        numbers = {'integer': '#,##0', 'hours': '#,##0.0', 'percent': '0.0%'}
        for kind, number in numbers.items():
            formats[kind] = fmt(num_format=number)
            formats['vital_' + kind] = fmt(num_format=number, bg_color='#FCE4D6')
            formats['total_' + kind] = fmt(bold=True, top=1, bottom=6, num_format=number)
        return formats

    def _subtitles(self, period):
        return (_('Company: %s') % self.company_id.name, period)

    def _label(self, group, field):
        return group[field][1] if group[field] else _('Undefined')

    # ------------------------------------------------------------------ daily report
    def _sheets_daily(self, workbook, formats):
        """One sheet by category, one by team."""
        Report = self.env['cs.complaint.daily.report']
        domain = self._daily_domain()
        for field, label, sheet_name in (('categ_id', _('Category'), _('By Category')),
                                         ('team_id', _('Team'), _('By Team'))):
            groups = Report.read_group(domain, [field] + DAILY_MEASURES, [field], lazy=False)
            groups.sort(key=lambda group: self._label(group, field))
            writer = _ComplaintSheetWriter(workbook, sheet_name, formats, 0)
            writer.title(_('Daily Complaint Report'), *self._subtitles(_('Day: %s') % self.day))
            writer.header([(label, 'text'), (_('Received'), 'integer'), (_('Closed'), 'integer'),
                           (_('Open at End of Day'), 'integer'),
                           (_('Overdue at End of Day'), 'integer')])
            totals = dict.fromkeys(range(1, 5), 0)
            for group in groups:
                values = [self._label(group, field)] + [group[name] or 0
                                                        for name in DAILY_MEASURES]
                writer.line(values)
                for col in totals:
                    totals[col] += values[col]
            writer.totals(_('Total'), totals)
            writer.finish()
        return 'complaint_daily_report_%s.xlsx' % self.day

    # ------------------------------------------------------------------ analysis
    def _pareto_rows(self):
        """[(label, count, share, cumulative share, vital, group)] of the chosen dimension,
        most complaints first."""
        field = self.dimension
        groups = self.env['cs.complaint.analysis'].read_group(
            self._analysis_domain(), [field] + ANALYSIS_MEASURES, [field], lazy=False)
        groups.sort(key=lambda group: (-group['complaint_count'], self._label(group, field)))
        total = sum(group['complaint_count'] for group in groups)
        rows, cumulative = [], 0
        for group in groups:
            vital = cumulative < PARETO_SHARE * total  # the share before this group
            cumulative += group['complaint_count']
            rows.append((self._label(group, field), group['complaint_count'],
                         group['complaint_count'] / total, cumulative / total, vital, group))
        return rows

    def _sheets_analysis(self, workbook, formats):
        Analysis = self.env['cs.complaint.analysis']
        dimension = dict(self._fields['dimension']._description_selection(self.env))[
            self.dimension]
        period = _('Received: %(from)s - %(to)s') % {'from': self.date_from, 'to': self.date_to}
        rows = self._pareto_rows()

        sheet_name = _('Pareto by %s') % dimension
        writer = _ComplaintSheetWriter(workbook, sheet_name, formats, 0)
        writer.title(_('Complaint Analysis by %s (Pareto)') % dimension, *self._subtitles(period))
        writer.header([(_('Rank'), 'integer'), (dimension, 'text'),
                       (_('Complaints'), 'integer'), (_('Share'), 'percent'),
                       (_('Cumulative Share'), 'percent'), (_('Vital Few'), 'text'),
                       (_('Avg. Response Time (h)'), 'hours'),
                       (_('Avg. Resolution Time (h)'), 'hours'),
                       (_('SLA Compliance'), 'percent')])
        for rank, (label, count, share, cumulative, vital, group) in enumerate(rows, 1):
            compliance = group['sla_compliance']
            writer.line([rank, label, count, share, cumulative, _('Yes') if vital else None,
                         group['response_hours'], group['resolution_hours'],
                         compliance / 100.0 if compliance is not False else None],
                        highlight=vital)
        total = Analysis.read_group(self._analysis_domain(), ANALYSIS_MEASURES, [], lazy=False)
        total = total[0] if total else {}
        compliance = total.get('sla_compliance', False)
        writer.totals(_('Total (%d groups)') % len(rows),
                      {2: sum(row[1] for row in rows), 3: 1.0 if rows else 0.0},
                      {6: total.get('response_hours'), 7: total.get('resolution_hours'),
                       8: compliance / 100.0 if compliance is not False else None})
        writer.finish()
        if rows:
            self._pareto_chart(workbook, writer, sheet_name, len(rows), dimension)
        self._sheet_months(workbook, formats, period)
        return 'complaint_analysis_%s_%s_%s.xlsx' % (self.dimension, self.date_from,
                                                      self.date_to)

    def _pareto_chart(self, workbook, writer, sheet_name, count, dimension):
        """Columns (complaints) with the cumulative share as a line on a second axis."""
        first, last = writer.first_row, writer.first_row + min(count, self.chart_limit) - 1
        columns = workbook.add_chart({'type': 'column'})
        columns.add_series({
            'name': _('Complaints'), 'categories': [writer.sheet.name, first, 1, last, 1],
            'values': [writer.sheet.name, first, 2, last, 2], 'fill': {'color': '#4472C4'},
        })
        line = workbook.add_chart({'type': 'line'})
        line.add_series({
            'name': _('Cumulative Share'), 'categories': [writer.sheet.name, first, 1, last, 1],
            'values': [writer.sheet.name, first, 4, last, 4], 'y2_axis': True,
            'marker': {'type': 'circle'}, 'line': {'color': '#ED7D31'},
        })
        columns.combine(line)
        columns.set_title({'name': _('Pareto: complaints by %s') % dimension})
        columns.set_x_axis({'name': dimension})
        columns.set_y_axis({'name': _('Complaints')})
        line.set_y2_axis({'name': _('Cumulative Share'), 'min': 0, 'max': 1,
                          'num_format': '0%'})
        columns.set_legend({'position': 'bottom'})
        columns.set_size({'width': 760, 'height': 420})
        writer.sheet.insert_chart(writer.row + 1, 1, columns)

    def _sheet_months(self, workbook, formats, period):
        """Complaints, average times and SLA compliance by month of reception."""
        groups = self.env['cs.complaint.analysis'].read_group(
            self._analysis_domain(), ['date_received'] + ANALYSIS_MEASURES,
            ['date_received:month'], orderby='date_received:month', lazy=False)
        writer = _ComplaintSheetWriter(workbook, _('By Month'), formats, 0)
        writer.title(_('Complaints by Month'), *self._subtitles(period))
        writer.header([(_('Month'), 'text'), (_('Complaints'), 'integer'),
                       (_('Avg. Response Time (h)'), 'hours'),
                       (_('Avg. Resolution Time (h)'), 'hours'),
                       (_('SLA Compliance'), 'percent')])
        for group in groups:
            compliance = group['sla_compliance']
            writer.line([group['date_received:month'], group['complaint_count'],
                         group['response_hours'], group['resolution_hours'],
                         compliance / 100.0 if compliance is not False else None])
        writer.totals(_('Total'), {1: sum(group['complaint_count'] for group in groups)})
        writer.finish()
