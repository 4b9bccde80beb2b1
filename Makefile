# Two commands matter: `make demo` (run the product with demo data) and `make test`.
# Both install what they need first, on a fresh machine too (Python 3.13 via pyenv, npm, apt).
SHELL := /bin/bash
.DEFAULT_GOAL := help
# pyenv picks the interpreter named in .python-version; uv then builds .venv with it.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
export UV_PYTHON_DOWNLOADS := never
UV := $(PYTHON) -m uv
BIN := .venv/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/gaung
PYTEST_ARGS ?=
LINT_PATHS := src tests $(wildcard bench)
# Installs Debian packages quietly; the caller says what is lost when that fails.
apt_install = (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null)

.PHONY: help install gettext browser pdf-libs migrate messages compilemessages seed demo lint \
	check-migrations check-openapi openapi pytest pytest-postgres test clean bench-import bench-amplify

help:
	@echo "make demo   install, migrate, seed the demo city and run web + worker + beat"
	@echo "make test   lint, migration and API-schema checks, the test suite on SQLite"
	@echo "            and on PostgreSQL when 127.0.0.1:5432 answers"
	@echo "make openapi  regenerate docs/api/openapi.yaml after an API change"
	@echo "make bench-import  import benchmark (100k roster, 150k accounts; ~2 min; not in test)"
	@echo "make bench-amplify  amplification load benchmark (10k proofs, 20k clicks over HTTP; not in test)"

install: .venv/.installed node_modules/.installed

.venv/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "Gaung needs Python 3.12 or newer; found $$($(PYTHON) --version). Try PYTHON=python3.13"; \
	  exit 1; }
	$(PYTHON) -m uv --version >/dev/null 2>&1 || \
	  $(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore uv
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# msgfmt compiles the translation catalogues.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || $(call apt_install,gettext) \
	  || echo "gettext could not be installed: translations will not be compiled"

# Debian's chromium for the Playwright browser tests (Playwright's own download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || $(call apt_install,chromium fonts-dejavu-core) \
	  || echo "chromium could not be installed: the browser tests will be skipped"

# Pango and a font for WeasyPrint, which prints the compilation PDF.
pdf-libs:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || \
	  $(call apt_install,libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core) \
	  || echo "Pango could not be installed: PDF reports will fail"

compilemessages: install gettext
	@if [ -z "$$(find src -name '*.po' -print -quit)" ]; then \
	  echo "No translation catalogue (.po) yet: nothing to compile"; \
	elif ! command -v msgfmt >/dev/null 2>&1; then \
	  echo "msgfmt is missing: translations not compiled (the UI falls back to English)"; \
	else $(BIN)/gaung compilemessages --ignore=.venv --ignore=node_modules -v0; fi

migrate: install
	$(BIN)/gaung migrate --no-input -v0
	$(BIN)/gaung createcachetable

# Idempotent: creates the demo city once, then only prints the demo logins.
seed: migrate
	$(BIN)/gaung seed_demo

demo: install pdf-libs compilemessages migrate
	$(BIN)/gaung collectstatic --no-input -v0
	$(BIN)/gaung seed_demo
	$(BIN)/gaung seed_demo_compilations
	$(BIN)/gaung seed_demo_campaigns
	$(BIN)/gaung seed_demo_content
	@echo
	@echo "Starting web (http://127.0.0.1:$${GAUNG_PORT:-8000}/), Celery worker and beat."
	@echo "Log in with one of the logins above. Ctrl-C stops everything."
	$(BIN)/honcho -f Procfile start

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

check-migrations: install
	$(BIN)/gaung makemigrations --check --dry-run

# The schema is generated in English so it does not depend on the compiled Indonesian catalogue.
openapi: install
	@mkdir -p docs/api
	$(BIN)/gaung spectacular --lang en --file docs/api/openapi.yaml --validate --fail-on-warn

check-openapi: install
	@mkdir -p var
	$(BIN)/gaung spectacular --lang en --file var/openapi-check.yaml --validate --fail-on-warn
	@diff -u docs/api/openapi.yaml var/openapi-check.yaml || { \
	  echo "The API changed: run 'make openapi' and commit docs/api/openapi.yaml"; exit 1; }

pytest: install browser pdf-libs compilemessages
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The same suite on PostgreSQL when one answers (CI and developer machines have one); each
# xdist worker gets its own test database (test_gaung_gw0, ...). The browser tests (slow) and
# the Celery worker tests (no database) run once, in the SQLite pass.
pytest-postgres: install compilemessages
	@if $(BIN)/python -c "import socket,sys; s=socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	  echo "== PostgreSQL reachable: running the suite on PostgreSQL =="; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n auto -m "not browser and not worker" $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped =="; fi

test: lint check-migrations check-openapi pytest pytest-postgres

# Heavy, so not part of `make test`: see bench/README.md. The last stdout line is the JSON.
bench-import: install
	$(BIN)/python bench/import_bench.py $(BENCH_ARGS)

bench-amplify: install
	$(BIN)/python bench/amplify_bench.py $(BENCH_ARGS)

messages: install gettext
	$(BIN)/gaung makemessages -l id --ignore=.venv --ignore=node_modules --ignore=tests
	$(BIN)/gaung compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf .venv node_modules var .pytest_cache
