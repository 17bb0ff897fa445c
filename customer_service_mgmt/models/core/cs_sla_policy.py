# -*- coding: utf-8 -*-
"""Response-time standards 服务响应时间细则 and their escalation cron."""
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# the priority scale shared by every document under a response-time standard
PRIORITIES = [('0', 'Low'), ('1', 'Normal'), ('2', 'High'), ('3', 'Urgent')]

# documents listed in one escalation mail; the rest is counted
DIGEST_LINES = 100


class CsSlaPolicy(models.Model):
    """One row of the response-time table: for documents of a model, a priority and a
    category, how many working hours the team has to acknowledge, be on site and resolve.

    The most specific matching row wins (category, then priority, then company), then the
    lowest sequence.  Empty priority, category or company match everything.
    """
    _name = 'cs.sla.policy'
    _description = 'Response-Time Standard'
    _order = 'res_model, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company',
                                 help='Empty: the standard applies in every company.')
    res_model = fields.Selection('_selection_sla_models', string='Applies To', required=True)
    priority = fields.Selection(PRIORITIES,
                                help='Empty: the standard applies to every priority.')
    category_ref = fields.Reference('_selection_category_models', string='Category',
                                    help='Empty: the standard applies to every category.')
    acknowledge_hours = fields.Float(string='Acknowledge Within (h)',
                                     help='Working hours to acknowledge; 0: no deadline.')
    onsite_hours = fields.Float(string='On Site Within (h)',
                                help='Working hours to be at the customer\'s site; 0: no deadline. '
                                     'Only documents with on-site visits use it.')
    resolve_hours = fields.Float(string='Resolve Within (h)',
                                 help='Working hours to resolve; 0: no deadline.')
    warning_hours = fields.Float(string='Warn Before Breach (h)', default=2.0,
                                 help='The team manager is warned this many working hours before '
                                      'a deadline; deadlines shorter than this get no warning.')
    uses_onsite = fields.Boolean(compute='_compute_uses_onsite', string='Uses On-site Deadline')

    @api.model
    def _sla_models(self):
        """Names of the concrete models that inherit the SLA mixin."""
        children = self.env.registry['cs.sla.mixin']._inherit_children
        return [name for name in children
                if not self.env[name]._abstract and not self.env[name]._transient]

    @api.model
    def _selection_sla_models(self):
        return [(name, self.env[name]._description) for name in self._sla_models()]

    @api.model
    def _selection_category_models(self):
        models_ = set()
        for name in self._sla_models():
            field = self.env[name]._fields.get(self.env[name]._sla_category_field)
            if field and field.type == 'many2one':
                models_.add(field.comodel_name)
        return [(name, self.env[name]._description) for name in sorted(models_)]

    @api.depends('res_model')
    def _compute_uses_onsite(self):
        for policy in self:
            policy.uses_onsite = bool(policy.res_model) \
                and 'onsite' in self.env[policy.res_model]._sla_kinds

    @api.constrains('acknowledge_hours', 'onsite_hours', 'resolve_hours', 'warning_hours')
    def _check_hours(self):
        for policy in self:
            hours = [policy.acknowledge_hours, policy.onsite_hours, policy.resolve_hours]
            if min(hours + [policy.warning_hours]) < 0:
                raise ValidationError(_('Response-time hours cannot be negative (%s).') % policy.name)
            if not any(hours):
                raise ValidationError(_('Response-time standard %s sets no deadline: give the hours '
                                        'to acknowledge, be on site or resolve.') % policy.name)

    @api.constrains('res_model', 'category_ref')
    def _check_category_model(self):
        for policy in self.filtered('category_ref'):
            document = self.env[policy.res_model]
            field = document._fields.get(document._sla_category_field)
            if not field or field.comodel_name != policy.category_ref._name:
                raise ValidationError(
                    _('Response-time standard %(standard)s: a %(category)s is not a category of '
                      '%(document)s.') % {
                        'standard': policy.name, 'category': policy.category_ref._description,
                        'document': document._description})

    @api.model
    def find(self, res_model, company, priority, category):
        """The standard for a document: the most specific active row that matches."""
        category_ref = category and '%s,%d' % (category._name, category.id)
        candidates = self.search([
            ('res_model', '=', res_model), ('company_id', 'in', [company.id, False]),
            ('priority', 'in', [priority, False]), ('category_ref', 'in', [category_ref, False])])
        if not candidates:
            return candidates
        return min(candidates, key=lambda p: (not p.category_ref, not p.priority,
                                              not p.company_id, p.sequence, p.id))

    # ------------------------------------------------------------------ escalation
    @api.model
    def _cron_escalate(self, batch_size=500):
        """Warn the team manager before a deadline and escalate at the breach, once each.

        Due documents are found by indexed searches on the stored deadlines and flags and
        handled in batches; each manager gets one mail per run listing his documents.
        """
        now = fields.Datetime.now()
        digest = defaultdict(list)
        for name in self._sla_models():
            documents = self.env[name].sudo()
            for kind in documents._sla_kinds:
                deadline, warn_date, reached, breached, warned = documents._sla_field_names(kind)
                # breaches first: a document past both its warning and its deadline only
                # needs the breach escalation
                self._escalate_due(documents, kind, 'breach', [
                    (deadline, '<=', now), (reached, '=', False), (breached, '=', False)],
                    {breached: True, warned: True}, digest, batch_size)
                self._escalate_due(documents, kind, 'warning', [
                    (warn_date, '<=', now), (deadline, '>', now), (reached, '=', False),
                    (warned, '=', False)], {warned: True}, digest, batch_size)
        self._send_digests(digest)
        return True

    def _escalate_due(self, documents, kind, phase, domain, done_values, digest, batch_size):
        while True:
            batch = documents.search(domain, limit=batch_size, order='id')
            if not batch:
                return
            for manager, records in batch._sla_escalate(kind, phase).items():
                digest[manager].extend((record, kind, phase) for record in records)
            self._mark_escalated(batch, done_values)

    def _mark_escalated(self, batch, done_values):
        """Set the escalation flags in one UPDATE: they are bookkeeping of this cron (no
        business rule or tracking hangs on them), and the ORM write of a batch of complaints
        was half of the cron's time.  A breach also sets the stored summary ``sla_breached``
        that its compute would derive; ``sla_deadline`` depends on no flag written here."""
        values = dict(done_values)
        if any(name.endswith('_breached') for name in values):
            values['sla_breached'] = True
        columns = sorted(values)
        self.env.cr.execute(
            'UPDATE "%s" SET %s, write_uid = %%s, write_date = (now() at time zone \'UTC\') '
            'WHERE id IN %%s' % (batch._table, ', '.join('"%s" = %%s' % name for name in columns)),
            [values[name] for name in columns] + [self.env.uid, tuple(batch.ids)])
        batch.invalidate_cache(columns + ['write_uid', 'write_date'], batch.ids)

    def _kind_labels(self):
        """Deadline kinds (``_sla_kinds`` of the documents) in the context's language."""
        return {'acknowledge': _('Acknowledgement'), 'onsite': _('On-site visit'),
                'resolve': _('Resolution')}

    def _send_digests(self, digest):
        template = self.env.ref('customer_service_mgmt.mail_template_cs_sla_escalation')
        base_url = self.env['ir.config_parameter'].sudo().get_param('web.base.url')
        for manager, entries in digest.items():
            kinds = self.with_context(lang=manager.lang)._kind_labels()
            lines = []
            for record, kind, phase in entries[:DIGEST_LINES]:
                deadline = fields.Datetime.from_string(record['sla_%s_deadline' % kind])
                local = fields.Datetime.context_timestamp(
                    record.with_context(tz=manager.tz or 'UTC'), deadline)
                lines.append({
                    'name': record.display_name, 'kind': kinds[kind],
                    'breached': phase == 'breach', 'deadline': local.strftime('%Y-%m-%d %H:%M'),
                    'url': '%s/web#id=%d&model=%s&view_type=form' % (
                        base_url, record.id, record._name),
                })
            breaches = sum(1 for entry in entries if entry[2] == 'breach')
            template.with_context(
                lang=manager.lang, cs_sla_lines=lines, cs_sla_breaches=breaches,
                cs_sla_warnings=len(entries) - breaches,
                cs_sla_more=max(len(entries) - DIGEST_LINES, 0)).send_mail(manager.id)
