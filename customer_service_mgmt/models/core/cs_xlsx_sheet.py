# -*- coding: utf-8 -*-
"""The Excel tools every export shares: cell formats and one report sheet writer
(xlsxwriter, in memory)."""
import unicodedata

from xlsxwriter.utility import xl_rowcol_to_cell

MIN_WIDTH, MAX_WIDTH = 8, 60


def display_width(text):
    """Width of a text in Excel character units: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in ('W', 'F') else 1 for char in text)


def format_maker(workbook):
    """``workbook.add_format`` with the exports' font and alignment as defaults."""
    base = {'font_name': 'Arial', 'font_size': 10, 'valign': 'top'}

    def fmt(**options):
        props = dict(base)
        props.update(options)
        return workbook.add_format(props)
    return fmt


def base_formats(fmt):
    """The formats every export uses (title block, header row, text, totals row)."""
    return {
        'title': fmt(bold=True, font_size=14),
        'subtitle': fmt(italic=True, font_color='#444444'),
        'header': fmt(bold=True, bg_color='#D9E1F2', border=1, text_wrap=True,
                      valign='vcenter'),
        'text': fmt(),
        'total': fmt(bold=True, top=1, bottom=6),
    }


class SheetWriter(object):
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
            width = min(display_width(text) + extra, MAX_WIDTH)
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
                self._fit(col, max(text.splitlines() or [''], key=display_width))
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
