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
