"""``python3 -m csm_host COMMAND``: set the machine up, then run ``csm COMMAND`` in .venv."""
from .bootstrap import main

main()
