"""Every field a view's attrs (or ``states``) refer to is in the view, as each role receives
it (issue 11: "Unknown field state in domain").

The web client evaluates the ``modifiers`` of each node (attrs, states, invisible...) against
the fields of the view it received; the server removes from it the fields the user may not
read (field ``groups``) and drops the attrs of nodes the user may not see (node ``groups``).
So the check is made on what ``fields_view_get`` returns, for every view of the add-on and
every host view it extends, as the admin and as each demo role, sub-views of one2many and
many2many fields included.
"""
import json

from lxml import etree

from odoo.tests.common import TransactionCase

from csm_host.demo import USERS

MODULE = 'customer_service_mgmt'
# search views are left out: the client does not evaluate the modifiers of their fields
VIEW_TYPES = ('form', 'tree', 'kanban', 'pivot', 'graph', 'calendar')
SUB_VIEWS = ('tree', 'form', 'kanban')


def missing_fields(node, fields):
    """(node, field) of the modifiers under ``node`` that name a field not in ``fields``."""
    missing = []
    modifiers = json.loads(node.get('modifiers') or '{}')
    for domain in modifiers.values():
        for leaf in domain if isinstance(domain, list) else []:
            if isinstance(leaf, list) and len(leaf) == 3 and leaf[0] not in fields:
                missing.append((node.get('name') or node.tag, leaf[0]))
    sub_fields = fields.get(node.get('name'), {}).get('views', {}) if node.tag == 'field' else {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag in SUB_VIEWS and child.tag in sub_fields:
            missing.extend(missing_fields(child, sub_fields[child.tag]['fields']))
        else:
            missing.extend(missing_fields(child, fields))
    return missing


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
        self.assertGreater(len(roots), 40)
        return roots

    def test_views_have_the_fields_their_modifiers_use(self):
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
                result = Model.fields_view_get(view_id=view.id, view_type=view.type)
                for node, name in missing_fields(etree.fromstring(result['arch']),
                                                 result['fields']):
                    errors.append('%s (%s) as %s: %s refers to %s, not in the view' % (
                        view.xml_id or view.name, view.model, user.login, node, name))
                checked += 1
        self.assertGreater(checked, 200)
        self.assertFalse(errors, '\n'.join(sorted(set(errors))))

    def test_the_check_finds_a_missing_field(self):
        arch = etree.fromstring(
            '<form><button name="x" modifiers=\'{"invisible": [["state", "!=", "open"]]}\'/>'
            '<field name="line_ids"><tree><field name="a" modifiers=\'{"readonly": '
            '[["done", "=", true]]}\'/></tree></field></form>')
        fields = {'line_ids': {'views': {'tree': {'fields': {'a': {}}}}}}
        self.assertEqual(missing_fields(arch, fields), [('x', 'state'), ('a', 'done')])
