"""Where things live and which ports/names are used; overridable by ``csm.ini`` or env.

``csm.ini`` (git-ignored, optional) at the project root, section ``[csm]``, keys as in
``DEFAULTS``; environment variables ``CSM_<KEY>`` win over the file.  Setting ``db_host``
points everything at an existing PostgreSQL server instead of the private cluster.
"""
import configparser
import os
from pathlib import Path

ROOT = Path(os.environ.get('CSM_HOME') or Path(__file__).resolve().parent.parent)
STATE = ROOT / '.csm'
VENV = ROOT / '.venv'

DEFAULTS = {
    'db_host': '',            # empty: the private cluster under .csm/pgdata
    'db_port': '55432',
    'db_user': 'csm',
    'db_password': '',
    'http_port': '8069',
    'http_interface': '127.0.0.1',
    'demo_db': 'csm_demo',
    'test_db': 'csm_test',
    'admin_login': 'admin',
    'admin_password': 'admin',
    'master_password': 'csm-master',
}


def load():
    values = dict(DEFAULTS)
    parser = configparser.ConfigParser()
    parser.read(ROOT / 'csm.ini')
    if parser.has_section('csm'):
        values.update(parser['csm'])
    for key in DEFAULTS:
        env_value = os.environ.get('CSM_' + key.upper())
        if env_value is not None:
            values[key] = env_value
    values['private_cluster'] = not values['db_host']
    if values['private_cluster']:
        values['db_host'] = '127.0.0.1'
    return values
