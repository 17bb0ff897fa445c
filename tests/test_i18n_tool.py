"""``csm i18n`` rewrites zh_CN.po from Odoo's export, block for block, filling translations
from the current file and the pending fragments of feature branches."""
from csm_host import i18n

TEMPLATE = '''# header
msgid ""
msgstr ""
"Language: \\n"

#. module: customer_service_mgmt
#: model:ir.model.fields,field_description:customer_service_mgmt.field_cs_a_name
#: model:ir.model.fields,field_description:customer_service_mgmt.field_cs_b_name
msgid "Name"
msgstr ""

#. module: customer_service_mgmt
#: code:addons/customer_service_mgmt/models/cs_a.py:10
#, python-format
msgid "Line one\\n"
"%s is \\"late\\""
msgstr ""

#. module: customer_service_mgmt
#: selection:cs.a,state:0
msgid "New term"
msgstr ""

'''


def test_merge_fills_from_file_and_fragments(tmp_path):
    template = tmp_path / 'template.po'
    template.write_text(TEMPLATE, encoding='utf-8')
    target = tmp_path / 'zh_CN.po'
    target.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
                      'msgid "Name"\nmsgstr "名称"\n\nmsgid "Obsolete"\nmsgstr "已废弃"\n\n',
                      encoding='utf-8')
    fragment = tmp_path / 'issue9.po'
    fragment.write_text('msgid "Line one\\n"\n"%s is \\"late\\""\nmsgstr "第一行\\n"\n"%s “逾期”"\n',
                        encoding='utf-8')

    missing = i18n.merge(template, target, [target, fragment])

    assert missing == ['New term']
    text = target.read_text(encoding='utf-8')
    assert text.startswith('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n')  # header kept
    assert ('#: model:ir.model.fields,field_description:customer_service_mgmt.field_cs_a_name\n'
            '#: model:ir.model.fields,field_description:customer_service_mgmt.field_cs_b_name\n'
            'msgid "Name"\nmsgstr "名称"\n') in text  # every reference, one per line
    assert '#, python-format\nmsgid "Line one\\n"\n"%s is \\"late\\""\nmsgstr "第一行\\n"\n"%s “逾期”"\n' in text
    assert 'Obsolete' not in text  # terms Odoo no longer exports are dropped
    assert 'msgid "New term"\nmsgstr ""\n' in text


def test_template_written_as_exported_and_kept_when_only_its_date_changes(tmp_path):
    exported = tmp_path / 'export.po'
    exported.write_text('"POT-Creation-Date: 2026-01-01\\n"\n\n' + TEMPLATE.split('\n\n', 1)[1],
                        encoding='utf-8')
    pot = tmp_path / 'customer_service_mgmt.pot'

    assert i18n.write_template(exported, pot)
    assert pot.read_text(encoding='utf-8') == exported.read_text(encoding='utf-8')

    # a later export of the same terms: the file (and its header's date) stays as it is
    first = pot.read_text(encoding='utf-8')
    exported.write_text(first.replace('2026-01-01', '2026-02-02'), encoding='utf-8')
    assert not i18n.write_template(exported, pot)
    assert pot.read_text(encoding='utf-8') == first

    # a changed term: rewritten
    exported.write_text(first.replace('New term', 'Newer term'), encoding='utf-8')
    assert i18n.write_template(exported, pot)
    assert 'msgid "Newer term"' in pot.read_text(encoding='utf-8')


def test_committed_pot_and_zh_cn_po_have_the_same_terms():
    """The add-on's .pot is a template (no translation) with the terms of zh_CN.po, both
    written by one ``csm i18n`` run. While a branch's fragments are pending in i18n_pending/
    (zh_CN.po is rewritten only when they are folded in), every term of the .pot has its
    translation in zh_CN.po or in a fragment."""
    import polib
    pot = polib.pofile(str(i18n.pot_path()))
    assert pot.metadata.get('Language', '') == ''
    assert len(pot) > 100
    assert not [entry.msgid for entry in pot if entry.msgstr]
    template = {entry.msgid for entry in pot}
    translated = {entry.msgid for entry in polib.pofile(str(i18n.po_path()))}
    fragments = i18n.pending_fragments()
    if not fragments:
        assert sorted(template - translated) == [] and sorted(translated - template) == []
    else:
        known = i18n.known_translations([i18n.po_path()] + fragments)
        assert sorted(template - set(known)) == []
