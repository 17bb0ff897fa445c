"""Interaction log (issue 7): next step as an activity, quick entry, bad input."""
from odoo.exceptions import ValidationError

from .customer_base_common import CustomerBaseCase


class TestInteraction(CustomerBaseCase):

    def setUp(self):
        super(TestInteraction, self).setUp()
        self.agent = self.make_user('log_agent', 'customer_service_mgmt.group_cs_user')
        self.engineer = self.make_user('log_engineer', 'customer_service_mgmt.group_cs_user')
        self.customer = self.make_customer('Logged Buyer Co.')
        self.contact = self.env['res.partner'].create({'name': 'Finance Liu',
                                                       'parent_id': self.customer.id,
                                                       'cs_contact_role': 'finance'})
        self.Interaction = self.env['cs.interaction'].sudo(self.agent)

    def test_next_step_creates_and_moves_the_activity(self):
        interaction = self.Interaction.create({
            'partner_id': self.contact.id, 'kind': 'call_in', 'purpose': 'Invoice question',
            'outcome': 'Copy of invoice promised', 'next_step': 'Send invoice copy',
            'next_step_date': '2099-01-05', 'next_step_user_id': self.engineer.id})
        self.assertEqual(interaction.partner_id, self.customer, 'filed on the company')
        self.assertEqual(interaction.contact_id, self.contact)
        activity = interaction.activity_id
        self.assertEqual((activity.res_model, activity.res_id), ('res.partner', self.customer.id))
        self.assertEqual((activity.summary, activity.user_id, activity.date_deadline),
                         ('Send invoice copy', self.engineer, '2099-01-05'))
        interaction.write({'next_step_date': '2099-01-09'})
        self.assertEqual(interaction.activity_id, activity, 'moved, not duplicated')
        self.assertEqual(activity.date_deadline, '2099-01-09')
        activity.sudo(self.engineer).action_done()  # the assignee follows the customer
        interaction.write({'next_step': 'Call back'})
        self.assertTrue(interaction.activity_id.exists())
        self.assertEqual(interaction.activity_id.summary, 'Call back')
        # deleting the interaction (managers) drops its open next step
        activity = interaction.activity_id
        manager = self.make_user('log_manager', 'customer_service_mgmt.group_cs_manager')
        interaction.sudo(manager).unlink()
        self.assertFalse(activity.exists())

    def test_no_next_step_no_activity(self):
        interaction = self.Interaction.create({'partner_id': self.customer.id, 'kind': 'email',
                                               'purpose': 'Catalogue sent'})
        self.assertFalse(interaction.activity_id)
        self.assertEqual(interaction.user_id, self.agent)

    def test_quick_entry_from_the_customer(self):
        action = self.contact.sudo(self.agent).action_cs_log_interaction()
        self.assertEqual(action['res_model'], 'cs.interaction')
        self.assertEqual(action['context']['default_partner_id'], self.customer.id)
        self.assertEqual(action['context']['default_contact_id'], self.contact.id)
        logged = self.Interaction.with_context(**action['context']).create(
            {'purpose': 'Quick note', 'kind': 'visit'})
        self.assertEqual((logged.partner_id, logged.contact_id), (self.customer, self.contact))
        self.assertIn(logged, self.customer.sudo(self.agent).cs_interaction_ids)

    def test_bad_input(self):
        other = self.make_customer('Other Buyer')
        cases = [
            {'partner_id': self.customer.id, 'purpose': '   '},
            {'partner_id': self.customer.id, 'purpose': 'x', 'next_step_date': '2099-01-01'},
            {'partner_id': self.customer.id, 'purpose': 'x', 'next_step': 'Later',
             'next_step_date': '2000-01-01'},
            {'partner_id': other.id, 'contact_id': self.contact.id, 'purpose': 'x'},
        ]
        for values in cases:
            with self.assertRaises(ValidationError, msg=str(values)):
                with self.env.cr.savepoint():
                    self.Interaction.create(values)

    def test_management_card_pdf(self):
        self.Interaction.create({'partner_id': self.customer.id, 'purpose': 'Visit plan',
                                 'kind': 'visit'})
        report = self.env.ref('customer_service_mgmt.action_report_cs_customer_card')
        html = report.sudo(self.agent).render_qweb_html(self.customer.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn('Logged Buyer Co.', html)
        self.assertIn('Visit plan', html)
        self.assertIn('Finance Liu', html)
        self.assertNotIn('Credit Exposure', html, 'no credit section for a service agent')
        self.assertEqual(report.report_type, 'qweb-pdf')
        data = self.customer.sudo(self.agent)._cs_management_card_data()
        self.assertNotIn('credit', data)
        self.assertEqual(data['complaints']['count'], 0)
