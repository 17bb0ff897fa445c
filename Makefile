# Both targets delegate to the project's command line (csm_host); it installs what is missing.
PYTHON ?= python3

.PHONY: run test
run:
	$(PYTHON) -m csm_host run

test:
	$(PYTHON) -m csm_host test
