# -*- coding: utf-8 -*-
"""Excel (.xlsx) satisfaction report with native charts (xlsxwriter): the trend of CSI, NPS
and CSAT across campaigns, the CSI per dimension and campaign, the NPS distribution.

Figures come from the stored scores, aggregated in the database (read_group / the
campaign's grouped queries), read with the user's rights."""
import base64
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CsSatisfactionXlsxExport(models.TransientModel):
    _name = 'cs.satisfaction.xlsx.export'
    _description = 'Satisfaction Report Export (Excel)'

    def _default_campaigns(self):
        if self.env.context.get('active_model') == 'cs.satisfaction.campaign':
            return [(6, 0, self.env.context.get('active_ids') or [])]
        return [(6, 0, self.env['cs.satisfaction.campaign'].search([], limit=8).ids)]

    campaign_ids = fields.Many2many('cs.satisfaction.campaign', string='Campaigns',
                                    default=_default_campaigns)
    state = fields.Selection([('choose', 'Choose'), ('done', 'Done')], string='Status',
                             default='choose')
    file_data = fields.Binary(string='File', readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.multi
    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group('customer_service_mgmt.group_cs_user'):
            raise UserError(_('Only customer service users may export satisfaction reports.'))
        campaigns = self.campaign_ids.sorted(lambda c: (c.date_start, c.id))
        if not campaigns:
            raise UserError(_('Choose at least one campaign.'))
        self.write({'file_data': base64.b64encode(self._workbook(campaigns)),
                    'file_name': 'satisfaction_%s.xlsx' % fields.Date.context_today(self),
                    'state': 'done'})
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new'}

    def _workbook(self, campaigns):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {'in_memory': True})
        fmt = {
            'title': book.add_format({'bold': True, 'font_size': 14}),
            'header': book.add_format({'bold': True, 'bg_color': '#DDEBF7', 'border': 1,
                                       'text_wrap': True}),
            'text': book.add_format({'border': 1}),
            'int': book.add_format({'border': 1, 'num_format': '0'}),
            'dec': book.add_format({'border': 1, 'num_format': '0.0'}),
        }
        self._trend_sheet(book, fmt, campaigns)
        self._dimension_sheet(book, fmt, campaigns)
        self._nps_sheet(book, fmt, campaigns)
        book.close()
        return output.getvalue()

    @staticmethod
    def _write_table(sheet, fmt, title, header, rows, kinds):
        sheet.write_string(0, 0, title, fmt['title'])
        for col, label in enumerate(header):
            sheet.write_string(2, col, label, fmt['header'])
            sheet.set_column(col, col, max(12, len(label) + 2))
        for row, values in enumerate(rows, 3):
            for col, (value, kind) in enumerate(zip(values, kinds)):
                if value is None:  # no answer in this dimension: blank, not a zero score
                    sheet.write_blank(row, col, None, fmt[kind])
                elif kind == 'text':
                    sheet.write_string(row, col, value, fmt['text'])
                else:
                    sheet.write_number(row, col, value, fmt[kind])
        return 3, 3 + len(rows) - 1  # first and last data rows

    def _trend_sheet(self, book, fmt, campaigns):
        sheet = book.add_worksheet(_('Trend'))
        figures = campaigns.figures()
        rows = [(c.display_name, c.title, '%s - %s' % (c.date_start, c.date_end),
                 figures[c.id]['invited_count'], figures[c.id]['answered_count'],
                 figures[c.id]['response_rate'], figures[c.id]['csi'], figures[c.id]['nps'],
                 figures[c.id]['csat']) for c in campaigns]
        first, last = self._write_table(
            sheet, fmt, _('Satisfaction trend across campaigns'),
            [_('Campaign'), _('Title'), _('Period'), _('Invited'), _('Answered'),
             _('Response Rate (%)'), _('CSI'), _('NPS'), _('CSAT (%)')],
            rows, ['text', 'text', 'text', 'int', 'int', 'dec', 'dec', 'dec', 'dec'])
        chart = book.add_chart({'type': 'line'})
        for col in (6, 7, 8):
            chart.add_series({'name': [sheet.name, 2, col],
                              'categories': [sheet.name, first, 0, last, 0],
                              'values': [sheet.name, first, col, last, col],
                              'marker': {'type': 'circle'}})
        chart.set_title({'name': _('CSI, NPS and CSAT by campaign')})
        sheet.insert_chart(last + 3, 0, chart, {'x_scale': 1.6, 'y_scale': 1.2})

    def _dimension_sheet(self, book, fmt, campaigns):
        sheet = book.add_worksheet(_('Dimensions'))
        groups = self.env['cs.satisfaction.response.line'].read_group(
            [('campaign_id', 'in', campaigns.ids)], ['campaign_id', 'dimension_id', 'score'],
            ['dimension_id', 'campaign_id'], lazy=False)
        scores = {(g['dimension_id'][0], g['campaign_id'][0]): g['score'] for g in groups}
        dimensions = self.env['cs.satisfaction.dimension'].with_context(active_test=False).search(
            [('id', 'in', [key[0] for key in scores])])
        rows = [[dimension.name] + [scores.get((dimension.id, c.id)) for c in campaigns]
                for dimension in dimensions]
        first, last = self._write_table(sheet, fmt, _('CSI per dimension'),
                                  [_('Dimension')] + campaigns.mapped('display_name'), rows,
                                  ['text'] + ['dec'] * len(campaigns))
        if not rows:
            return
        chart = book.add_chart({'type': 'column'})
        for col, campaign in enumerate(campaigns, 1):
            chart.add_series({'name': [sheet.name, 2, col],
                              'categories': [sheet.name, first, 0, last, 0],
                              'values': [sheet.name, first, col, last, col]})
        chart.set_title({'name': _('CSI per dimension')})
        chart.set_y_axis({'min': 0, 'max': 100})
        sheet.insert_chart(last + 3, 0, chart, {'x_scale': 1.6, 'y_scale': 1.2})

    def _nps_sheet(self, book, fmt, campaigns):
        sheet = book.add_worksheet(_('NPS'))
        groups = self.env['cs.satisfaction.response'].read_group(
            [('campaign_id', 'in', campaigns.ids), ('nps_answered', '=', 1)],
            ['nps_score'], ['nps_score'])
        counts = {g['nps_score']: g['nps_score_count'] for g in groups}
        rows = [(str(score), counts.get(score, 0)) for score in range(11)]
        first, last = self._write_table(sheet, fmt, _('Recommendation answers (0-10)'),
                                  [_('Answer'), _('Responses')], rows, ['text', 'int'])
        chart = book.add_chart({'type': 'column'})
        chart.add_series({'name': _('Responses'),
                          'categories': [sheet.name, first, 0, last, 0],
                          'values': [sheet.name, first, 1, last, 1],
                          'points': [{'fill': {'color': '#C0504D'}}] * 7 +
                                    [{'fill': {'color': '#F79646'}}] * 2 +
                                    [{'fill': {'color': '#9BBB59'}}] * 2})
        chart.set_title({'name': _('NPS distribution: detractors 0-6, passives 7-8, '
                                   'promoters 9-10')})
        chart.set_legend({'none': True})
        sheet.insert_chart(last + 3, 0, chart, {'x_scale': 1.4, 'y_scale': 1.2})
