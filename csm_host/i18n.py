"""``csm i18n``: rewrite the add-on's template ``customer_service_mgmt.pot`` and its zh_CN.po
from what Odoo exports now.

The template is exported from a database where the add-on is installed (the test database by
default), so every ``#:`` reference is current. It is written as is next to zh_CN.po (the
``.pot`` translators and Odoo's "Load a Translation" start from), unless only its header's
dates changed. Translations are taken by msgid from the
existing zh_CN.po and from the pending fragments in ``i18n_pending/*.po`` (translations a
feature branch adds without rewriting the shared file, which would conflict on merge).
Terms that nobody translated yet are listed and written with an empty msgstr.
"""
import subprocess
import tempfile
from pathlib import Path

from . import settings

ADDON = 'customer_service_mgmt'
LANG = 'zh_CN'


def po_path():
    return settings.ROOT / ADDON / 'i18n' / (LANG + '.po')


def pot_path():
    return settings.ROOT / ADDON / 'i18n' / (ADDON + '.pot')


def pending_fragments():
    return sorted((settings.ROOT / 'i18n_pending').glob('*.po'))


def known_translations(paths):
    """{msgid: msgstr} of ``paths``, the first path that translates a term winning."""
    import polib
    known = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr.strip() and not entry.obsolete and 'fuzzy' not in entry.flags:
                # the first source wins: the established zh_CN.po over the fragments
                known.setdefault(entry.msgid, entry.msgstr)
    return known


def quote(text):
    """A PO string as Odoo's exporter writes it (one quoted line per source line)."""
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n"\n"')


def merge(template_path, target, sources):
    """Write ``target``: the exported template, block by block as Odoo wrote it, with each
    empty msgstr filled from ``sources``; return the msgids still untranslated."""
    import polib
    known = known_translations([p for p in sources if p.exists()])
    entries = iter(polib.pofile(str(template_path)))
    blocks = template_path.read_text(encoding='utf-8').rstrip('\n').split('\n\n')
    # the target's header (language, plural forms) is kept; the template's has neither
    header = target.read_text(encoding='utf-8').split('\n\n')[0] if target.exists() else blocks[0]
    out, missing = [header], []
    for block in blocks[1:]:
        msgid = next(entries).msgid
        assert block.endswith('msgstr ""'), block
        translation = known.get(msgid, '')
        if not translation:
            missing.append(msgid)
        out.append(block[:-len('""')] + quote(translation))
    target.write_text('\n\n'.join(out) + '\n\n', encoding='utf-8')
    return missing


def write_template(exported, target):
    """Copy Odoo's export (a template: no language, empty msgstr) to ``target``; an existing
    file whose terms and references are the same keeps its header, so that the export's
    creation date alone does not change the file. Return True when ``target`` changed."""
    text = exported.read_text(encoding='utf-8')
    if target.exists():
        current = target.read_text(encoding='utf-8')
        if current.partition('\n\n')[2] == text.partition('\n\n')[2]:
            return False
    target.write_text(text, encoding='utf-8')
    return True


def run(host, database):
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / (ADDON + '.po')  # the name tells Odoo the format; no language: template
        command = host.odoo_command('-d', database, '--i18n-export', str(exported),
                                    '--modules', ADDON, '--stop-after-init')
        if subprocess.run(command, env=host.odoo_env()).returncode or not exported.exists():
            return None
        write_template(exported, pot_path())
        target = po_path()
        return merge(exported, target, [target] + pending_fragments())
