"""Shared document models (issue 13 item 2): the rules of ``cs.customer.document``,
``cs.numbered.document`` and ``cs.followup.mixin`` hold identically — same outcome, same
message — for complaints, service requests and interactions; teams and outlets fulfil
the SLA mixin's team contract (``cs.team.mixin``); the columns stay where they were."""
from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError

from .service_common import ServiceCase

CUSTOMER_DOCUMENTS = ('cs.complaint', 'cs.service.request', 'cs.interaction')
NUMBERED_DOCUMENTS = {'cs.complaint': 'CP/', 'cs.service.request': 'SR/'}
FOLLOWUP_DOCUMENTS = ('cs.complaint', 'cs.service.request')


class SharedDocumentCase(ServiceCase):

    def make_document(self, model, **values):
        if model == 'cs.complaint':
            return self.make_complaint(**values)
        if model == 'cs.service.request':
            return self.make_request(**values)
        vals = {'partner_id': self.customer.id, 'purpose': 'Delivery date question'}
        vals.update(values)
        return self.env['cs.interaction'].create(vals)

    @contextmanager
    def refused(self, exception, message, model):
        """The block raises ``exception`` with exactly ``message`` (and is rolled back)."""
        with self.assertRaises(exception, msg=model) as caught, self.env.cr.savepoint():
            yield
        self.assertEqual(caught.exception.name, message, model)

    def assertRefused(self, exception, message, model, **values):
        """Creating a ``model`` document with ``values`` raises ``exception`` with
        exactly ``message``."""
        with self.refused(exception, message, model):
            self.make_document(model, **values)


class TestCustomerDocument(SharedDocumentCase):

    def test_the_documents_share_the_models(self):
        for model in CUSTOMER_DOCUMENTS:
            self.assertIsInstance(self.env[model], type(self.env['cs.customer.document']), model)
            for name in ('partner_id', 'contact_id', 'company_id', 'currency_id'):
                self.assertIn(name, self.env[model]._fields, model)
        for model in NUMBERED_DOCUMENTS:
            self.assertIsInstance(self.env[model], type(self.env['cs.numbered.document']), model)
        for model in FOLLOWUP_DOCUMENTS:
            self.assertIsInstance(self.env[model], type(self.env['cs.followup.mixin']), model)
        self.assertNotIsInstance(self.env['cs.interaction'],
                                 type(self.env['cs.numbered.document']))

    def test_contact_of_another_customer_one_message(self):
        message = 'Contact Wang Fang does not belong to customer Dongguan Other Trading Co..'
        for model in CUSTOMER_DOCUMENTS:
            self.assertRefused(ValidationError, message, model,
                               partner_id=self.other_customer.id, contact_id=self.contact.id)
            document = self.make_document(model, contact_id=self.contact.id)
            with self.refused(ValidationError, message, model):
                document.partner_id = self.other_customer

    def test_filed_on_the_commercial_partner(self):
        for model in CUSTOMER_DOCUMENTS:
            document = self.make_document(model, partner_id=self.contact.id)
            self.assertEqual((document.partner_id, document.contact_id),
                             (self.customer, self.contact), model)
            other_contact = self.env['res.partner'].create({
                'name': 'Li Qiang', 'parent_id': self.other_customer.id, 'type': 'contact'})
            document.write({'partner_id': other_contact.id, 'contact_id': False})
            self.assertEqual(document.partner_id, self.other_customer, model)
            document = self.make_document(model, partner_id=self.contact.id,
                                          contact_id=False)
            self.assertEqual((document.partner_id, document.contact_id),
                             (self.customer, self.env['res.partner']),
                             '%s: an explicit empty contact stays empty' % model)

    def test_company_default_and_currency(self):
        other = self.env['res.company'].create({'name': 'Ningbo Branch'})
        branch_user = self.make_user('cs_branch_agent', 'customer_service_mgmt.group_cs_user',
                                     company_id=other.id, company_ids=[(6, 0, other.ids)])
        for model in CUSTOMER_DOCUMENTS:
            document = self.make_document(model)
            self.assertEqual(document.company_id, self.env.user.company_id, model)
            self.assertEqual(document.currency_id, document.company_id.currency_id, model)
            defaults = self.env[model].sudo(branch_user).default_get(['company_id'])
            self.assertEqual(defaults['company_id'], other.id, model)

    def test_sequence_numbering(self):
        for model, prefix in NUMBERED_DOCUMENTS.items():
            first = self.make_document(model)
            second = self.make_document(model, name='/')
            self.assertTrue(first.name.startswith(prefix), model)
            self.assertTrue(second.name.startswith(prefix), model)
            self.assertNotEqual(first.name, second.name, model)
            kept = self.make_document(model, name='%sIMPORTED-1' % prefix)
            self.assertEqual(kept.name, '%sIMPORTED-1' % prefix, 'a given reference is kept')
            copy = first.copy()
            self.assertTrue(copy.name.startswith(prefix), model)
            self.assertNotIn(copy.name, (first.name, second.name), '%s: a copy is numbered' % model)

    def test_references_of_another_company_or_customer_one_message(self):
        other = self.env['res.company'].create({'name': 'Second Test Factory'})
        foreign_order = self.make_sale_order(company=other)
        other_order = self.make_sale_order(partner=self.other_customer)
        for model in NUMBERED_DOCUMENTS:
            self.assertRefused(
                ValidationError, 'Sale Order %s belongs to company Second Test Factory, not to '
                '%s.' % (foreign_order.name, self.company.name), model,
                sale_order_id=foreign_order.id)
            self.assertRefused(
                ValidationError, 'Sale Order %s is for customer Dongguan Other Trading Co., not '
                'for Foshan Test Furniture Co..' % other_order.name, model,
                sale_order_id=other_order.id)

    def test_serial_of_another_product_one_message(self):
        lot = self.make_lot('SN-SHARED-1')
        for model, label in (('cs.complaint', 'Lot/Serial Number'),
                             ('cs.service.request', 'Serial Number')):
            self.assertRefused(
                ValidationError, '%s SN-SHARED-1 is of product CNC router, not of Oak wardrobe.'
                % label, model, product_id=self.product.id, lot_id=lot.id)

    def test_columns_stay(self):
        """Existing databases keep their data: same tables and columns."""
        cr = self.env.cr
        cr.execute("""SELECT table_name, column_name FROM information_schema.columns
                      WHERE table_name IN ('cs_complaint', 'cs_service_request', 'cs_interaction',
                                           'cs_team_user_rel', 'cs_service_outlet_user_rel')""")
        columns = set(cr.fetchall())
        for table in ('cs_complaint', 'cs_service_request', 'cs_interaction'):
            for column in ('partner_id', 'contact_id', 'company_id'):
                self.assertIn((table, column), columns)
            self.assertNotIn((table, 'currency_id'), columns, 'the currency is not stored')
        for table in ('cs_complaint', 'cs_service_request'):
            for column in ('name', 'followup_rating', 'followup_note', 'followup_done_date'):
                self.assertIn((table, column), columns)
        self.assertNotIn(('cs_interaction', 'name'), columns)
        self.assertTrue({('cs_team_user_rel', 'team_id'), ('cs_team_user_rel', 'user_id'),
                         ('cs_service_outlet_user_rel', 'outlet_id'),
                         ('cs_service_outlet_user_rel', 'user_id')} <= columns)
        cr.execute("""SELECT table_name FROM information_schema.tables
                      WHERE table_name IN ('cs_customer_document', 'cs_numbered_document',
                                           'cs_followup_mixin', 'cs_team_mixin')""")
        self.assertFalse(cr.fetchall(), 'the shared models are abstract')


class TestFollowup(SharedDocumentCase):

    def close(self, document):
        if document._name == 'cs.complaint':
            document.write({'resolution': 'Doors replaced.', 'followup_decision': 'planned',
                            'stage_id': self.stage('closed').id})
        else:
            document.write({'user_id': self.technician.id,
                            'stage_id': self.service_stage('closed').id})

    def reopen(self, document):
        if document._name == 'cs.complaint':
            document.with_context(cs_complaint_reopen_reason='Doors crack again').write(
                {'stage_id': self.stage('investigating').id})
        else:
            document.stage_id = self.service_stage('new')

    def test_follow_up_after_closing_one_message_per_rule(self):
        for model, kind in (('cs.complaint', 'Customer Complaint'),
                            ('cs.service.request', 'Service Request')):
            document = self.make_document(model)
            not_closed = '%s %s is not closed: the follow-up visit and its rating come after ' \
                         'closing.' % (kind, document.name)
            with self.refused(ValidationError, not_closed, model):
                document.followup_rating = '4'
            document.invalidate_cache()
            with self.refused(UserError, not_closed, model):
                document.action_followup_done()
            self.close(document)
            summary = document._followup_activity_texts()[0]
            activity = document.activity_ids.filtered(lambda a: a.summary == summary)
            self.assertEqual(len(activity), 1, '%s: one follow-up activity' % model)
            with self.refused(UserError, '%s %s: record the customer\'s satisfaction before '
                              'marking the follow-up done.' % (kind, document.name), model):
                document.action_followup_done()
            document.followup_rating = '4'
            document.action_followup_done()
            self.assertTrue(document.followup_done_date, model)
            self.assertFalse(activity.exists(), '%s: the follow-up activity is done' % model)
            self.reopen(document)
            self.assertEqual((document.followup_rating, document.followup_done_date),
                             (False, False), '%s: reopening undoes the follow-up' % model)


class TestTeamContract(ServiceCase):

    def sla_documents(self):
        mixin = type(self.env['cs.sla.mixin'])
        return [name for name in self.registry.models
                if not self.env[name]._abstract and isinstance(self.env[name], mixin)]

    def test_sla_documents_have_a_team_fulfilling_the_contract(self):
        documents = self.sla_documents()
        self.assertEqual(set(documents), {'cs.complaint', 'cs.service.request'})
        contract = type(self.env['cs.team.mixin'])
        teams = set()
        for name in documents:
            model = self.env[name]
            model._sla_check_team_contract()  # what the registry set-up checks
            team_model = model._fields[model._sla_team_field].comodel_name
            self.assertIsInstance(self.env[team_model], contract, name)
            teams.add(team_model)
        self.assertEqual(teams, {'cs.team', 'cs.service.outlet'})

    def test_contract_refuses_a_team_of_another_kind(self):
        for field_name in ('partner_id', 'categ_id', 'no_such_field', 'description'):
            with self.assertRaisesRegex(TypeError, 'must be a many2one to a model inheriting '
                                                   'cs.team.mixin'):
                self.env['cs.complaint']._sla_check_team_contract(field_name)

    def test_team_and_outlet_share_the_defaults_and_fields(self):
        self.env.user.tz = 'Asia/Shanghai'
        calendar = self.env.user.company_id.resource_calendar_id
        for model in ('cs.team', 'cs.service.outlet'):
            defaults = self.env[model].default_get(
                ['company_id', 'resource_calendar_id', 'tz', 'active', 'sequence'])
            self.assertEqual(defaults, {
                'company_id': self.env.user.company_id.id, 'resource_calendar_id': calendar.id,
                'tz': 'Asia/Shanghai', 'active': True, 'sequence': 10}, model)
            for name in ('manager_id', 'resource_calendar_id', 'tz'):
                self.assertTrue(self.env[model]._fields[name].help, '%s.%s has its help'
                                % (model, name))
        self.assertEqual(self.env['cs.team']._fields['member_ids'].relation, 'cs_team_user_rel')
        self.assertEqual(self.env['cs.service.outlet']._fields['member_ids'].relation,
                         'cs_service_outlet_user_rel')
        self.assertEqual(self.env['cs.service.outlet']._fields['member_ids'].string,
                         'Technicians')

    def test_team_and_outlet_hours_and_manager_drive_the_deadlines(self):
        """Same team, same hours: a complaint of the team and a request of the outlet
        received at the same moment under equal standards get the same deadlines."""
        self.outlet.write({'resource_calendar_id': self.team.resource_calendar_id.id,
                           'tz': self.team.tz})
        complaint = self.make_complaint()
        request = self.make_request()
        self.assertEqual(complaint._sla_calendar(), request._sla_calendar())
        escalated = complaint._sla_escalate('acknowledge', 'breach')
        self.assertEqual(list(escalated), [self.team.manager_id])
        escalated = request._sla_escalate('acknowledge', 'breach')
        self.assertEqual(list(escalated), [self.outlet.manager_id])
