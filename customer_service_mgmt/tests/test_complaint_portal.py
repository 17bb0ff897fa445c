"""Complaints filed and followed by customers: the portal path (``portal_submit``), its input
checks, what a portal user can and cannot read, and the host's one-click rating from the
closing email."""
import base64
import re

from odoo.exceptions import AccessError, ValidationError

from .complaint_common import ComplaintCase

PNG = base64.b64decode(
    b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')
PDF = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'


class TestComplaintPortal(ComplaintCase):

    def setUp(self):
        super(TestComplaintPortal, self).setUp()
        self.portal = self.make_user('cs_test_portal', 'base.group_portal',
                                     partner_id=self.contact.id)
        other_contact = self.env['res.partner'].create({
            'name': 'Zhao Lei', 'parent_id': self.other_customer.id, 'type': 'contact',
            'email': 'zhao.lei@dongguan-other.example.com'})
        self.other_portal = self.make_user('cs_test_portal_other', 'base.group_portal',
                                           partner_id=other_contact.id)

    def submit(self, user=None, uploads=(), **values):
        vals = {'categ_id': self.quality.id, 'description': 'Hinges rust after two weeks.'}
        vals.update(values)
        return self.env['cs.complaint'].sudo(user or self.portal).portal_submit(vals, uploads)

    def test_portal_complaint_belongs_to_the_users_company(self):
        complaint = self.submit(uploads=[('rust.png', PNG), ('delivery note.pdf', PDF)],
                                demand='exchange')
        self.assertTrue(complaint.name.startswith('CP/'))
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.contact_id, self.contact)
        self.assertEqual(complaint.channel, 'portal')
        self.assertEqual(complaint.company_id, self.portal.company_id)
        self.assertEqual(complaint.demand, 'exchange')
        attachments = self.env['ir.attachment'].search([('res_model', '=', 'cs.complaint'),
                                                        ('res_id', '=', complaint.id)])
        self.assertEqual(sorted(attachments.mapped('name')), ['delivery note.pdf', 'rust.png'])
        submitted = complaint.sudo().message_ids.filtered(lambda m: 'customer portal' in m.body)
        self.assertEqual(submitted.author_id, self.contact)
        self.assertEqual(submitted.attachment_ids, attachments)
        self.assertIn(self.contact, complaint.sudo().message_partner_ids)
        # the acknowledgement of receipt went to the person who filed it
        received = complaint.sudo().message_ids.filtered(lambda m: 'received your' in (m.subject or ''))
        self.assertIn(self.contact, received.partner_ids)
        # and the customer reads it back, with its own rights
        self.assertEqual(complaint.read(['description'])[0]['description'],
                         'Hinges rust after two weeks.')

    def test_internal_fields_cannot_be_set_from_the_portal(self):
        for field, value in (('priority', '3'), ('user_id', self.cs_user.id),
                             ('partner_id', self.other_customer.id), ('stage_id', self.stage('closed').id)):
            with self.assertRaisesRegex(AccessError, field):
                self.submit(**{field: value})

    def test_portal_users_cannot_create_or_change_complaints_by_rpc(self):
        with self.assertRaises(AccessError):
            self.env['cs.complaint'].sudo(self.portal).create({
                'partner_id': self.customer.id, 'categ_id': self.quality.id,
                'description': 'Created directly'})
        complaint = self.submit()
        with self.assertRaises(AccessError):
            complaint.write({'description': 'Rewritten'})
        with self.assertRaises(AccessError):
            complaint.unlink()

    def test_only_portal_users_use_the_portal_path(self):
        with self.assertRaisesRegex(AccessError, 'portal users'):
            self.submit(user=self.cs_user)

    def test_bad_input_gets_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, 'cannot be empty'):
            self.submit(description='   ')
        with self.assertRaisesRegex(ValidationError, 'Choose a category'):
            self.submit(categ_id=0)
        with self.assertRaisesRegex(ValidationError, 'from the list'):
            self.submit(demand='free beer')
        foreign_order = self.make_sale_order(partner=self.other_customer)
        foreign_order.action_confirm()
        with self.assertRaisesRegex(ValidationError, 'not one of your orders'):
            self.submit(sale_order_id=foreign_order.id)

    def test_own_confirmed_order_can_be_named(self):
        order = self.make_sale_order()
        order.action_confirm()
        self.assertEqual(self.submit(sale_order_id=order.id).sale_order_id, order)

    def test_invalid_attachments_are_refused(self):
        cases = [
            ([('setup.exe', b'MZ\x90\x00')], 'not accepted'),
            ([('invoice.pdf', b'MZ\x90\x00\x03\x00\x00\x00')], 'does not contain what its name says'),
            ([('photo.png', PDF)], 'does not contain what its name says'),
            ([('empty.png', b'')], 'is empty'),
            ([('huge.pdf', PDF + b' ' * (10 * 1024 * 1024))], 'larger than 10 MB'),
            ([('p%d.png' % i, PNG) for i in range(6)], 'at most 5 files'),
        ]
        for uploads, message in cases:
            with self.assertRaisesRegex(ValidationError, message):
                self.submit(uploads=uploads)
        self.assertFalse(self.env['cs.complaint'].search([('channel', '=', 'portal')]))

    def test_customers_see_only_their_company_and_no_internal_notes(self):
        mine = self.submit()
        theirs = self.submit(user=self.other_portal, description='Late delivery.')
        Complaint = self.env['cs.complaint']
        self.assertEqual(Complaint.sudo(self.portal).search([]), mine)
        self.assertEqual(Complaint.sudo(self.other_portal).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.sudo(self.portal).read(['name'])
        with self.assertRaises(AccessError):
            mine.sudo(self.portal).read(['root_cause'])
        staff_view = mine.sudo(self.cs_user)
        staff_view.message_post(body='Supplier batch 17 suspected', message_type='comment',
                                subtype='mail.mt_note')
        staff_view.message_post(body='We will send a technician on Monday.',
                                message_type='comment', subtype='mail.mt_comment')
        seen = self.env['mail.message'].sudo(self.portal).search(
            [('model', '=', 'cs.complaint'), ('res_id', '=', mine.id)]).mapped('body')
        self.assertTrue(any('technician' in body for body in seen))
        self.assertFalse(any('Supplier batch' in body for body in seen))

    def test_closing_mail_carries_the_hosts_rating_links(self):
        complaint = self.make_complaint(contact_id=self.contact.id)
        complaint.write({'resolution': 'New hinges sent.', 'followup_decision': 'none',
                         'stage_id': self.stage('closed').id})
        closing = complaint.message_ids.filtered(lambda m: 'how did we do' in (m.subject or ''))
        self.assertEqual(closing.partner_ids, self.contact)
        links = set(re.findall(r'/rating/([0-9a-f-]+)/(10|5|1)"', closing.body))
        self.assertEqual({rate for _token, rate in links}, {'10', '5', '1'})
        tokens = {token for token, _rate in links}
        self.assertEqual(len(tokens), 1, 'one rating request, three answers')
        rating = self.env['rating.rating'].search([('access_token', 'in', list(tokens))])
        self.assertEqual((rating.res_model, rating.res_id, rating.partner_id),
                         ('cs.complaint', complaint.id, self.contact))
        self.assertFalse(complaint.customer_rating)
        # what the host's /rating/<token>/<rate>/submit_feedback page does
        complaint.sudo().rating_apply(5, token=rating.access_token, feedback='Took too long.')
        complaint.invalidate_cache()
        self.assertEqual(complaint.customer_rating, 'not_satisfied')
        self.assertEqual(complaint.rating_last_feedback, 'Took too long.')
        self.assertTrue(complaint.message_ids.filtered(
            lambda m: 'Took too long.' in m.body and m.author_id == self.contact))
