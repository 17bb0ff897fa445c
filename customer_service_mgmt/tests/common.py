"""Shared fixtures of the add-on's tests, for every feature: the base test case (the user's
company, users by group, customers, contacts, products, the company's revenue account) and
the reader of the Excel exports.

The feature set-ups build on it (``complaint_common``, ``service_common``, ``credit_common``,
``satisfaction_common``, ``customer_base_common``); the suites that need an HTTP server, a
browser or several connections (the project's ``tests/`` folder) import them from here as
``odoo.addons.customer_service_mgmt.tests.common``.

The cases run ``post_install`` under ``odoo --test-enable``: after every module of the
installation is loaded, as they run under pytest-odoo.
"""
import io
import re
import zipfile
from xml.etree import ElementTree

from odoo.tests.common import TransactionCase, at_install, post_install


@at_install(False)
@post_install(True)
class CsmCase(TransactionCase):
    """The add-on's test case: each test runs in a transaction rolled back at its end."""

    def setUp(self):
        super(CsmCase, self).setUp()
        self.company = self.env.user.company_id

    def make_user(self, login, *groups, **values):
        """A user named and logged in as ``login``, in exactly ``groups`` (XML ids)."""
        vals = {'name': login, 'login': login, 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]}
        vals.update(values)
        return self.env['res.users'].with_context(no_reset_password=True).create(vals)

    def make_customer(self, name, **values):
        """A customer company."""
        vals = {'name': name, 'is_company': True, 'customer': True}
        vals.update(values)
        return self.env['res.partner'].create(vals)

    def make_contact(self, customer, name, **values):
        """A contact person of ``customer``."""
        vals = {'name': name, 'parent_id': customer.id, 'type': 'contact'}
        vals.update(values)
        return self.env['res.partner'].create(vals)

    def make_product(self, name, **values):
        """A consumable product (unless ``type`` says otherwise)."""
        vals = {'name': name, 'type': 'consu'}
        vals.update(values)
        return self.env['product.product'].create(vals)

    def find_revenue_account(self):
        """A revenue account of the company's chart."""
        return self.env['account.account'].search([
            ('user_type_id', '=', self.env.ref('account.data_account_type_revenue').id),
            ('company_id', '=', self.company.id)], limit=1)


# --------------------------------------------------------------------- Excel exports
MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
NS = {'m': MAIN_NS}


class Sheet(object):
    """A worksheet read back from the .xlsx (zipfile + XML: openpyxl is not a dependency)."""

    def __init__(self, xml, strings):
        self.xml = xml
        self.cells, self.formulas, self.styles = {}, {}, {}
        for cell in ElementTree.fromstring(xml).iter('{%s}c' % MAIN_NS):
            ref, kind = cell.get('r'), cell.get('t')
            value, formula = cell.find('m:v', NS), cell.find('m:f', NS)
            if formula is not None:
                self.formulas[ref] = formula.text
            if value is None:
                self.cells[ref] = None
            elif kind == 's':
                self.cells[ref] = strings[int(value.text)]
            elif kind == 'str':
                self.cells[ref] = value.text
            else:
                self.cells[ref] = float(value.text)
            self.styles[ref] = int(cell.get('s') or 0)

    def value(self, ref):
        return self.cells.get(ref)

    def find(self, text, column='A'):
        """Row number (1-based) of the first cell of ``column`` equal to / starting with text."""
        numbers = sorted(int(ref[len(column):]) for ref in self.cells
                         if re.match('^%s[0-9]+$' % column, ref))
        for number in numbers:
            value = self.cells['%s%d' % (column, number)]
            if isinstance(value, str) and value.startswith(text):
                return number
        raise AssertionError('%r not found in column %s' % (text, column))

    def row(self, number, width):
        return [self.cells.get('%s%d' % (chr(ord('A') + col), number)) for col in range(width)]

    def table(self, first_header):
        """(headers, {first column value: row}, totals row, totals row number) of the
        report table whose header row starts with ``first_header``."""
        header_row = self.find(first_header)
        headers = []
        while self.cells.get('%s%d' % (chr(ord('A') + len(headers)), header_row)):
            headers.append(self.cells['%s%d' % (chr(ord('A') + len(headers)), header_row)])
        total_row = self.find('Total (')
        rows = [self.row(number, len(headers)) for number in range(header_row + 1, total_row)]
        return headers, rows, self.row(total_row, len(headers)), header_row, total_row


def read_workbook(content):
    """({sheet name: Sheet}, styles XML) of the .xlsx file ``content``."""
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = []
    if 'xl/sharedStrings.xml' in book.namelist():
        for item in ElementTree.fromstring(book.read('xl/sharedStrings.xml')).findall('m:si', NS):
            strings.append(''.join(text.text or '' for text in item.iter('{%s}t' % MAIN_NS)))
    names = [sheet.get('name') for sheet in
             ElementTree.fromstring(book.read('xl/workbook.xml')).find('m:sheets', NS)]
    sheets = {name: Sheet(book.read('xl/worksheets/sheet%d.xml' % index).decode('utf-8'), strings)
              for index, name in enumerate(names, 1)}
    return sheets, book.read('xl/styles.xml').decode('utf-8')
