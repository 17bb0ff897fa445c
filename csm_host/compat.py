"""Python 3.11 compatibility layer for the Odoo 11.0 host.

Odoo 11 targets Python 3.5-3.7.  ``apply()`` restores the few standard-library
names it still uses and adapts the two places where it inspects or generates
bytecode/AST (``safe_eval`` and QWeb).  It must run in every process before
Odoo's modules are imported: the ``csm`` command, the server and its workers
(forked after it), module installs and pytest (through ``csm_host.pytest_plugin``).
"""
import ast
import base64
import collections
import collections.abc
import inspect
import sys
import warnings

_applied = False

# Names Odoo 11 imports from ``collections`` that moved to ``collections.abc`` (3.10).
_ABC_NAMES = ('Callable', 'Iterable', 'Iterator', 'Mapping', 'MutableMapping',
              'MutableSet', 'MutableSequence', 'Sequence', 'Set', 'Sized',
              'Container', 'Hashable', 'KeysView', 'ValuesView', 'ItemsView')

# Python 3.11 opcodes that are the equivalents of what Odoo's lists already allow.
# Nothing here gives access to names, imports or attributes that were refused before:
# those go through LOAD_NAME/LOAD_GLOBAL/LOAD_ATTR/IMPORT_NAME, whose rules are unchanged.
_CONST_311 = ('RESUME', 'NOP', 'CACHE', 'PUSH_NULL', 'COPY', 'SWAP',
              'LIST_EXTEND', 'LIST_TO_TUPLE', 'SET_UPDATE', 'DICT_UPDATE',
              'RETURN_CONST')
_EXPR_311 = ('BINARY_OP', 'IS_OP', 'CONTAINS_OP', 'DICT_MERGE', 'BINARY_SLICE',
             'STORE_SLICE', 'UNARY_NOT', 'LOAD_FAST_CHECK', 'FORMAT_VALUE', 'BUILD_STRING')
_SAFE_311 = ('PRECALL', 'CALL', 'KW_NAMES', 'CALL_FUNCTION_EX',
             'POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_FORWARD_IF_TRUE',
             'POP_JUMP_BACKWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_TRUE',
             'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_FORWARD_IF_NOT_NONE',
             'POP_JUMP_BACKWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
             'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE', 'POP_JUMP_IF_NONE', 'POP_JUMP_IF_NOT_NONE',
             'JUMP_BACKWARD', 'JUMP_BACKWARD_NO_INTERRUPT', 'JUMP_FORWARD',
             'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP',
             'RETURN_GENERATOR', 'GEN_START', 'SEND', 'END_FOR',
             'BEFORE_WITH', 'PUSH_EXC_INFO', 'CHECK_EXC_MATCH', 'RERAISE', 'POP_EXCEPT',
             # `assert` (3.9+; it was LOAD_GLOBAL AssertionError, allowed before)
             'LOAD_ASSERTION_ERROR',
             'LOAD_METHOD', 'LOAD_FAST', 'STORE_FAST', 'DELETE_FAST')


def _getargspec(func):
    """``inspect.getargspec`` (removed in 3.11) on top of ``getfullargspec``."""
    spec = inspect.getfullargspec(func)
    return inspect.ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def _formatargspec(args, varargs=None, varkw=None, defaults=None):
    """``inspect.formatargspec`` (removed in 3.11) for the plain signatures Odoo formats."""
    parts = []
    first_default = len(args) - len(defaults or ())
    for index, name in enumerate(args):
        if defaults and index >= first_default:
            parts.append('%s=%r' % (name, defaults[index - first_default]))
        else:
            parts.append(name)
    if varargs:
        parts.append('*' + varargs)
    if varkw:
        parts.append('**' + varkw)
    return '(%s)' % ', '.join(parts)


def _quiet_known_warnings():
    # Odoo 11's import hooks predate find_spec and it uses currentThread(): harmless on 3.11
    warnings.filterwarnings('ignore', message=r'.*find_spec\(\) not found', category=ImportWarning)
    warnings.filterwarnings('ignore', category=DeprecationWarning)


def _patch_stdlib():
    _quiet_known_warnings()
    for name in _ABC_NAMES:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, 'ArgSpec'):
        inspect.ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')
    if not hasattr(inspect, 'getargspec'):
        inspect.getargspec = _getargspec
    if not hasattr(inspect, 'formatargspec'):
        inspect.formatargspec = _formatargspec
    if not hasattr(base64, 'encodestring'):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes
    _use_python_elementtree()
    _default_yaml_loader()


def _use_python_elementtree():
    """Odoo 11 calls ``Element.getchildren()`` (removed in 3.9) on ElementTree nodes.

    The C ``Element`` type cannot be patched, so the pure-Python implementation is
    used instead (re-imported if something such as pytest's junitxml loaded the C
    one first) and given ``getchildren`` back.
    """
    module = sys.modules.get('xml.etree.ElementTree')
    if module is not None and hasattr(module.Element, 'getchildren'):
        return
    sys.modules['_elementtree'] = None  # makes ElementTree fall back to Python code
    sys.modules.pop('xml.etree.ElementTree', None)
    import xml.etree
    import xml.etree.ElementTree as element_tree
    xml.etree.ElementTree = element_tree
    element_tree.Element.getchildren = lambda self: list(self)


def _default_yaml_loader():
    """PyYAML 6 made ``Loader`` mandatory; Odoo 11's ``.yml`` data import omits it."""
    try:
        import yaml
    except ImportError:
        return
    if getattr(yaml.load, '_csm_patched', False):
        return
    original_load = yaml.load

    def load(stream, Loader=None, **kwargs):
        return original_load(stream, Loader=Loader or yaml.Loader, **kwargs)
    load._csm_patched = True
    yaml.load = load


def _opcodes(names):
    from opcode import opmap
    return {opmap[name] for name in names if name in opmap}


def _patch_safe_eval():
    import importlib
    safe_eval = importlib.import_module('odoo.tools.safe_eval')
    const = _opcodes(_CONST_311)
    expr = const | _opcodes(_EXPR_311)
    safe = expr | _opcodes(_SAFE_311)
    # The sets are extended in place: other modules imported them by reference.
    safe_eval._CONST_OPCODES.update(const)
    safe_eval._EXPR_OPCODES.update(expr)
    safe_eval._SAFE_OPCODES.update(safe)
    safe_eval._SAFE_OPCODES.update(safe_eval._EXPR_OPCODES)
    safe_eval._EXPR_OPCODES.update(safe_eval._CONST_OPCODES)


class _Py35AstNormaliser(ast.NodeTransformer):
    """Turns the Python 3.5 AST that QWeb builds into one Python 3.11 compiles."""

    _CONSTANT_NAMES = {'None': None, 'True': True, 'False': False}

    def visit_Name(self, node):
        if node.id in self._CONSTANT_NAMES:
            return ast.Constant(value=self._CONSTANT_NAMES[node.id])
        return node

    def visit_arguments(self, node):
        self.generic_visit(node)
        if not hasattr(node, 'posonlyargs'):
            node.posonlyargs = []
        return node


def _compile_qweb(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = _Py35AstNormaliser().visit(source)
        if isinstance(source, ast.Module) and not hasattr(source, 'type_ignores'):
            source.type_ignores = []
        # QWeb's hand-made line numbers do not satisfy 3.11's range checks:
        # the generated code is one '<template>' unit, so number it as line 1.
        for node in ast.walk(source):
            for attribute in ('lineno', 'end_lineno', 'col_offset', 'end_col_offset'):
                if attribute in node._attributes:
                    setattr(node, attribute, 1 if 'lineno' in attribute else 0)
    return compile(source, filename, mode, *args, **kwargs)


def _patch_prefork_server():
    """Multi-process mode (``--workers N``).

    Python 3.10+ refuses float resource limits, which the workers set from their CPU time
    (every worker died at start); and the long-polling process is spawned as
    ``python sys.argv[0] gevent ...``, which must be this entry point, not a script file.
    """
    import resource
    import subprocess
    from odoo.service import server
    if getattr(server.PreforkServer.long_polling_spawn, '_csm_patched', False):
        return
    original_setrlimit = resource.setrlimit

    def setrlimit(which, limits):
        return original_setrlimit(which, tuple(int(limit) for limit in limits))
    resource.setrlimit = setrlimit

    def long_polling_spawn(self):
        command = [sys.executable, '-m', 'csm_host.odoo_main', 'gevent'] + server.stripped_sys_argv()[1:]
        self.long_polling_pid = subprocess.Popen(command).pid
    long_polling_spawn._csm_patched = True
    server.PreforkServer.long_polling_spawn = long_polling_spawn


def _patch_qweb():
    import importlib
    qweb = importlib.import_module('odoo.addons.base.ir.ir_qweb.qweb')
    # Module-level name shadows the builtin for the one ``compile(astmod, ...)`` call.
    qweb.compile = _compile_qweb


def apply():
    """Make the running interpreter able to import and run Odoo 11 (idempotent)."""
    global _applied
    if _applied:
        return
    _patch_stdlib()
    import odoo  # noqa: F401 -- the patches below target modules odoo imports
    _patch_safe_eval()
    _patch_qweb()
    _patch_prefork_server()
    _applied = True
