# Two commands matter: `make demo` (run the product with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
UV := $(PYTHON) -m uv
BIN := .venv/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/gaung
PYTEST_ARGS ?=

.PHONY: install demo run test lint check-migrations check-openapi openapi pytest pytest-postgres browser messages clean

install: .venv/.installed node_modules/.installed

.venv/.installed: pyproject.toml uv.lock
	$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium for the Playwright browser tests (Playwright's own download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

migrate: install
	$(BIN)/gaung migrate --no-input -v0
	$(BIN)/gaung createcachetable
	$(BIN)/gaung compilemessages --ignore=.venv --ignore=node_modules -v0

demo: migrate
	$(BIN)/gaung seed_demo
	$(BIN)/gaung collectstatic --no-input -v0
	$(BIN)/honcho -f Procfile start

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

check-migrations: install
	$(BIN)/gaung makemigrations --check --dry-run

openapi: install
	$(BIN)/gaung spectacular --file docs/api/openapi.yaml --validate

check-openapi: install
	$(BIN)/gaung spectacular --file /tmp/gaung-openapi.yaml --validate
	diff -u docs/api/openapi.yaml /tmp/gaung-openapi.yaml || { echo "The API changed: run 'make openapi' and commit docs/api/openapi.yaml"; exit 1; }

pytest: install browser
	$(BIN)/gaung compilemessages --ignore=.venv --ignore=node_modules -v0
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The same suite on PostgreSQL when one answers (CI and developer machines have one).
pytest-postgres: install
	@if $(BIN)/python -c "import socket,sys; s=socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	  echo "== PostgreSQL reachable: running the suite on PostgreSQL =="; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n auto -m "not browser" $(PYTEST_ARGS); \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped =="; fi

test: lint check-migrations check-openapi pytest pytest-postgres

messages: install
	$(BIN)/gaung makemessages -l id --ignore=.venv --ignore=node_modules --ignore=tests
	$(BIN)/gaung compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf .venv node_modules var .pytest_cache
