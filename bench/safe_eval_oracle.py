"""Compare safe_eval's checks on 3.11 (compat layer) with Odoo 11's own on an old Python.
From the project root, with the path of a Python 3.5-3.7 interpreter::

    .venv/bin/python -m bench.safe_eval_oracle PYTHON   (e.g. $(pyenv prefix 3.7.16)/bin/python)

Odoo 11's ``test_expr`` (bytecode whitelist + forbidden names) is taken from the host's
safe_eval.py and run by the old interpreter on the expressions of tests/test_compat.py and
of every host data file; the script prints a table of those whose verdict differs on 3.11.
"""
import importlib
import json
import subprocess
import sys

from bench import harness
from bench.harness import Column

# runs on the old interpreter: Odoo 11's module-level whitelists and test_expr, nothing else
ORACLE = r'''
import dis, json, logging, sys
from opcode import HAVE_ARGUMENT, opmap, opname
from types import CodeType
source = open(sys.argv[1]).read()
namespace = dict(dis=dis, opmap=opmap, opname=opname, HAVE_ARGUMENT=HAVE_ARGUMENT,
                 CodeType=CodeType, sys=sys, logging=logging, ustr=str, pycompat=None)
exec(source[source.index('_ALLOWED_MODULES'):source.index('def const_eval')], namespace)
verdicts = []
for mode, expr in json.load(sys.stdin):
    try:
        namespace['test_expr'](expr, namespace['_SAFE_OPCODES'], mode=mode)
        verdicts.append('ok')
    except Exception as error:
        verdicts.append('%s: %s' % (type(error).__name__, str(error).splitlines()[0]))
json.dump(verdicts, sys.stdout)
'''


def expressions(cases):
    found = set(cases._data_file_expressions())
    found.update(('eval', expr) for expr, *_ in cases.REFUSED + cases.ACCEPTED)
    found.update(('exec', code) for code, *_ in
                 cases.EXEC_REFUSED + cases.FRAME_GAMES + cases.EXEC_ACCEPTED)
    return sorted(found)


def verdict(sandbox, mode, expr):
    try:
        sandbox.test_expr(expr, sandbox._SAFE_OPCODES, mode=mode)
        return 'ok'
    except Exception as error:
        return '%s: %s' % (type(error).__name__, str(error).splitlines()[0])


def main(argv=None):
    parser = harness.arguments('bench.safe_eval_oracle', __doc__, db=None, own_db=False)
    parser.add_argument('old_python', help='a Python 3.5-3.7 interpreter')
    args = harness.parse(parser, argv)
    harness.load_odoo(args.config)   # odoo must be imported after the compat layer
    sandbox = importlib.import_module('odoo.tools.safe_eval')  # the module, not the function
    sys.path.insert(0, str(harness.ROOT / 'tests'))
    import test_compat as cases
    todo = expressions(cases)
    result = subprocess.run([args.old_python, '-c', ORACLE, sandbox.__file__],
                            input=json.dumps(todo), capture_output=True, text=True, check=True)
    differ = []
    for (mode, expr), old in zip(todo, json.loads(result.stdout)):
        new = verdict(sandbox, mode, expr)
        if (old == 'ok') != (new == 'ok') and not old.startswith('SyntaxError'):
            differ.append((mode, repr(expr), old, new))
    harness.report('safe_eval on 3.11 against Odoo 11 on %s: %d expressions, %d verdicts differ '
                   '(new syntax excluded)' % (args.old_python, len(todo), len(differ)))
    if differ:
        harness.print_table([Column('mode'), Column('expression'), Column('Odoo 11 verdict'),
                             Column('3.11 verdict')], differ)


if __name__ == '__main__':
    main()
