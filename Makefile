# zjtx — two commands on a fresh machine:
#   make run    set up, then run the main job on the bundled roster
#   make test   set up, then run every test, the plug-ins' tests and the strict docs build
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PLUGINS := $(wildcard plugins/*/pyproject.toml)
PYTEST_ARGS ?= -n auto

.PHONY: setup run test unit docs docs-strict bench clean

$(STAMP): pyproject.toml $(PLUGINS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@for p in $(dir $(PLUGINS)); do echo "installing plug-in $$p"; $(PY) -m pip install -q -e "$$p" || exit 1; done
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/zjtx report src/zjtx/data/sample-yunnan.parquet --jurisdiction yunnan --year 2025 --as-of 2025-06-30 -o out/report.xlsx -o out/report.html

test: docs-strict unit

unit: setup
	$(PY) -m pytest -q --doctest-modules src/zjtx
	$(PY) -m pytest $(PYTEST_ARGS) tests $(dir $(PLUGINS))

docs: setup
	@if [ -f docs/conf.py ]; then $(VENV)/bin/sphinx-build -q -d docs/_build/doctrees -b html docs docs/_build/html; fi
	@echo "documentation: docs/_build/html/index.html"

docs-strict: setup
	@if [ -f docs/conf.py ]; then \
		$(VENV)/bin/sphinx-build -q -W --keep-going -d docs/_build/doctrees -b html docs docs/_build/html && \
		$(VENV)/bin/sphinx-build -q -W -d docs/_build/doctrees -b doctest docs docs/_build/doctest; \
		else echo "no docs/conf.py yet"; fi

bench: setup
	$(PY) benchmarks/assess.py --n 100000

clean:
	rm -rf $(VENV) docs/_build build dist .pytest_cache .hypothesis out
