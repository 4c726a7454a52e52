# IRO Oversight. `make run` to try it, `make test` for the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
ASSETS := static_build/iro/application.css
# Debian packages: WeasyPrint's libraries for the PDF downloads and Liberation Sans (Arial's metrics)
# for the charts and documents (needed to run), and the browser
# and pdftotext the tests use. Each is checked by its own name (scripts/debian-packages.sh).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
# systemd gives systemd-analyze, which verifies the unit files in deploy/systemd.
TEST_DEBS := chromium poppler-utils systemd

.PHONY: audit browser-deps postgres-deps validator-env run-deps test-deps help install run test test-sqlite test-postgres lint typecheck security browser bench bench-import clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: run-deps $(STAMP) $(ASSETS) ## Install the Debian packages the product needs, prepare .venv with the locked dependencies and build the front-end assets

run-deps:
	@scripts/debian-packages.sh $(RUN_DEBS)

test-deps:
	@scripts/debian-packages.sh $(TEST_DEBS)

$(STAMP): requirements-dev.lock
	@command -v python3.11 >/dev/null 2>&1 && PYBIN=python3.11 || PYBIN=python3; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $(STAMP)

# The DfE-rule validator (csc-validator-be-903) for the 903 differential test, in its own
# environment: it pins pandas < 2 and numpy < 1.25. Its lock is regenerated with
# uv pip compile tests/ssda903/validator/requirements.in --generate-hashes --python-version 3.11 \
#   -o tests/ssda903/validator/requirements.lock
VALIDATOR_VENV := .venv-validator
VALIDATOR_LOCK := tests/ssda903/validator/requirements.lock

$(VALIDATOR_VENV)/.installed: $(VALIDATOR_LOCK)
	@command -v python3.11 >/dev/null 2>&1 && PYBIN=python3.11 || PYBIN=python3; \
	  [ -x $(VALIDATOR_VENV)/bin/python ] || $$PYBIN -m venv $(VALIDATOR_VENV)
	$(VALIDATOR_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(VALIDATOR_LOCK)
	touch $@

validator-env: $(VALIDATOR_VENV)/.installed ## The DfE-rule validator's own environment (for the 903 differential test)

$(ASSETS): package.json package-lock.json assets/application.scss assets/build.mjs assets/init.js
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

run: install ## Set up the embedded SQLite database with demo data; serve on http://127.0.0.1:8000 with the background worker and scheduler
	DJANGO_SETTINGS_MODULE=config.settings.development $(MANAGE) migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.development $(MANAGE) load_demo --if-empty
	@echo "Serving on http://127.0.0.1:8000 — sign in as 'iro' or 'manager' with password 'demo-password' (debug off; DJANGO_DEBUG=1 make run for Django's debug pages)"
	@echo "The background worker and the scheduler run beside the web server; Ctrl-C stops all three."
	DJANGO_SETTINGS_MODULE=config.settings.development $(MANAGE) run_service --addr 127.0.0.1:8000

lint: install ## ruff lint and format check, and the apps' dependency order (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install ## mypy with django-stubs
	$(VENV)/bin/mypy iro config

security: install ## bandit over the product code
	$(VENV)/bin/bandit -q -c pyproject.toml -r iro config

audit: install ## Known vulnerabilities in the locked dependencies (pip-audit, npm audit); needs the advisory services, so not part of make test
	$(VENV)/bin/pip-audit --disable-pip --no-deps --require-hashes -r requirements.lock
	$(VENV)/bin/pip-audit --disable-pip --no-deps --require-hashes -r requirements-dev.lock
	npm audit --omit=dev
	npm audit

# PostgreSQL 15 for the throwaway test cluster, and the en_GB.UTF-8 locale its collation uses.
postgres-deps:
	@dpkg -s postgresql-15 locales >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 locales >/dev/null; }
	@locale -a | grep -qix 'en_GB\.utf-\?8' || { sed -i 's/^# *\(en_GB\.UTF-8 UTF-8\)/\1/' /etc/locale.gen && locale-gen >/dev/null; }

test-sqlite: install test-deps validator-env ## The whole pytest suite on SQLite
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

test-postgres: install test-deps postgres-deps validator-env ## The whole pytest suite (bar browser tests) on a throwaway PostgreSQL cluster
	scripts/with-postgres.sh $(VENV)/bin/pytest -q -n 2 --dist loadfile -m "not browser"

test: lint typecheck security test-sqlite test-postgres ## Lint, types, security scan, then every test on SQLite and PostgreSQL

bench: install postgres-deps ## Benchmarks on a fresh PostgreSQL database (not part of make test)
	scripts/with-postgres.sh $(PY) bench/run.py

bench-import: install postgres-deps validator-env ## 903 import speed and memory on the shared synthetic datasets
	scripts/with-postgres.sh $(PY) bench/bench_import.py

clean: ## Remove the environment, built assets and the SQLite database
	rm -rf $(VENV) $(VALIDATOR_VENV) node_modules static_build staticfiles db.sqlite3
