"""Compare safe_eval's checks on 3.11 (compat layer) with Odoo 11's own on an old Python:
    .venv/bin/python bench/safe_eval_oracle.py /path/to/python3.7   (e.g. $(pyenv prefix 3.7.16)/bin/python)

Odoo 11's ``test_expr`` (bytecode whitelist + forbidden names) is taken from the host's
safe_eval.py and run by the old interpreter on the expressions of tests/test_compat.py and
of every host data file; the script prints each one whose verdict differs on 3.11.
"""
import json
import subprocess
import sys
from pathlib import Path

from csm_host import compat

compat.apply()
import importlib  # noqa: E402  (odoo must be imported after compat.apply)

sandbox = importlib.import_module('odoo.tools.safe_eval')
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'tests'))
import test_compat as cases  # noqa: E402

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


def expressions():
    found = set(cases._data_file_expressions())
    found.update(('eval', expr) for expr, *_ in cases.REFUSED + cases.ACCEPTED)
    found.update(('exec', code) for code, *_ in
                 cases.EXEC_REFUSED + cases.FRAME_GAMES + cases.EXEC_ACCEPTED)
    return sorted(found)


def verdict_311(mode, expr):
    try:
        sandbox.test_expr(expr, sandbox._SAFE_OPCODES, mode=mode)
        return 'ok'
    except Exception as error:
        return '%s: %s' % (type(error).__name__, str(error).splitlines()[0])


def main(old_python):
    todo = expressions()
    result = subprocess.run([old_python, '-c', ORACLE, sandbox.__file__], input=json.dumps(todo),
                            capture_output=True, text=True, check=True)
    differ = 0
    for (mode, expr), old in zip(todo, json.loads(result.stdout)):
        new = verdict_311(mode, expr)
        if (old == 'ok') != (new == 'ok') and not old.startswith('SyntaxError'):
            differ += 1
            print('%s %r\n    old: %s\n    3.11: %s' % (mode, expr, old, new))
    print('%d expressions, %d verdicts differ (new syntax excluded)' % (len(todo), differ))


if __name__ == '__main__':
    main(sys.argv[1])
