"""The zh_CN translation covers every term Odoo's exporter finds in the add-on, keeps the
placeholders of the English, and is loaded in the database on install."""
import io
import os
import re

import polib

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests.common import TransactionCase
from odoo.tools.translate import trans_export

MODULE = 'customer_service_mgmt'
LANG = 'zh_CN'
# terms whose Chinese is the English itself (as in Odoo's own zh_CN files)
SAME_AS_SOURCE = {'ID', 'res.config.settings'}
PLACEHOLDER = re.compile(r'%(?:\([^)]*\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrs%]')
# mail templates: mako control lines and ${...} expressions must survive the translation
MAKO_LINE = re.compile(r'^[ \t]*%[ \t]*(?:if|elif|else|endif|for|endfor)\b.*$', re.M)
MAKO_EXPR = re.compile(r'\$\{[^}]*\}')

_template = {}


def placeholders(text):
    """Python placeholders (positional ones in order, named ones in any order: a translation
    may reorder them), mako control lines in order, mako expressions (named, any order)."""
    controls = [line.strip() for line in MAKO_LINE.findall(text)]
    text = MAKO_LINE.sub('', text)
    expressions = sorted(MAKO_EXPR.findall(text))
    text = MAKO_EXPR.sub('', text)
    python = [p for p in PLACEHOLDER.findall(text) if p != '%%']
    if python and all(p.startswith('%(') for p in python):
        python.sort()
    return python, controls, expressions


def zh_cn_po():
    return polib.pofile(os.path.join(get_module_path(MODULE), 'i18n', LANG + '.po'))


def references(entry):
    """(type, name, target) of each ``#:`` line, as Odoo's PO reader splits them."""
    for path, line in entry.occurrences:
        kind, _sep, rest = path.partition(':')
        if kind == 'model':
            name, _sep, xmlid = rest.rpartition(':')
            yield kind, name, xmlid
        else:
            yield kind, rest, line


class TestZhCnTranslation(TransactionCase):

    def exported(self):
        """The module's terms as Odoo's exporter writes them (template: no language)."""
        if 'po' not in _template:
            buffer = io.BytesIO()
            trans_export(False, [MODULE], buffer, 'po', self.cr)
            _template['po'] = polib.pofile(buffer.getvalue().decode('utf-8'))
        return _template['po']

    def test_po_file_header(self):
        po = zh_cn_po()
        self.assertEqual(po.metadata.get('Language'), LANG)
        self.assertIn('charset=UTF-8', po.metadata.get('Content-Type', ''))

    def test_every_exported_term_is_translated(self):
        exported = self.exported()
        self.assertGreater(len(exported), 100)
        translations = {entry.msgid: entry for entry in zh_cn_po() if not entry.obsolete}
        missing = [entry.msgid for entry in exported
                   if entry.msgid not in translations
                   or not translations[entry.msgid].msgstr.strip()
                   or 'fuzzy' in translations[entry.msgid].flags]
        self.assertFalse(missing, '%d term(s) of %s have no zh_CN translation in i18n/%s.po:\n%s'
                         % (len(missing), MODULE, LANG, '\n'.join(repr(m) for m in missing)))
        english = [entry.msgid for entry in exported if entry.msgid not in SAME_AS_SOURCE
                   and translations[entry.msgid].msgstr == entry.msgid]
        self.assertFalse(english, 'zh_CN translations left in English:\n%s'
                         % '\n'.join(repr(m) for m in english))

    def test_pot_is_the_export(self):
        """i18n/customer_service_mgmt.pot (written by ``csm i18n``) has the terms Odoo exports
        now, flags included."""
        pot = polib.pofile(os.path.join(get_module_path(MODULE), 'i18n', MODULE + '.pot'))
        self.assertEqual(sorted((entry.msgid, sorted(entry.flags)) for entry in pot),
                         sorted((entry.msgid, sorted(entry.flags)) for entry in self.exported()),
                         'i18n/%s.pot is not the current export: run csm i18n' % MODULE)

    def test_python_format_flags_kept(self):
        translations = {entry.msgid: entry for entry in zh_cn_po()}
        lost = [entry.msgid for entry in self.exported() if 'python-format' in entry.flags
                and entry.msgid in translations
                and 'python-format' not in translations[entry.msgid].flags]
        self.assertFalse(lost, 'python-format flag lost for:\n%s' % '\n'.join(map(repr, lost)))

    def test_placeholders_match(self):
        wrong = ['%r -> %r' % (entry.msgid, entry.msgstr) for entry in zh_cn_po()
                 if entry.msgstr and placeholders(entry.msgid) != placeholders(entry.msgstr)]
        self.assertFalse(wrong, 'placeholders differ (count or order):\n%s' % '\n'.join(wrong))

    def test_translation_loaded(self):
        """Every term of the file is in the database: records read in zh_CN show the Chinese,
        code/selection/constraint terms are in ir.translation."""
        env = self.env(context=dict(self.env.context, lang=LANG))
        Translation = self.env['ir.translation']
        self.assertTrue(self.env['res.lang'].search([('code', '=', LANG)]))
        translations = {entry.msgid: entry.msgstr for entry in zh_cn_po()}
        problems = []
        for entry in self.exported():
            expected = translations.get(entry.msgid)
            if not expected:
                continue  # reported by test_every_exported_term_is_translated
            for kind, name, target in references(entry):
                if kind == 'model':
                    model, field_name = name.split(',')
                    record = env.ref(target, raise_if_not_found=False)
                    if record is None:
                        problems.append('%s: no record %s' % (entry.msgid, target))
                        continue
                    if model == 'ir.model.fields' and target.endswith('_%d' % record.id):
                        # Odoo 11 names field xmlids field_<model>_<field>; when two collide
                        # (cs.foo + bar_id and cs.foo.bar + id) one gets its database id
                        # appended, so no .po file can reach its label
                        problems.append('%s: the label %r of %s.%s cannot be translated: its '
                                        'xmlid collides with another field\'s (rename the field)'
                                        % (target, entry.msgid, record.model, record.name))
                        continue
                    field = record._fields[field_name]
                    value = record.with_env(env)[field_name] or ''
                    if callable(field.translate):  # views, html: the term is part of the value
                        ok = expected in value
                    else:
                        ok = value == expected
                    if not ok:
                        problems.append('%s %s: %r not translated to %r'
                                        % (target, field_name, entry.msgid, expected))
                else:
                    domain = [('lang', '=', LANG), ('type', '=', kind),
                              ('src', '=', entry.msgid), ('value', '=', expected)]
                    if kind != 'code':
                        # _() looks code terms up by source only, and Odoo loads a code term
                        # once, under its first reference
                        domain.append(('name', '=', name))
                    if not Translation.search_count(domain):
                        problems.append('%s %s: %r has no %r in ir.translation'
                                        % (kind, name, entry.msgid, expected))
        # note: an upgrade (-u, CSM_REUSE_TEST_DB=1) adds new terms but keeps the translations
        # already in the database; a changed translation needs a fresh database
        # (or --i18n-overwrite)
        self.assertFalse(problems, 'zh_CN terms not loaded (after changing a translation, rebuild '
                         'the database or load it with --i18n-overwrite):\n%s' % '\n'.join(problems))

    def test_user_sees_chinese(self):
        env = self.env(context=dict(self.env.context, lang=LANG))
        menu = env.ref('customer_service_mgmt.menu_cs_credit')
        self.assertEqual(menu.name, '信用管理')
        fields = env['res.partner'].fields_get(['cs_credit_grade_id', 'cs_credit_exposure'])
        self.assertEqual(fields['cs_credit_grade_id']['string'], '信用等级')
        self.assertEqual(fields['cs_credit_exposure']['string'], '信用敞口')
        states = dict(env['cs.credit.evaluation'].fields_get(['state'])['state']['selection'])
        self.assertEqual(states['approved'], '已批准')
        self.assertEqual(env.ref('customer_service_mgmt.group_credit_manager').name, '信用经理')
        # a Python _() message follows the user's language
        partner = env['res.partner'].create({'name': 'Foshan Test Ceramics Co.', 'is_company': True})
        with self.assertRaises(ValidationError) as raised:
            partner.write({'credit_limit': -1.0})
        self.assertEqual(raised.exception.name, '信用额度不能为负数。')
