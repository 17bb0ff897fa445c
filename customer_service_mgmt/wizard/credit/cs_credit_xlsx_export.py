# -*- coding: utf-8 -*-
"""Excel (.xlsx) exports of the credit reports, built in memory with xlsxwriter:
credit exposure by customer, receivables ageing, credit holds and releases.

The figures are read with the user's rights (access rules and multi-company record rules
apply) and aggregated in the database (read_group / SQL), never by looping over lines.
"""
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ...models.core.cs_xlsx_sheet import SheetWriter

# who may export (checked on the server: transient models have no access rights in Odoo 11)
EXPORT_GROUPS = ('customer_service_mgmt.group_credit_controller', 'account.group_account_invoice')


class CsCreditXlsxExport(models.TransientModel):
    """Download the credit reports as Excel workbooks (credit controllers and accountants)."""
    _name = 'cs.credit.xlsx.export'
    _description = 'Credit Reports Excel Export'
    _inherit = 'cs.xlsx.export.mixin'

    report = fields.Selection([
        ('exposure', 'Credit Exposure by Customer'),
        ('ageing', 'Receivables Ageing'),
        ('decisions', 'Credit Holds and Releases'),
    ], required=True, default='exposure')
    date_from = fields.Date(string='From', default=lambda self: fields.Date.to_string(
        fields.Date.from_string(fields.Date.context_today(self)).replace(day=1)))
    date_to = fields.Date(string='To', default=fields.Date.context_today)

    # ------------------------------------------------------------------ access
    @api.model
    def _check_export_access(self, company=None):
        user = self.env.user
        if not any(user.has_group(group) for group in EXPORT_GROUPS):
            raise AccessError(_('Only credit controllers and accountants may export the credit '
                                'reports.'))
        # the credit records' multi-company rules: the current company and its children
        if company and not self._company_allowed(company):
            raise AccessError(_('You cannot export the credit reports of company %s: switch to '
                                'it first.') % company.sudo().name)

    def _export_title(self):
        return _('Export Credit Report')

    def _build(self):
        """The workbook of the chosen report: (xlsx bytes, file name)."""
        self.ensure_one()
        self._check_export_access()  # before reading anything
        self._check_export_access(self.company_id)
        if self.report == 'decisions':
            if not (self.date_from and self.date_to):
                raise UserError(_('Choose the period of the credit holds and releases.'))
            if self.date_from > self.date_to:
                raise UserError(_('The start of the period is after its end.'))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        workbook.set_properties({'title': dict(self._fields['report']._description_selection(
            self.env))[self.report], 'company': self.company_id.name})
        formats, symbol_width = self._money_formats(workbook)
        builder = getattr(self, '_sheet_%s' % self.report)
        file_name = builder(workbook, formats, symbol_width)
        workbook.close()
        return output.getvalue(), file_name

    def _today(self):
        return fields.Date.context_today(self)

    # ------------------------------------------------------------------ exposure
    def _sheet_exposure(self, workbook, formats, symbol_width):
        company = self.company_id
        today = self._today()
        # the user's rights and the multi-company rules decide which rows are read
        rows = self.env['cs.credit.exposure'].search([
            ('company_id', '=', company.id), '|', '|', '|', ('amount_total', '!=', 0),
            ('receivable', '!=', 0), ('draft_invoices', '!=', 0), ('open_orders', '!=', 0),
        ]).read(['partner_id', 'grade_id', 'credit_limit', 'receivable', 'draft_invoices',
                 'open_orders', 'amount_total'])
        overdue = self._overdue_by_partner([row['partner_id'][0] for row in rows], company, today)

        name = _('Credit Exposure by Customer')
        writer = SheetWriter(workbook, _('Credit Exposure'), formats, symbol_width)
        writer.title(name, *self._subtitles(_('Date: %s') % today))
        writer.header([(_('Customer'), 'text'), (_('Credit Grade'), 'text'),
                       (_('Credit Limit'), 'money'), (_('Open Receivables'), 'money'),
                       (_('Draft Invoices'), 'money'), (_('Uninvoiced Orders'), 'money'),
                       (_('Exposure'), 'money'), (_('Available Credit'), 'money'),
                       (_('Overdue'), 'money')])
        totals = dict.fromkeys(range(2, 9), 0.0)
        for row in rows:
            limit = row['credit_limit'] or 0.0
            available = limit - row['amount_total'] if limit else None  # no limit: no figure
            values = [row['partner_id'][1], row['grade_id'][1] if row['grade_id'] else None,
                      limit or None, row['receivable'], row['draft_invoices'], row['open_orders'],
                      row['amount_total'], available, overdue.get(row['partner_id'][0], 0.0)]
            writer.line(values)
            for col in totals:
                totals[col] += values[col] or 0.0
        writer.totals(_('Total (%d customers)') % len(rows), totals)
        writer.finish()
        return 'credit_exposure_%s.xlsx' % today

    def _overdue_by_partner(self, partner_ids, company, today):
        """Overdue beyond terms per commercial partner on ``today``: the credit policy's
        figure (``cs_credit_policy.OVERDUE_SQL``, the one definition), for all the partners
        in one query."""
        if not partner_ids:
            return {}
        figures = self.env['cs.credit.policy'].figures_batch(
            self.env['res.partner'].browse(partner_ids), company, today=today)
        return {partner_id: credit.overdue for partner_id, credit in figures.items()}

    # ------------------------------------------------------------------ ageing
    def _sheet_ageing(self, workbook, formats, symbol_width):
        company = self.company_id
        today = self._today()
        buckets = ['not_due', 'days_0_30', 'days_31_60', 'days_61_90', 'days_90_plus', 'residual']
        groups = self.env['cs.credit.ageing.report'].read_group(
            [('company_id', '=', company.id)], ['partner_id'] + buckets, ['partner_id'],
            orderby='partner_id', lazy=False)

        writer = SheetWriter(workbook, _('Receivables Ageing'), formats, symbol_width)
        writer.title(_('Receivables Ageing'), *self._subtitles(_('As of: %s') % today))
        writer.header([(_('Customer'), 'text'), (_('Not Due'), 'money'), (_('0-30 Days'), 'money'),
                       (_('31-60 Days'), 'money'), (_('61-90 Days'), 'money'),
                       (_('> 90 Days'), 'money'), (_('Total'), 'money')])
        totals = dict.fromkeys(range(1, 7), 0.0)
        for group in groups:
            values = [group['partner_id'][1] if group['partner_id'] else _('Unknown')]
            values += [group[bucket] or 0.0 for bucket in buckets]
            writer.line(values)
            for col in totals:
                totals[col] += values[col]
        writer.totals(_('Total (%d customers)') % len(groups), totals)
        writer.finish()
        return 'receivables_ageing_%s.xlsx' % today

    # ------------------------------------------------------------------ holds and releases
    def _sheet_decisions(self, workbook, formats, symbol_width):
        company = self.company_id
        start, end = self._utc_bounds(self.date_from, self.date_to)
        domain = [('company_id', '=', company.id), ('date', '>=', start), ('date', '<', end)]
        Decision = self.env['cs.credit.decision']
        rows = Decision.search(domain, order='date, id').read(
            ['date', 'order_id', 'partner_id', 'decision', 'user_id', 'reason', 'limit',
             'exposure', 'overdue', 'amount'])
        labels = dict(Decision._fields['decision']._description_selection(self.env))

        writer = SheetWriter(workbook, _('Holds and Releases'), formats, symbol_width)
        period = _('Period: %(from)s - %(to)s') % {'from': self.date_from, 'to': self.date_to}
        writer.title(_('Credit Holds and Releases'), *self._subtitles(period))
        writer.header([(_('Date'), 'datetime'), (_('Sale Order'), 'text'), (_('Customer'), 'text'),
                       (_('Decision'), 'text'), (_('By'), 'text'), (_('Reason'), 'wrap'),
                       (_('Credit Limit'), 'money'), (_('Exposure'), 'money'),
                       (_('Overdue'), 'money'), (_('Order Amount'), 'money')])
        total = 0.0
        for row in rows:
            local = fields.Datetime.context_timestamp(self, fields.Datetime.from_string(row['date']))
            writer.line([local.replace(tzinfo=None), row['order_id'][1], row['partner_id'][1],
                         labels.get(row['decision'], row['decision']), row['user_id'][1],
                         row['reason'], row['limit'] or None, row['exposure'], row['overdue'],
                         row['amount']])
            total += row['amount']
        writer.totals(_('Total (%d decisions)') % len(rows), {9: total})

        # summary by decision type (one aggregate query)
        writer.row += 1
        summary_row = writer.row
        for col, label in enumerate([_('Decision'), _('Count'), _('Order Amount')]):
            writer.sheet.write_string(summary_row, col, label, formats['header'])
            writer._fit(col, label, 2)
        groups = Decision.read_group(domain, ['decision', 'amount'], ['decision'], lazy=False)
        order = [key for key, _label in Decision._fields['decision'].selection]
        groups.sort(key=lambda group: order.index(group['decision']))
        for index, group in enumerate(groups, summary_row + 1):
            writer.sheet.write_string(index, 0, labels[group['decision']], formats['text'])
            writer._fit(0, labels[group['decision']])
            writer.sheet.write_number(index, 1, group['__count'], formats['integer'])
            writer.sheet.write_number(index, 2, group['amount'] or 0.0, formats['money'])
        writer.finish()
        return 'credit_holds_releases_%s_%s.xlsx' % (self.date_from, self.date_to)
