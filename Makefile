# CertClaims. `make run` serves the demo; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
MANAGE := $(PY) manage.py

.PHONY: help install python-deps assets migrate demo run dev run-prod-like test lint imports typecheck djangocheck pytest bench bench-national load contract

help:
	@echo "make run    install everything, migrate, load the demo world and serve it on http://127.0.0.1:$${PORT:-8000}"
	@echo "make dev    the same for developers: debug pages, the code reloaded on every change"
	@echo "make test   install everything and run every check (ruff, import layers, mypy, Django checks, pytest)"
	@echo "make bench  print the benchmark figures, on SQLite and on PostgreSQL"
	@echo "make bench-national  every page, and results day, at a national awarding body's volume"
	@echo "make run-prod-like  production settings with gunicorn and PostgreSQL"
	@echo "make load   a one-minute load test of the busy end of term against gunicorn"
	@echo "make contract  schemathesis over the whole API schema with three tokens (PostgreSQL)"

# uv itself comes from PyPI when the machine does not have it.
install: python-deps assets

python-deps:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

assets: node_modules/.package-lock.json
	@npm run --silent build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# The demo: served as production serves it (no debug pages, static files from the application),
# quietly. bin/run migrates and loads the demo world itself, printing nothing but its banner.
run: install
	@./bin/run

# For developers: config.settings.local (debug pages) and Django's development server.
dev: install
	@./bin/dev

# Production settings locally: gunicorn and PostgreSQL (this machine's cluster unless
# DATABASE_URL names another).
run-prod-like: install
	./bin/run-prod-like

lint: python-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The apps' one-way layers (pyproject.toml, [tool.importlinter]): each imports only those below.
imports: python-deps
	.venv/bin/lint-imports

typecheck: python-deps
	$(PY) -m mypy .

djangocheck: python-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

pytest: install
	$(PY) -m pytest $(PYTEST_ARGS)

test: install lint imports typecheck djangocheck pytest

# Every benchmark on SQLite and on PostgreSQL (this machine's cluster; a fresh bench_* database
# for each), side by side with the floors of the same run.
bench: install
	$(PY) bench/run.py

# The national data set (built once, minutes; then reused), every page at that volume with the
# plan of every query, and results day with 1, 2 and 4 workers. Fails on a page over budget.
bench-national: install
	$(PY) bench/national.py all

# A one-minute load test on PostgreSQL against gunicorn (bin/load); fails on any error.
load: install
	./bin/load

# schemathesis over every operation of the OpenAPI schema, against gunicorn on PostgreSQL, with a
# Centre Administrator's and a Tutor/Teacher's token of one centre and a token of another
# (bin/api-contract); fails on any server error or response the schema does not describe.
contract: install
	./bin/api-contract
