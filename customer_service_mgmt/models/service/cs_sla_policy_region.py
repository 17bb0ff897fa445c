# -*- coding: utf-8 -*-
from odoo import api, fields, models


class CsSlaPolicy(models.Model):
    """Response-time standards by service region: a row with a region applies only to
    documents of that region (service requests pass theirs in the context key
    ``cs_sla_region_id``) and wins over the rows without region, which apply everywhere.
    Within each group the host ranking (category, priority, company, sequence) decides."""
    _inherit = 'cs.sla.policy'

    region_id = fields.Many2one('cs.service.region', string='Service Region',
                                help='Empty: the standard applies in every region. Only '
                                     'service requests have a region.')

    @api.model
    def find(self, res_model, company, priority, category):
        region_id = self.env.context.get('cs_sla_region_id')
        groups = ([region_id] if region_id else []) + [False]
        for region in groups:
            found = super(CsSlaPolicy, self.with_context(cs_sla_region_filter=[region])).find(
                res_model, company, priority, category)
            if found:
                return found.with_context(cs_sla_region_filter=None)
        return self.browse()

    @api.model
    def search(self, args, offset=0, limit=None, order=None, count=False):
        # find() of the host searches the candidates: restrict them to one region group
        region_filter = self.env.context.get('cs_sla_region_filter')
        if region_filter:
            args = [('region_id', 'in', region_filter)] + list(args)
        return super(CsSlaPolicy, self).search(args, offset=offset, limit=limit, order=order,
                                               count=count)
