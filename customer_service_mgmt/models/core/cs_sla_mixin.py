# -*- coding: utf-8 -*-
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import SUPERUSER_ID, _, api, fields, models

# a calendar without working time in two years cannot give a deadline
MAX_PLANNING_DAYS = 731

# SLA compliance 服务响应达标率, the one definition of the figure (complaint analysis, service
# KPIs, their pivots, graphs and Excel exports): counted per deadline, not per document.  A
# deadline is due once it is met or has passed; it is met when reached no later than itself.
# Compliance is deadlines met / deadlines due; a deadline neither met nor passed yet is not
# counted, so an open document before its deadlines gives no figure (neither 100 % nor 0 %).
# Of a group: the ratio of the group's summed counts (CsSlaReportMixin.read_group).
SLA_COMPLIANCE_HELP = ('Response-time deadlines met in time, in percent of the deadlines due. '
                       'Each acknowledgement, on-site visit and resolution deadline counts '
                       'once; a deadline is due when it is met or has passed, one not met and '
                       'not passed yet is not counted.')


class CsSlaMixin(models.AbstractModel):
    """Response-time standards on a document (complaint, service request).

    The document inherits this mixin and says, through the ``_sla_*`` attributes, which
    of its fields give the start, priority, category and team, and which deadline kinds
    it measures.  Deadlines are computed in working hours of the team's calendar when the
    document is created and when those fields change; ``_sla_reached_kinds`` (the
    document's hook) says which deadlines its current state meets.  Everything the
    escalation cron needs is stored, so it finds due documents with indexed searches.

    A document measuring a kind beyond acknowledge/resolve (e.g. ``onsite``) declares the
    five ``sla_<kind>_*`` fields itself.

    The team field (``_sla_team_field``) must point to a model inheriting
    ``_sla_team_contract`` (``cs.team.mixin``: working hours, timezone, manager, company);
    a document whose team is anything else is refused when the registry is set up.
    """
    _name = 'cs.sla.mixin'
    _description = 'Response-Time Standard Mixin'

    _sla_kinds = ('acknowledge', 'resolve')
    _sla_start_field = 'create_date'
    _sla_priority_field = 'priority'
    _sla_category_field = 'categ_id'
    _sla_team_field = 'team_id'
    _sla_state_fields = ()  # fields whose change can meet (or un-meet) a deadline
    _sla_team_contract = 'cs.team.mixin'  # what the model of the team field must inherit

    sla_policy_id = fields.Many2one('cs.sla.policy', string='Response-Time Standard',
                                    readonly=True, copy=False, ondelete='set null')
    sla_acknowledge_deadline = fields.Datetime(string='Acknowledge By', readonly=True, copy=False,
                                               index=True)
    sla_acknowledge_warn_date = fields.Datetime(string='Acknowledgement Warning At', readonly=True,
                                                copy=False, index=True)
    sla_acknowledge_reached = fields.Datetime(string='Acknowledged On', readonly=True, copy=False)
    sla_acknowledge_breached = fields.Boolean(string='Acknowledgement Late', readonly=True,
                                              copy=False)
    sla_acknowledge_warned = fields.Boolean(string='Acknowledgement Warning Sent', readonly=True,
                                            copy=False)
    sla_resolve_deadline = fields.Datetime(string='Resolve By', readonly=True, copy=False,
                                           index=True)
    sla_resolve_warn_date = fields.Datetime(string='Resolution Warning At', readonly=True,
                                            copy=False, index=True)
    sla_resolve_reached = fields.Datetime(string='Resolved On', readonly=True, copy=False)
    sla_resolve_breached = fields.Boolean(string='Resolution Late', readonly=True, copy=False)
    sla_resolve_warned = fields.Boolean(string='Resolution Warning Sent', readonly=True,
                                        copy=False)
    sla_breached = fields.Boolean(
        string='Response Time Breached', compute='_compute_sla_summary', store=True, index=True,
        help='A deadline of the response-time standard was missed (set by the escalation '
             'cron, or when a deadline is met late).')
    sla_deadline = fields.Datetime(
        string='Next Deadline', compute='_compute_sla_summary', store=True, index=True,
        help='The earliest deadline not met yet.')

    @api.model
    def _sla_field_names(self, kind):
        """(deadline, warning date, reached, breached, warned) field names of ``kind``."""
        return tuple('sla_%s_%s' % (kind, suffix)
                     for suffix in ('deadline', 'warn_date', 'reached', 'breached', 'warned'))

    @api.depends(lambda self: ['sla_%s_%s' % (kind, suffix) for kind in self._sla_kinds
                               for suffix in ('deadline', 'reached', 'breached')])
    def _compute_sla_summary(self):
        for record in self:
            kinds = record._sla_kinds
            record.sla_breached = any(record['sla_%s_breached' % kind] for kind in kinds)
            open_deadlines = [record['sla_%s_deadline' % kind] for kind in kinds
                              if record['sla_%s_deadline' % kind]
                              and not record['sla_%s_reached' % kind]]
            record.sla_deadline = min(open_deadlines) if open_deadlines else False

    @api.model
    def _sla_counts_sql(self, alias):
        """SQL expressions ``(due, met)`` counting the deadlines of the document row ``alias``
        that are due and that were met (SLA compliance, see ``SLA_COMPLIANCE_HELP``)."""
        due, met = [], []
        for kind in self._sla_kinds:
            deadline, _warn, reached, _breached, _warned = self._sla_field_names(kind)
            deadline, reached = '%s.%s' % (alias, deadline), '%s.%s' % (alias, reached)
            due.append("(%s IS NOT NULL AND (%s IS NOT NULL OR %s < now() AT TIME ZONE 'UTC'))"
                       "::int" % (deadline, reached, deadline))
            met.append('COALESCE((%s <= %s)::int, 0)' % (reached, deadline))
        return ' + '.join(due), ' + '.join(met)

    # ------------------------------------------------------------------ team contract
    @api.model
    def _setup_complete(self):
        result = super(CsSlaMixin, self)._setup_complete()
        if not self._abstract:
            self._sla_check_team_contract()
        return result

    @api.model
    def _sla_check_team_contract(self, team_field=None):
        """Refuse a team field whose model does not inherit the team contract."""
        team_field = team_field or self._sla_team_field
        field = self._fields.get(team_field)
        contract = type(self.env[self._sla_team_contract])
        if field is None or field.type != 'many2one' or \
                not isinstance(self.env[field.comodel_name], contract):
            raise TypeError('%s: the response-time team field %r must be a many2one to a model '
                            'inheriting %s.' % (self._name, team_field, self._sla_team_contract))

    # ------------------------------------------------------------------ hooks
    def _sla_reached_kinds(self):
        """Kinds whose deadline the document's current state meets (set of kind names)."""
        return set()

    def _sla_calendar(self):
        """(working-hours calendar, timezone name) the deadlines are counted in."""
        team = self[self._sla_team_field]
        company = self.company_id
        return (team.resource_calendar_id or company.resource_calendar_id,
                team.tz or company.partner_id.tz or 'UTC')

    # ------------------------------------------------------------------ deadlines
    def _sla_add_working_hours(self, start, hours):
        """``start`` (naive UTC) plus ``hours`` of working time: the calendar's attendances
        minus its leaves without a resource (public holidays); naive UTC, or False when
        the calendar has no working time in the next two years."""
        calendar, tz = self._sla_calendar()
        if not calendar.attendance_ids:
            return start + timedelta(hours=hours)
        calendar = calendar.with_context(tz=tz)
        local = pytz.utc.localize(start).astimezone(pytz.timezone(tz)).replace(tzinfo=None)
        remaining = timedelta(hours=hours)
        day, start_time = local.date(), local.time()
        for _count in range(MAX_PLANNING_DAYS):
            for interval in calendar._get_day_work_intervals(day, start_time=start_time,
                                                              compute_leaves=True):
                length = interval[1] - interval[0]
                if remaining <= length:
                    return interval[0] + remaining
                remaining -= length
            day, start_time = day + timedelta(days=1), None
        return False

    def _sla_deadline_values(self, kind, policy, start):
        """Values setting the deadline of ``kind`` from ``start``; the warning and breach
        flags restart only when the deadline moves."""
        deadline_field, warn_field, _reached, breached_field, warned_field = \
            self._sla_field_names(kind)
        hours = policy['%s_hours' % kind] if policy else 0.0
        deadline = warn_date = False
        if hours and start:
            start = fields.Datetime.from_string(start)
            deadline = fields.Datetime.to_string(self._sla_add_working_hours(start, hours))
            if 0 < policy.warning_hours < hours:
                warn_date = fields.Datetime.to_string(
                    self._sla_add_working_hours(start, hours - policy.warning_hours))
        values = {}
        if warn_date != self[warn_field]:
            values[warn_field] = warn_date
        if deadline != self[deadline_field]:
            values.update({deadline_field: deadline, breached_field: False, warned_field: False})
        return values

    def _sla_compute_deadlines(self):
        """Find the standard and set the deadlines not met yet (met ones stay as they were)."""
        policies = self.env['cs.sla.policy'].sudo()
        for record in self:
            policy = policies.find(record._name, record.company_id,
                                   record[record._sla_priority_field],
                                   record[record._sla_category_field])
            start = record[record._sla_start_field]
            values = {'sla_policy_id': policy.id}
            for kind in record._sla_kinds:
                if not record[record._sla_field_names(kind)[2]]:
                    values.update(record._sla_deadline_values(kind, policy, start))
            record.write(values)

    def _sla_restart(self, kinds):
        """Measure ``kinds`` again from now (e.g. a reopened complaint must be resolved anew)."""
        now = fields.Datetime.now()
        for record in self:
            values = {}
            for kind in kinds:
                values.update(dict.fromkeys(record._sla_field_names(kind)[2:], False))
                values.update(record._sla_deadline_values(kind, record.sla_policy_id, now))
            record.write(values)

    def _sla_sync_reached(self):
        """Stamp the deadlines the current state meets; a late stamp flags the breach."""
        now = fields.Datetime.now()
        for record in self:
            reached_kinds = record._sla_reached_kinds()
            values = {}
            for kind in record._sla_kinds:
                deadline, _warn, reached, breached, _warned = record._sla_field_names(kind)
                if kind in reached_kinds and not record[reached]:
                    values[reached] = now
                    if record[deadline] and now > record[deadline]:
                        values[breached] = True
                elif kind not in reached_kinds and record[reached]:
                    values[reached] = False
            if values:
                record.write(values)

    # ------------------------------------------------------------------ escalation
    def _sla_escalate(self, kind, phase):
        """Activities for the managers of these documents, whose ``kind`` deadline is near
        (``phase`` 'warning') or missed ('breach'); returns {manager: documents}."""
        label = self.env['cs.sla.policy']._kind_labels()[kind]
        if phase == 'breach':
            summary = _('Response time breached: %s') % label
            note = _('The deadline passed before it was met. Take over or reassign.')
        else:
            summary = _('Response time warning: %s') % label
            note = _('The deadline is near and not met yet.')
        # only the team and company columns: prefetching whole documents (descriptions,
        # resolutions...) of every batch was a good part of the cron's time
        rows = self.with_context(prefetch_fields=False).read(
            [self._sla_team_field, 'company_id'], load=None)
        teams = self.env[self._fields[self._sla_team_field].comodel_name].browse(
            {row[self._sla_team_field] for row in rows} - {False})
        team_managers = {team.id: team.manager_id for team in teams}
        fallback = {}
        by_manager = defaultdict(list)
        for row in rows:
            manager = team_managers.get(row[self._sla_team_field])
            if not manager:
                company = row['company_id']
                if company not in fallback:
                    fallback[company] = self._sla_fallback_manager(
                        self.env['res.company'].browse(company))
                manager = fallback[company]
            if manager:
                by_manager[manager].append(row['id'])
        scheduler = self.env['cs.activity.scheduler']
        result = {}
        for manager, ids in by_manager.items():
            result[manager] = self.browse(ids)
            scheduler.schedule_activities(result[manager], manager, summary, note)
        return result

    @api.model
    def _sla_fallback_manager(self, company):
        """A customer service manager of ``company``, for documents of a team without one."""
        managers = self.env.ref('customer_service_mgmt.group_cs_manager').users.filtered(
            lambda user: company in user.company_ids)
        return managers.sorted(lambda user: (user.id == SUPERUSER_ID, user.id))[:1]

    # ------------------------------------------------------------------ ORM
    @api.model
    def create(self, vals):
        record = super(CsSlaMixin, self).create(vals)
        record._sla_compute_deadlines()
        record._sla_sync_reached()
        return record

    @api.multi
    def write(self, vals):
        result = super(CsSlaMixin, self).write(vals)
        triggers = {self._sla_priority_field, self._sla_category_field, self._sla_team_field,
                    self._sla_start_field, 'company_id'}
        if triggers.intersection(vals):
            self._sla_compute_deadlines()
        if set(self._sla_state_fields).intersection(vals):
            self._sla_sync_reached()
        return result


class CsSlaReportMixin(models.AbstractModel):
    """SLA compliance in a report (SQL view, one row per document): the rows carry their
    deadlines due and met (``cs.sla.mixin._sla_counts_sql``) and the compliance of their
    own deadlines; ``read_group`` gives every group the ratio of its summed counts (a ratio
    of sums cannot be averaged row by row)."""
    _name = 'cs.sla.report.mixin'
    _description = 'SLA Compliance Report Mixin'

    sla_due_count = fields.Integer(string='Deadlines Due', readonly=True,
                                   help='Response-time deadlines that are met or already '
                                        'passed.')
    sla_met_count = fields.Integer(string='Deadlines Met', readonly=True,
                                   help='Response-time deadlines met in time.')
    sla_compliance = fields.Float(string='SLA Compliance (%)', readonly=True,
                                  group_operator='avg', help=SLA_COMPLIANCE_HELP)

    @api.model
    def _sla_columns_sql(self, due, met):
        """The view's three columns from the ``(due, met)`` expressions of a document."""
        return ('%(due)s AS sla_due_count, %(met)s AS sla_met_count, '
                'CASE WHEN %(due)s > 0 THEN 100.0 * (%(met)s) / (%(due)s) END AS sla_compliance'
                % {'due': due, 'met': met})

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """The groups' SLA compliance from their summed met and due deadlines."""
        wanted = 'sla_compliance' in fields
        if wanted:
            fields = [name for name in fields if name != 'sla_compliance']
            fields += [name for name in ('sla_met_count', 'sla_due_count') if name not in fields]
        groups = super(CsSlaReportMixin, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if wanted:
            for group in groups:
                group['sla_compliance'] = self.compliance(group['sla_met_count'],
                                                          group['sla_due_count'])
        return groups

    @api.model
    def compliance(self, met, due):
        """Percentage of due deadlines met; False when none is due (no figure, not 0 %)."""
        return round(100.0 * (met or 0) / due, 2) if due else False
