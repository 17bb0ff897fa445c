# -*- coding: utf-8 -*-
"""Excel (.xlsx) exports of the credit reports, built in memory with xlsxwriter:
credit exposure by customer, receivables ageing, credit holds and releases.

The figures are read with the user's rights (access rules and multi-company record rules
apply) and aggregated in the database (read_group / SQL), never by looping over lines.
"""
import io
import unicodedata
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

# who may export (checked on the server: transient models have no access rights in Odoo 11)
EXPORT_GROUPS = ('customer_service_mgmt.group_credit_controller', 'account.group_account_invoice')

MIN_WIDTH, MAX_WIDTH = 8, 60


def _display_width(text):
    """Width of a text in Excel character units: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in ('W', 'F') else 1 for char in text)


def _format_maker(workbook):
    """``workbook.add_format`` with the exports' font and alignment as defaults."""
    base = {'font_name': 'Arial', 'font_size': 10, 'valign': 'top'}

    def fmt(**options):
        props = dict(base)
        props.update(options)
        return workbook.add_format(props)
    return fmt


def _base_formats(fmt):
    """The formats every export uses (title block, header row, text, totals row)."""
    return {
        'title': fmt(bold=True, font_size=14),
        'subtitle': fmt(italic=True, font_color='#444444'),
        'header': fmt(bold=True, bg_color='#D9E1F2', border=1, text_wrap=True,
                      valign='vcenter'),
        'text': fmt(),
        'total': fmt(bold=True, top=1, bottom=6),
    }


class _SheetWriter(object):
    """One report sheet: title block, header row (frozen, filtered), typed data rows, a
    totals row with SUM formulas (their computed value cached for viewers that do not
    recalculate) and column widths fitted to the content."""

    def __init__(self, workbook, name, formats, symbol_width):
        self.sheet = workbook.add_worksheet(name[:31])
        self.formats = formats
        self.symbol_width = symbol_width  # room for the currency symbol in money cells
        self.widths = {}
        self.row = 0
        self.columns = []
        self.header_row = self.first_row = None

    def _fit(self, col, text, extra=0):
        if text:
            width = min(_display_width(text) + extra, MAX_WIDTH)
            self.widths[col] = max(self.widths.get(col, MIN_WIDTH), width)

    def title(self, name, *lines):
        self.sheet.set_row(0, 22)
        self.sheet.write_string(0, 0, name, self.formats['title'])
        for index, line in enumerate(lines, 1):
            self.sheet.write_string(index, 0, line, self.formats['subtitle'])
        self.row = len(lines) + 2  # one blank row before the table

    def header(self, columns):
        """``columns``: (label, kind) with kind in text, wrap, money, integer, decimal (rates,
        hours: one decimal), datetime."""
        self.columns = columns
        self.header_row = self.row
        self.sheet.set_row(self.row, 30)
        for col, (label, _kind) in enumerate(columns):
            self.sheet.write_string(self.row, col, label, self.formats['header'])
            self._fit(col, label, 2)
        self.sheet.freeze_panes(self.row + 1, 0)
        self.row += 1
        self.first_row = self.row

    def line(self, values):
        for col, value in enumerate(values):
            kind = self.columns[col][1]
            fmt = self.formats[kind]
            if value is None or value is False:
                self.sheet.write_blank(self.row, col, None, fmt)
            elif kind == 'money':
                self.sheet.write_number(self.row, col, value, fmt)
                self._fit(col, '{:,.2f}'.format(value), self.symbol_width)
            elif kind == 'integer':
                self.sheet.write_number(self.row, col, value, fmt)
                self._fit(col, str(value))
            elif kind == 'decimal':
                self.sheet.write_number(self.row, col, value, fmt)
                self._fit(col, '{:,.1f}'.format(value))
            elif kind == 'datetime':
                self.sheet.write_datetime(self.row, col, value, fmt)
                self._fit(col, '0000-00-00 00:00')
            else:
                text = str(value)
                self.sheet.write_string(self.row, col, text, fmt)
                self._fit(col, max(text.splitlines() or [''], key=_display_width))
        self.row += 1

    def totals(self, label, totals, figures=None):
        """Totals row: ``totals`` maps a column to its computed total; the cell gets a SUM
        formula over the data rows with that value cached.  ``figures`` maps a column to an
        overall value that is no sum of the rows (a rate, an average), written as is."""
        figures = figures or {}
        last_row = self.row - 1
        for col, (_label, kind) in enumerate(self.columns):
            total_format = self.formats['total_' + kind] if ('total_' + kind) in self.formats \
                else self.formats['total']
            if col == 0:
                self.sheet.write_string(self.row, col, label, self.formats['total'])
            elif col in totals and last_row >= self.first_row:
                formula = '=SUM(%s:%s)' % (xl_rowcol_to_cell(self.first_row, col),
                                           xl_rowcol_to_cell(last_row, col))
                self.sheet.write_formula(self.row, col, formula, total_format, totals[col])
            elif col in totals:
                self.sheet.write_number(self.row, col, totals[col], total_format)
            elif figures.get(col) is not None and figures[col] is not False:
                self.sheet.write_number(self.row, col, figures[col], total_format)
            else:
                self.sheet.write_blank(self.row, col, None, total_format)
        if self.columns:
            self.sheet.autofilter(self.header_row, 0, max(last_row, self.header_row),
                                  len(self.columns) - 1)
        self.row += 1

    def finish(self):
        for col, (_label, kind) in enumerate(self.columns):
            width = self.widths.get(col, MIN_WIDTH)
            if kind == 'wrap':
                width = max(width, 30)
            self.sheet.set_column(col, col, width + 1)


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
        formats, symbol_width = self._formats(workbook)
        builder = getattr(self, '_sheet_%s' % self.report)
        file_name = builder(workbook, formats, symbol_width)
        workbook.close()
        return output.getvalue(), file_name

    # ------------------------------------------------------------------ formats
    def _formats(self, workbook):
        currency = self.company_id.currency_id
        number = '#,##0' + ('.' + '0' * currency.decimal_places if currency.decimal_places else '')
        symbol = '"%s"' % (currency.symbol or currency.name).replace('"', '')
        money = ('%s %s' % (symbol, number) if currency.position == 'before'
                 else '%s %s' % (number, symbol))
        fmt = _format_maker(workbook)
        formats = _base_formats(fmt)
        formats.update({
            'wrap': fmt(text_wrap=True),
            'money': fmt(num_format=money),
            'integer': fmt(num_format='#,##0'),
            'decimal': fmt(num_format='#,##0.0'),
            'datetime': fmt(num_format='yyyy-mm-dd hh:mm'),
            'total_money': fmt(bold=True, top=1, bottom=6, num_format=money),
            'total_integer': fmt(bold=True, top=1, bottom=6, num_format='#,##0'),
            'total_decimal': fmt(bold=True, top=1, bottom=6, num_format='#,##0.0'),
        })
        return formats, _display_width(currency.symbol or currency.name) + 1

    def _today(self):
        return fields.Date.context_today(self)

    def _subtitles(self, period):
        company = self.company_id
        return (_('Company: %s') % company.name, period,
                _('Currency: %s') % company.currency_id.name)

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
        writer = _SheetWriter(workbook, _('Credit Exposure'), formats, symbol_width)
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
        """Overdue per commercial partner, as the credit policy counts it: open receivables
        past their due date plus the customer's credit terms (one query over the per-due-date
        totals kept by the exposure triggers)."""
        if not partner_ids:
            return {}
        self.env.cr.execute("""
            SELECT due.partner_id, SUM(due.residual)
            FROM cs_credit_due due
            JOIN res_partner p ON p.id = due.partner_id
            WHERE due.partner_id IN %s AND due.company_id = %s
              AND due.date_maturity + COALESCE(p.cs_credit_terms_days, 0) < %s
            GROUP BY due.partner_id""", (tuple(partner_ids), company.id, today))
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------ ageing
    def _sheet_ageing(self, workbook, formats, symbol_width):
        company = self.company_id
        today = self._today()
        buckets = ['not_due', 'days_0_30', 'days_31_60', 'days_61_90', 'days_90_plus', 'residual']
        groups = self.env['cs.credit.ageing.report'].read_group(
            [('company_id', '=', company.id)], ['partner_id'] + buckets, ['partner_id'],
            orderby='partner_id', lazy=False)

        writer = _SheetWriter(workbook, _('Receivables Ageing'), formats, symbol_width)
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
    def _utc_bounds(self):
        """The period's first and last moments in the user's time zone, as UTC strings."""
        tz = pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        start = tz.localize(datetime.combine(fields.Date.from_string(self.date_from), time.min))
        end = tz.localize(datetime.combine(fields.Date.from_string(self.date_to)
                                           + timedelta(days=1), time.min))
        return (fields.Datetime.to_string(start.astimezone(pytz.utc)),
                fields.Datetime.to_string(end.astimezone(pytz.utc)))

    def _sheet_decisions(self, workbook, formats, symbol_width):
        company = self.company_id
        start, end = self._utc_bounds()
        domain = [('company_id', '=', company.id), ('date', '>=', start), ('date', '<', end)]
        Decision = self.env['cs.credit.decision']
        rows = Decision.search(domain, order='date, id').read(
            ['date', 'order_id', 'partner_id', 'decision', 'user_id', 'reason', 'limit',
             'exposure', 'overdue', 'amount'])
        labels = dict(Decision._fields['decision']._description_selection(self.env))

        writer = _SheetWriter(workbook, _('Holds and Releases'), formats, symbol_width)
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
