# -*- coding: utf-8 -*-
import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError


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
