"""The Python 3.11 compat layer (csm_host.compat) seen from Odoo 11's side.

``safe_eval`` is a security boundary: evaluated domains, contexts and server-action code
come from the database.  Its bytecode whitelist is extended for 3.11, so these tests pin
both directions: what Odoo 11 refused on Python 3.5-3.7 is still refused, and what its
data files use is accepted.  Where 3.11 forces a wider whitelist the test says so.
"""
import base64
import collections
import collections.abc
import datetime
import glob
import importlib
import inspect
import itertools
import os
import time
import xml.etree.ElementTree as ElementTree
from opcode import opmap

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from lxml import etree

import odoo
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import const_eval, expr_eval, safe_eval

sandbox = importlib.import_module('odoo.tools.safe_eval')


def _context():
    """The kind of globals Odoo hands to safe_eval (data files, server actions)."""
    return {'x': [1, 2], 'f': lambda: 0, 'ref': lambda xmlid: 42,
            'context': {'lang': 'zh_CN', 'default_type': 'in_invoice'},
            'time': time, 'datetime': datetime, 'relativedelta': relativedelta}


# ---------------------------------------------------------------- refused

REFUSED = [
    # dunder names are refused before anything runs, wherever they appear
    ('().__class__', NameError, "'__class__'"),
    ('().__class__.__bases__[0].__subclasses__()', NameError, "'__class__'"),
    ('x.__globals__', NameError, "'__globals__'"),
    ('f.__code__', NameError, "'__code__'"),
    ('(lambda: 1).__code__', NameError, "'__code__'"),
    ('__builtins__', NameError, "'__builtins__'"),
    ("__import__('os').system('true')", NameError, "'__import__'"),
    # attributes Odoo 11 lists as unsafe
    ('f.f_globals', NameError, "'f_globals'"),
    ('f.func_globals', NameError, "'func_globals'"),
    ('(i for i in x).gi_frame', NameError, "'gi_frame'"),
    ('(i for i in x).gi_frame.f_locals', NameError, "'gi_frame'"),
    ('(i for i in x).gi_code.co_code', NameError, "'co_code'"),
    # builtins that are simply not in the sandbox: a NameError when evaluated
    ("getattr(x, '__cl' + 'ass__')", ValueError, "name 'getattr' is not defined"),
    ("open('/etc/passwd')", ValueError, "name 'open' is not defined"),
    ("eval('1')", ValueError, "name 'eval' is not defined"),
    ("exec('1')", ValueError, "name 'exec' is not defined"),
    ("compile('1', '', 'eval')", ValueError, "name 'compile' is not defined"),
    ('type(x)', ValueError, "name 'type' is not defined"),
    ('globals()', ValueError, "name 'globals' is not defined"),
    ('vars(x)', ValueError, "name 'vars' is not defined"),
    ("setattr(x, 'y', 1)", ValueError, "name 'setattr' is not defined"),
]


@pytest.mark.parametrize('expr, error, message', REFUSED)
def test_safe_eval_refuses_expression(expr, error, message):
    with pytest.raises(error, match=message):
        safe_eval(expr, _context())


EXEC_REFUSED = [
    ('import os', 'IMPORT_NAME'),
    ('from time import strftime', 'IMPORT_NAME'),  # even a module __import__ would allow
    ('x.append = None', 'STORE_ATTR'),
    ('del x.append', 'DELETE_ATTR'),
    ('global x\nx = 1', 'STORE_GLOBAL'),
    ('class A:\n    pass', 'LOAD_BUILD_CLASS'),
    ('with x:\n    pass', 'WITH_EXCEPT_START'),
    ('def g():\n    yield from x', 'GET_YIELD_FROM_ITER'),
    ('async def c():\n    await x', 'GET_AWAITABLE'),
    ('try:\n    pass\nexcept* ValueError:\n    pass', 'CHECK_EG_MATCH'),
    ('a, *b = x', 'UNPACK_EX'),
    ('del x[0]', 'DELETE_SUBSCR'),
    # class patterns look attributes up by names stored as constants, out of reach of
    # the dunder-name check: only the opcode whitelist stops this one
    ('match x:\n    case object(__class__=c):\n        pass', 'MATCH_CLASS'),
]


@pytest.mark.parametrize('code, opcode', EXEC_REFUSED)
def test_safe_eval_refuses_statement(code, opcode):
    with pytest.raises(ValueError, match='forbidden opcode.*' + opcode):
        safe_eval(code, _context(), mode='exec', nocopy=True)


FRAME_GAMES = [
    # a generator made in the sandbox still hides its frame
    ('def g():\n    yield 1\nframe = g().gi_frame', "'gi_frame'"),
    # a coroutine's frame is reachable (as in Odoo 11) but not its globals
    ('async def c():\n    pass\nglobals_ = c().cr_frame.f_globals', "'f_globals'"),
    ('async def c():\n    pass\nbuiltins = c().cr_frame.f_builtins', "'f_builtins'"),
    ('try:\n    1 / 0\nexcept Exception as e:\n    tb = e.__traceback__', "'__traceback__'"),
]


@pytest.mark.parametrize('code, message', FRAME_GAMES)
def test_safe_eval_refuses_frame_access(code, message):
    with pytest.raises(NameError, match=message):
        safe_eval(code, _context(), mode='exec', nocopy=True)


def test_safe_eval_refuses_code_objects():
    with pytest.raises(TypeError):
        safe_eval(compile('1', '', 'eval'))


@pytest.mark.xfail(strict=True, raises=pytest.fail.Exception, reason=(
    "known gap inherited from Odoo 11 (same on Python 3.7, not from the compat layer): "
    "str.format field names read attributes, dunders included, without any opcode or "
    "name the sandbox checks; read-only (no calls), but it discloses objects"))
@pytest.mark.parametrize('expr', [
    "'{0.__class__}'.format(1)",
    "'{0.__globals__}'.format(f)",
    "'{0.gi_frame.f_globals}'.format(i for i in x)",
])
def test_safe_eval_refuses_format_attribute_access(expr):
    with pytest.raises((NameError, ValueError)):
        safe_eval(expr, _context())


_NEVER_ALLOWED = ('IMPORT_NAME', 'IMPORT_FROM', 'IMPORT_STAR', 'STORE_ATTR', 'DELETE_ATTR',
                  'STORE_GLOBAL', 'DELETE_GLOBAL', 'LOAD_BUILD_CLASS', 'SETUP_ANNOTATIONS',
                  'MATCH_CLASS', 'MATCH_MAPPING', 'MATCH_SEQUENCE', 'MATCH_KEYS',
                  'WITH_EXCEPT_START', 'BEFORE_ASYNC_WITH', 'GET_AWAITABLE', 'GET_AITER',
                  'GET_ANEXT', 'GET_YIELD_FROM_ITER', 'CHECK_EG_MATCH', 'PREP_RERAISE_STAR',
                  'LOAD_CLASSDEREF', 'DELETE_SUBSCR', 'UNPACK_EX', 'PRINT_EXPR')
_NAME_ACCESS = ('LOAD_NAME', 'LOAD_GLOBAL', 'LOAD_ATTR', 'LOAD_METHOD', 'STORE_NAME',
                'LOAD_FAST', 'LOAD_DEREF', 'PRECALL', 'CALL', 'CALL_FUNCTION_EX')


def test_opcode_whitelists_stay_layered():
    """The 3.11 additions must not leak names or calls into const_eval/expr_eval, nor
    open statements Odoo 11 refused, whatever the examples above happen to cover."""
    assert sandbox._CONST_OPCODES <= sandbox._EXPR_OPCODES <= sandbox._SAFE_OPCODES
    assert not {opmap[name] for name in _NEVER_ALLOWED if name in opmap} & sandbox._SAFE_OPCODES
    assert not {opmap[name] for name in _NAME_ACCESS if name in opmap} & sandbox._EXPR_OPCODES


# ---------------------------------------------------------------- accepted

_BIG_DICT = '{%s}' % ', '.join("'k%d': x[0]" % i for i in range(20))

ACCEPTED = [
    ("[('partner_id', '=', ref('base.main_partner')), ('state', 'in', ('draft', 'sent'))]",
     [('partner_id', '=', 42), ('state', 'in', ('draft', 'sent'))]),
    ("[(6, 0, [ref('base.group_user')])]", [(6, 0, [42])]),
    ("context.get('default_type', 'out_invoice')", 'in_invoice'),
    ("dict(context, active_test=False)['active_test']", False),
    ('dict(a=1)', {'a': 1}),
    ('[v * 2 for v in x if v > 1]', [4]),
    ("{k: v for k, v in zip('ab', x)}", {'a': 1, 'b': 2}),
    ('{v % 2 for v in x}', {0, 1}),
    ('sum(v for v in x)', 3),
    ('list(filter(lambda v: v > 1, x))', [2]),
    ('max(x, key=lambda v: -v)', 1),
    ("time.strftime('%Y-%m-%d', time.gmtime(0))", '1970-01-01'),
    ("(datetime.date(2020, 1, 31) + relativedelta(months=1)).strftime('%Y-%m-%d')",
     '2020-02-29'),
    ('(datetime.datetime(2020, 3, 1) - datetime.timedelta(days=1)).day', 29),
    ("'posted' if x else 'draft'", 'posted'),
    ("x[0] in (1, 2) and x[-1] is not None and context.get('missing') is None", True),
    ('not x or x[1:] == [2]', True),
    ('-x[0] ** 2 // 3 % 4', 3),
    ('len(x) == 2 and all(isinstance(v, int) for v in x)', True),
    ('max(*x)', 2),
    ("dict(**context)['lang']", 'zh_CN'),
    ('len((%s))' % ', '.join(['x'] * 40), 40),  # long tuples are built as lists on 3.11
    # 3.11 compiles %-formatting with a tuple to FORMAT_VALUE/BUILD_STRING ...
    ("'%s-%s' % (x[0], x[1])", '1-2'),
    # ... the f-string opcodes, so f-strings pass too (Odoo 11 refused them: harmless)
    ("f'{x[0]}-{x[1]:>3}'", '1-  2'),
    # dict displays of more than 16 items use DICT_UPDATE on 3.11 ...
    ("%s['k19']" % _BIG_DICT, 1),
    # ... the `**` opcode, so `{**a}` passes too (Odoo 11 refused it: harmless)
    ("{**context, 'lang': 'en_US'}['lang']", 'en_US'),
]


@pytest.mark.parametrize('expr, expected', ACCEPTED)
def test_safe_eval_accepts_expression(expr, expected):
    assert safe_eval(expr, _context()) == expected


EXEC_ACCEPTED = [
    ('total = 0\nfor v in x:\n    if v > 1:\n        total += v\n    elif v < 0:\n'
     '        continue\n    else:\n        total -= 1\nresult = total', 1),
    ('n = 0\nwhile True:\n    n += 1\n    if n == 3:\n        break\nresult = n', 3),
    ('n = 0\nwhile n < 3:\n    n += 1\nresult = n', 3),
    ("v = x\nwhile v is not None:\n    v = None if v else 0\n"
     "result = 'none' if v is None else 'set'", 'none'),
    ("try:\n    1 / 0\nexcept Exception as e:\n    result = 'caught'\n"
     "else:\n    result = 'no'\nfinally:\n    x = None", 'caught'),
    ("try:\n    raise Exception('boom')\nexcept Exception as e:\n    result = str(e)", 'boom'),
    ('def f(a, b=2, *args, **kw):\n    c = a + b + len(args) + len(kw)\n    del a\n'
     '    return c\nresult = f(1, 2, 3, z=4)', 5),
    ('def squares(n):\n    for i in range(n):\n        yield i * i\nresult = list(squares(3))',
     [0, 1, 4]),
    ("assert x, 'x is set'\nresult = 'ok'", 'ok'),
    ('a, b = x\nx[0] += 10\nresult = (a, b, x[0])', (1, 2, 11)),
]


@pytest.mark.parametrize('code, expected', EXEC_ACCEPTED)
def test_safe_eval_accepts_statements(code, expected):
    values = _context()
    safe_eval(code, values, mode='exec', nocopy=True)
    assert values['result'] == expected


def test_safe_eval_reports_failed_assert():
    with pytest.raises(ValueError, match='AssertionError'):
        safe_eval('assert not x', _context(), mode='exec')


def _data_file_expressions():
    """Domains, contexts, ``eval`` attributes and server-action code of every host add-on."""
    addons = os.path.dirname(importlib.import_module('odoo.addons.base').__path__[0])
    found = set()
    for path in glob.glob(os.path.join(addons, '*', '**', '*.xml'), recursive=True):
        if os.sep + 'static' + os.sep in path:
            continue
        try:
            nodes = etree.parse(path).iter('field', 'function', 'value', 'record', 'act_window',
                                           'menuitem', 'filter')
        except etree.XMLSyntaxError:
            continue
        for node in nodes:
            found.update(('eval', node.get(name).strip())
                         for name in ('eval', 'domain', 'context') if node.get(name))
            if node.tag == 'field' and (node.text or '').strip():
                if node.get('name') == 'code':
                    found.add(('exec', node.text.strip()))
                elif node.get('name') in ('domain', 'domain_force', 'context'):
                    found.add(('eval', node.text.strip()))
    return found


def test_host_data_file_expressions_pass_the_sandbox():
    """Odoo 11 on Python 3.7 accepts every one of these that is Python syntax (its own
    test_expr there, see bench/safe_eval_oracle.py): so must the 3.11 whitelist."""
    checked, refused = 0, []
    for mode, source in _data_file_expressions():
        try:
            compile(source, '', mode)
        except SyntaxError:
            continue  # web client options or plain strings, never given to safe_eval
        checked += 1
        try:
            sandbox.test_expr(source, sandbox._SAFE_OPCODES, mode=mode)
        except (ValueError, NameError) as error:
            refused.append('%s\n  -> %s' % (source, error))
    assert checked > 10000
    assert not refused, '\n'.join(refused[:20])


def test_const_eval_accepts_literals_only():
    literal = "[1, 2, (3, 4), {'a': {2.5}}, {1, 2, 3}, None, True, -1, 'x' * 2]"
    assert const_eval(literal) == [1, 2, (3, 4), {'a': {2.5}}, {1, 2, 3}, None, True, -1, 'xx']
    for expr in ('x', 'len([])', '(1).real', 'f"{1}"'):
        with pytest.raises(ValueError, match='forbidden opcode'):
            const_eval(expr)
    with pytest.raises(NameError):
        const_eval("__import__('os')")


def test_expr_eval_accepts_operators_but_no_names():
    assert expr_eval('[1, 2] * 2 + [3]') == [1, 2, 1, 2, 3]
    assert expr_eval('(7 // 2, 7 % 2, 2 ** 3, 1 < 2, not 0)') == (3, 1, 8, True, True)
    # no names, calls, attributes, nor jumps (comprehensions, chained comparisons)
    for expr in ('x', 'len([1])', '(1).real', '[i for i in (1, 2)]', '1 < 2 < 3'):
        with pytest.raises(ValueError, match='forbidden opcode'):
            expr_eval(expr)
    with pytest.raises(NameError):
        expr_eval("__import__('os').system('true')")


# ---------------------------------------------------------------- standard library

def _sample(a, b='x', *args, **kw):
    return a


def test_getargspec_and_formatargspec():
    spec = inspect.getargspec(_sample)
    assert spec == (['a', 'b'], 'args', 'kw', ('x',))
    assert (spec.args, spec.varargs, spec.keywords, spec.defaults) == tuple(spec)
    assert inspect.formatargspec(*spec) == "(a, b='x', *args, **kw)"
    assert inspect.getargspec(lambda self, value: 0) == (['self', 'value'], None, None, None)
    assert inspect.formatargspec(*inspect.getargspec(lambda: 0)) == '()'


def test_ormcache_keys_from_formatted_signature():
    """ormcache evaluates ``lambda <formatargspec>: (...)`` to build its cache keys."""
    cache = odoo.tools.ormcache('b', 'a')
    cache(lambda self, a, b=2, *args, **kw: None)
    assert cache.key(None, 1) == (2, 1)
    assert cache.key(None, 1, 3, 4, z=5) == (3, 1)


def test_collections_abc_aliases():
    for name in ('Mapping', 'MutableMapping', 'Iterable', 'Callable', 'Sequence', 'MutableSet'):
        assert getattr(collections, name) is getattr(collections.abc, name)
    assert isinstance(odoo.tools.frozendict(a=1), collections.Mapping)


def test_base64_encodestring():
    assert base64.encodestring(b'odoo' * 20) == base64.encodebytes(b'odoo' * 20)
    assert base64.decodestring(b'b2Rvbw==\n') == b'odoo'


def test_yaml_load_without_loader():
    """Odoo's .yml data tags are registered on the default loader it calls without Loader."""
    yaml_tag = importlib.import_module('odoo.tools.yaml_tag')
    assert yaml.load('a: [1, 2]') == {'a': [1, 2]}
    record = yaml.load('!record {model: res.partner, id: partner_1}')
    assert isinstance(record, yaml_tag.Record) and record.model == 'res.partner'
    assert yaml.load('a: 1', Loader=yaml.SafeLoader) == {'a': 1}


def test_elementtree_getchildren():
    root = ElementTree.fromstring('<templates><t t-name="a"/><t t-name="b"/></templates>')
    assert [child.get('t-name') for child in root.getchildren()] == ['a', 'b']
    assert ElementTree.parse is importlib.import_module('xml.etree.ElementTree').parse


# ---------------------------------------------------------------- QWeb

class TestQWebRendering(TransactionCase):
    """QWeb compiles each template into a Python AST; rendering through the registry proves
    the normalised tree compiles and runs on 3.11."""

    _pages = itertools.count()

    def _template(self, xmlid, body):
        module, name = xmlid.split('.')
        view = self.env['ir.ui.view'].create({
            'name': name, 'type': 'qweb', 'arch': '<t t-name="%s">%s</t>' % (xmlid, body)})
        self.env['ir.model.data'].create({
            'module': module, 'name': name, 'model': 'ir.ui.view', 'res_id': view.id})
        return view

    def _render(self, body, **values):
        view = self._template('csm_test.page_%d' % next(self._pages), body)
        return self.env['ir.qweb'].render(view.id, values).decode().strip()

    def test_esc_escapes_and_raw_does_not(self):
        value = '<script>alert("x")</script> & co'
        self.assertEqual(self._render('<p t-esc="value"/>', value=value),
                         '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>')
        self.assertEqual(self._render('<div t-raw="value"/>', value='<b>bold</b>'),
                         '<div><b>bold</b></div>')

    def test_if_elif_else(self):
        body = ('<t t-if="n &gt; 1">many</t><t t-elif="n == 1">one</t>'
                '<t t-else="">none</t>')
        self.assertEqual([self._render(body, n=n) for n in (2, 1, 0)], ['many', 'one', 'none'])

    def test_foreach_with_loop_variables(self):
        body = ('<t t-foreach="items" t-as="item">'
                '<i t-esc="\'%s:%s:%s:%s\' % (item_index, item, item_first, item_last)"/>'
                '</t><t t-foreach="{\'a\': 1}" t-as="k"><b t-esc="k + str(k_value)"/></t>')
        self.assertEqual(self._render(body, items=['x', 'y']),
                         '<i>0:x:True:False</i><i>1:y:False:True</i><b>a1</b>')

    def test_set_and_attributes(self):
        body = ('<t t-set="total" t-value="sum(v for v in values)"/>'
                '<t t-set="label">Total</t>'
                '<a t-att-class="\'big\' if total &gt; 5 else None"'
                ' t-att="{\'data-total\': total}"'
                ' t-attf-href="/shop/{{ slug }}?page=#{page + 1}"'
                ' t-esc="label"/>'
                '<a t-att-class="None" t-att="[\'title\', label]"/>')
        self.assertEqual(self._render(body, values=[2, 4], slug='tea & co', page=1),
                         '<a class="big" data-total="6" href="/shop/tea &amp; co?page=2">'
                         'Total</a><a title="Total"></a>')

    def test_call_with_body_and_parameters(self):
        self._template('csm_test.card', '<div t-att-class="kind"><t t-raw="0"/></div>')
        body = ('<t t-call="csm_test.card"><t t-set="kind">note</t>'
                '<span t-esc="who"/></t>')
        self.assertEqual(self._render(body, who='<me>'),
                         '<div class="note"><span>&lt;me&gt;</span></div>')

    def test_field_widget(self):
        partner = self.env['res.partner'].create({'name': 'Tea & Co'})
        self.assertEqual(self._render('<span t-field="partner.name"/>', partner=partner),
                         '<span>Tea &amp; Co</span>')
