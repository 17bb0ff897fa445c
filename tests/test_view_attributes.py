"""Every field a view's attrs, domains, contexts, decorations or ``states``
refer to is in the view, as each role receives it (issue 11: "Unknown field state in domain").

The web client evaluates those expressions against the fields of the view it received; fields
the user may not read (field ``groups``) are removed from it by the server. Odoo 11's own
check (``check_field_names``, run by ``--dev`` on view validation) is applied here to every
view of the add-on and to every host view it extends, as the admin and as each demo role; a
node with ``states`` (which the web client turns into a domain on ``state``) needs ``state``.
"""
from lxml import etree

from odoo.tests.common import TransactionCase

from csm_host.demo import USERS

MODULE = 'customer_service_mgmt'
VIEW_TYPES = ('form', 'tree', 'kanban', 'search', 'pivot', 'graph', 'calendar')


class TestViewAttributes(TransactionCase):

    def views(self):
        """The primary views the add-on defines or extends (each once)."""
        data = self.env['ir.model.data'].search([('module', '=', MODULE),
                                                 ('model', '=', 'ir.ui.view')])
        roots = self.env['ir.ui.view']
        for view in self.env['ir.ui.view'].browse(data.mapped('res_id')):
            while view.inherit_id and view.mode != 'primary':
                view = view.inherit_id
            if view.type in VIEW_TYPES:
                roots |= view
        self.assertGreater(len(roots), 50)
        return roots

    def test_views_have_the_fields_their_expressions_use(self):
        users = [self.env.user] + [
            self.env['res.users'].with_context(no_reset_password=True).create({
                'name': login, 'login': 'cs_view_' + login,
                'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]})
            for login, _name, _email, groups in USERS]
        errors = []
        checked = 0
        for view in self.views():
            for user in users:
                Model = self.env[view.model].sudo(user)
                if not Model.check_access_rights('read', raise_exception=False):
                    continue
                where = '%s (%s) as %s' % (view.xml_id or view.name, view.model, user.login)
                try:
                    result = Model.with_context(check_field_names=True).fields_view_get(
                        view_id=view.id, view_type=view.type)
                except ValueError as error:
                    errors.append('%s: %s' % (where, error))
                    continue
                if 'state' not in result['fields']:
                    arch = etree.fromstring(result['arch'])
                    # the view's own nodes, not those of the sub-views of its x2many fields
                    for node in arch.xpath('//*[@states][not(ancestor::field)]'):
                        errors.append('%s: %s states="%s" but no field state' % (
                            where, node.get('name') or node.tag, node.get('states')))
                checked += 1
        self.assertGreater(checked, 200)
        self.assertFalse(errors, '\n\n'.join(errors))
