import setuptools

setuptools.setup(
    setup_requires=['setuptools-odoo'],
    # Odoo 11 runs on Python 3 only (setuptools-odoo's 11.0 default still admits 2.7)
    python_requires='>=3.5',
    odoo_addon={
        # the wheel's version is the manifest's, not a git post-version (.99.devN)
        'post_version_strategy_override': 'none',
    },
)
