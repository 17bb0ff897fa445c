# -*- coding: utf-8 -*-
import base64
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .cs_xlsx_sheet import base_formats, display_width, format_maker


class CsXlsxExportMixin(models.AbstractModel):
    """What the Excel export wizards share: the company whose figures are exported, the
    access check on creation (transient models have no access rights in Odoo 11) and the
    download step.  A wizard says who may export in ``_check_export_access`` and builds
    the workbook in ``_build``."""
    _name = 'cs.xlsx.export.mixin'
    _description = 'Excel Export Wizard'

    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id,
                                 domain=lambda self: [('id', 'in', self.env.user.company_ids.ids),
                                                      ('id', 'child_of', self.env.user.company_id.ids)])
    state = fields.Selection([('choose', 'Choose'), ('done', 'Done')], default='choose')
    file_data = fields.Binary(string='File', readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _check_export_access(self, company=None):
        """Raise AccessError unless the user may export (``company``'s figures); the
        wizards say who may, nobody by default."""
        raise AccessError(_('You are not allowed to export these reports.'))

    @api.model
    def _company_allowed(self, company):
        """``company`` is the user's current company or one of its children: what the
        multi-company record rules let the user read."""
        user = self.env.user
        return company in user.company_ids and bool(company.sudo().search_count(
            [('id', '=', company.id), ('id', 'child_of', user.company_id.ids)]))

    @api.model
    def create(self, vals):
        self._check_export_access(self.env['res.company'].browse(vals.get('company_id')))
        return super(CsXlsxExportMixin, self).create(vals)

    def _export_title(self):
        return _('Export')

    @api.multi
    def action_export(self):
        """Build the workbook and show the wizard again with the file to download."""
        self.ensure_one()
        content, file_name = self._build()
        self.write({'file_data': base64.b64encode(content), 'file_name': file_name,
                    'state': 'done'})
        return {
            'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
            'view_mode': 'form', 'views': [(False, 'form')], 'target': 'new',
            'name': self._export_title(),
        }

    def _money_formats(self, workbook):
        """The cell formats of the exports' sheets, money in the company's currency:
        (formats, width of the currency symbol)."""
        currency = self.company_id.currency_id
        number = '#,##0' + ('.' + '0' * currency.decimal_places if currency.decimal_places else '')
        symbol = '"%s"' % (currency.symbol or currency.name).replace('"', '')
        money = ('%s %s' % (symbol, number) if currency.position == 'before'
                 else '%s %s' % (number, symbol))
        fmt = format_maker(workbook)
        formats = base_formats(fmt)
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
        return formats, display_width(currency.symbol or currency.name) + 1

    def _subtitles(self, period):
        company = self.company_id
        return (_('Company: %s') % company.name, period,
                _('Currency: %s') % company.currency_id.name)

    def _utc_bounds(self, date_from, date_to):
        """The period's first and last moments in the user's time zone, as UTC strings."""
        tz = pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        start = tz.localize(datetime.combine(fields.Date.from_string(date_from), time.min))
        end = tz.localize(datetime.combine(fields.Date.from_string(date_to)
                                           + timedelta(days=1), time.min))
        return (fields.Datetime.to_string(start.astimezone(pytz.utc)),
                fields.Datetime.to_string(end.astimezone(pytz.utc)))
