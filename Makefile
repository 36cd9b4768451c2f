# Task shortcuts, used by people and CI alike. `make demo` and `make test` are the two
# commands of the README's quickstart; both work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Django 6 needs Python >= 3.12; the machine's plain python3 may be older.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3 python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
export ERVARING_DEV ?= 1
export ERVARING_PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: help install demo serve test lint fix bench check-python requirements

help:
	@echo "make demo     set up and serve the demo municipality on http://127.0.0.1:$(PORT)"
	@echo "make test     lint, import contract, tests on SQLite and PostgreSQL, browser tests"
	@echo "make install  only the virtual environment (.venv, CLI at .venv/bin/ervaring)"
	@echo "make fix      format and auto-fix lint"
	@echo "make bench    run every benchmark in bench/ (figures in docs/benchmarks.md)"

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer not found; set PYTHON=/path/to/python3.12"; exit 1; }

# Bytecode is compiled at install (as pip does; uv does not by default): otherwise every
# process compiles Django and the project from source wherever it cannot write __pycache__
# (a service user, PYTHONDONTWRITEBYTECODE), which tripled the start-up of every worker
# and command (docs/benchmarks.md, "Cold start").
$(BIN)/ervaring: requirements.txt pyproject.toml | check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode -r requirements.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(BIN)/ervaring

# The .mo files Django reads, compiled from the committed .po files (never committed), and
# the project's own bytecode (never committed either; a changed file is compiled anew).
install: $(BIN)/ervaring
	$(BIN)/python -m ervaring.languages
	$(BIN)/python -m compileall -q -j 0 ervaring

demo: install
	mkdir -p var
	$(BIN)/ervaring migrate --no-input -v 0
	$(BIN)/ervaring seed-demo
	$(BIN)/ervaring collectstatic --no-input -v 0
	PORT=$(PORT) scripts/serve.sh

serve: install
	PORT=$(PORT) scripts/serve.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fix: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	scripts/ensure-system-packages.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup
	scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 -m "not browser"

# Every benchmark in bench/, each printing its figures beside a baseline measured in the same
# run; the latest results are in docs/benchmarks.md.
bench: install
	scripts/ensure-system-packages.sh
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Recompile the pinned requirements after changing requirements.in.
requirements: install
	$(BIN)/uv pip compile --python $(BIN)/python --generate-hashes --no-header --quiet requirements.in -o requirements.txt
