# -*- coding: utf-8 -*-
"""Excel (.xlsx) exports of the customer base: the service KPIs per person and team
(客服部关键绩效考核指标) and the customer roster (客户名册).

Read with the user's rights (access rules, record rules and field groups apply);
aggregated by read_group, never by looping over documents.  The sheet layout is the
shared sheet writer (``SheetWriter``)."""
import io
from datetime import timedelta

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.cs_xlsx_sheet import SheetWriter

KPI_GROUPS = ('customer_service_mgmt.group_cs_user',)
ROSTER_GROUPS = ('customer_service_mgmt.group_cs_user', 'sales_team.group_sale_salesman')
KPI_MEASURES = ['handled', 'closed', 'resolution_rate', 'response_hours', 'resolution_hours',
                'sla_compliance', 'followup_rate', 'satisfaction']


class CsCustomerXlsxExport(models.TransientModel):
    """Download the service KPIs or the customer roster as an Excel workbook."""
    _name = 'cs.customer.xlsx.export'
    _description = 'Customer Base Excel Export'
    _inherit = 'cs.xlsx.export.mixin'

    report = fields.Selection([
        ('kpi', 'Service KPIs per Person and Team'),
        ('roster', 'Customer Roster'),
    ], required=True, default='kpi')
    date_from = fields.Date(string='From', default=lambda self: fields.Date.to_string(
        fields.Date.from_string(fields.Date.context_today(self)).replace(month=1, day=1)))
    date_to = fields.Date(string='To', default=fields.Date.context_today)

    @api.model
    def _check_report_access(self, report):
        groups = KPI_GROUPS if report == 'kpi' else ROSTER_GROUPS
        if not any(self.env.user.has_group(group) for group in groups):
            raise AccessError(_('You may not export this report.'))

    @api.model
    def _check_export_access(self, company=None):
        if company and company not in self.env.user.company_ids:
            raise AccessError(_('You cannot export the reports of company %s.')
                              % company.sudo().name)

    @api.model
    def create(self, vals):
        # the mixin checks the company; which report, here
        self._check_report_access(vals.get('report', 'kpi'))
        return super(CsCustomerXlsxExport, self).create(vals)

    def _export_title(self):
        return _('Export Customer Report')

    def _build(self):
        self.ensure_one()
        self._check_report_access(self.report)
        if self.report == 'kpi' and self.date_from and self.date_to \
                and self.date_from > self.date_to:
            raise UserError(_('The start of the period is after its end.'))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        # the exports' cell formats, in this company's currency
        formats, symbol_width = self._money_formats(workbook)
        file_name = getattr(self, '_sheet_%s' % self.report)(workbook, formats, symbol_width)
        workbook.close()
        return output.getvalue(), file_name

    def _subtitles(self, *lines):
        return (_('Company: %s') % self.company_id.name,) + lines

    # ------------------------------------------------------------------ KPIs
    def _kpi_domain(self):
        domain = [('company_id', '=', self.company_id.id)]
        if self.date_from:
            domain.append(('date', '>=', self.date_from))
        if self.date_to:
            domain.append(('date', '<', fields.Date.to_string(
                fields.Date.from_string(self.date_to) + timedelta(days=1))))
        return domain

    def _sheet_kpi(self, workbook, formats, symbol_width):
        Kpi = self.env['cs.service.kpi.report']
        domain = self._kpi_domain()
        columns = [(_('Handled'), 'integer'), (_('Closed'), 'integer'),
                   (_('Resolution Rate (%)'), 'decimal'),
                   (_('Average Response Time (Hours)'), 'decimal'),
                   (_('Average Resolution Time (Hours)'), 'decimal'),
                   (_('SLA Compliance (%)'), 'decimal'), (_('Follow-up Rate (%)'), 'decimal'),
                   (_('Satisfaction Index'), 'decimal')]
        period = _('Period: %(from)s - %(to)s') % {'from': self.date_from or '',
                                                    'to': self.date_to or ''}
        for groupby, sheet_name, label in (
                (['team_id', 'user_id'], _('KPIs per Person'), _('Person')),
                (['team_id'], _('KPIs per Team'), None)):
            writer = SheetWriter(workbook, sheet_name, formats, symbol_width)
            writer.title(_('Customer Service KPIs'), *self._subtitles(period))
            head = [(_('Team'), 'text')] + ([(label, 'text')] if label else [])
            writer.header(head + columns)
            groups = Kpi.read_group(domain, groupby + KPI_MEASURES, groupby,
                                    orderby=', '.join(groupby), lazy=False)
            for group in groups:
                keys = [group[name][1] if group[name] else _('None') for name in groupby]
                writer.line(keys + [group[name] if group[name] is not None else None
                                    for name in KPI_MEASURES])
            total = Kpi.read_group(domain, KPI_MEASURES, [], lazy=False)
            total = total[0] if total else {}
            # overall figures (rates over all documents, not sums of the rows' rates)
            writer.totals(_('All'), {}, {col: total.get(name) for col, name
                                         in enumerate(KPI_MEASURES, len(head))})
            writer.finish()
        return 'service_kpis_%s_%s.xlsx' % (self.date_from or '', self.date_to or '')

    # ------------------------------------------------------------------ roster
    def _sheet_roster(self, workbook, formats, symbol_width):
        # the classification columns are those of the exported company
        Partner = self.env['res.partner'].with_context(cs_segment_company_id=self.company_id.id)
        fields_list = ['ref', 'name', 'cs_region_id', 'industry_id', 'cs_customer_type',
                       'cs_abc_class', 'cs_key_account', 'cs_account_manager_id', 'user_id',
                       'city', 'phone', 'email', 'cs_churn_state']
        financial = 'cs_revenue_12m' in Partner.fields_get(['cs_revenue_12m'])
        if financial:
            fields_list.append('cs_revenue_12m')
        partners = Partner.search([('customer', '=', True), ('parent_id', '=', False)],
                                  order='name')
        labels = {name: dict(Partner._fields[name]._description_selection(self.env))
                  for name in ('cs_customer_type', 'cs_abc_class', 'cs_churn_state')}
        writer = SheetWriter(workbook, _('Customer Roster'), formats, symbol_width)
        writer.title(_('Customer Roster'), *self._subtitles(
            _('Date: %s') % fields.Date.context_today(self)))
        columns = [(_('Reference'), 'text'), (_('Customer'), 'text'), (_('Region'), 'text'),
                   (_('Industry'), 'text'), (_('Customer Type'), 'text'), (_('ABC Class'), 'text'),
                   (_('Key Account'), 'text'), (_('Account Manager'), 'text'),
                   (_('Salesperson'), 'text'), (_('City'), 'text'), (_('Phone'), 'text'),
                   (_('Email'), 'text'), (_('Ordering Status'), 'text')]
        if financial:
            columns.append((_('Revenue (12 Months)'), 'money'))
        writer.header(columns)
        total = 0.0
        # in batches: bounded memory for large customer bases
        for start in range(0, len(partners), 1000):
            batch = partners[start:start + 1000]
            for row in batch.read(fields_list):
                values = [row['ref'], row['name'],
                          row['cs_region_id'] and row['cs_region_id'][1],
                          row['industry_id'] and row['industry_id'][1],
                          labels['cs_customer_type'].get(row['cs_customer_type']),
                          labels['cs_abc_class'].get(row['cs_abc_class']),
                          _('Yes') if row['cs_key_account'] else None,
                          row['cs_account_manager_id'] and row['cs_account_manager_id'][1],
                          row['user_id'] and row['user_id'][1], row['city'], row['phone'],
                          row['email'], labels['cs_churn_state'].get(row['cs_churn_state'])]
                if financial:
                    values.append(row['cs_revenue_12m'])
                    total += row['cs_revenue_12m'] or 0.0
                writer.line(values)
            batch.invalidate_cache()
        writer.totals(_('Total (%d customers)') % len(partners),
                      {len(columns) - 1: total} if financial else {})
        writer.finish()
        return 'customer_roster_%s.xlsx' % fields.Date.context_today(self)
