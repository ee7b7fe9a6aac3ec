# Two commands for users: `make serve` and `make test`. Both create or reuse .venv:
# `make serve` installs what serving needs and nothing else; `make test` adds the dev,
# client, pandas and import extras to the same venv. Each set-up phase prints one line;
# pip's own output goes to .venv/pip.log and is shown only when it fails.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOG := $(VENV)/pip.log
BASE_STAMP := $(VENV)/.installed-base
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: serve test bench bench-load install lint

$(BIN)/python:
	@echo "make: creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)

$(BASE_STAMP): pyproject.toml setup.py Makefile | $(BIN)/python
	@echo "make: installing Clio and what serving needs into $(VENV) (about a minute the first time)"
	@$(PIP) install --upgrade pip >$(LOG) 2>&1 && $(PIP) install -e . >>$(LOG) 2>&1 \
		|| { cat $(LOG) >&2; echo "make: pip failed; its output is above and in $(LOG)" >&2; exit 1; }
	@touch $(BASE_STAMP)

# Tests, lint and the notebook guide: the dev, client, pandas and import extras on top.
$(STAMP): $(BASE_STAMP)
	@echo "make: adding the dev, client, pandas and import extras to $(VENV)"
	@$(PIP) install -e ".[dev,pandas,client,import]" >$(LOG) 2>&1 \
		|| { cat $(LOG) >&2; echo "make: pip failed; its output is above and in $(LOG)" >&2; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

# GraphiQL and the explorer are served from npm packages installed here, never from a CDN.
# Without npm the server still starts; its pages then say what is missing.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package.json web/package-lock.json
	@if command -v npm >/dev/null; then \
		echo "make: installing the GraphiQL and explorer browser packages into web/node_modules"; \
		(cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && touch $(WEB_STAMP); \
	else echo "make: Node.js and npm are not installed (apt-get install nodejs npm): GraphiQL and /explore will be unavailable" >&2; fi

# Browser tests drive Debian's Chromium; they skip when it cannot be installed (not root, no apt).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "make: could not install chromium; browser tests will be skipped" >&2; \
	else echo "make: $(CHROMIUM) is missing and only root can apt-get install it; browser tests will be skipped" >&2; fi

# The PostgreSQL store's tests (tests/state) start a throw-away server of Debian's postgresql.
POSTGRES_STAMP := $(VENV)/.postgresql
$(POSTGRES_STAMP): | $(BIN)/python
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then touch $@; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing Debian's postgresql for the PostgreSQL store's tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null && touch $@) \
		|| echo "make: could not install postgresql; its tests will be skipped" >&2; \
	else echo "make: postgresql is missing and only root can apt-get install it; its tests will be skipped" >&2; fi

serve: $(BASE_STAMP) $(WEB_STAMP)
	@echo "make: starting clio serve on the bundled data"
	@$(BIN)/clio serve

# -rs lists every skipped test with its reason; tests/conftest.py fails a skip that has none.
# TEST_WORKERS=2 runs two processes (pytest-xdist), each file whole on one of them so a module's
# fixtures are built once; not the default yet: its first full run was not green (docs/testing.md).
TEST_WORKERS ?= 0
test: $(STAMP) $(WEB_STAMP) $(CHROMIUM) $(POSTGRES_STAMP)
	$(BIN)/python -m pytest -q -rs -n $(TEST_WORKERS) --dist loadfile

# Lint, format check and strict type check, with the versions pinned in the dev extra.
lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy graph schema clio

# Benchmarks: 10k and 100k events by default (under ten minutes); `make bench SIZES=1000000` for a million.
SIZES ?= 10000,100000
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes $(SIZES)

# Load benchmark against a real `clio serve` of LOAD_DATA (the full import of docs/importing.md):
# the mix at 1, 8, 32, 128 connections, alone and beside 4 costly clients, 8 s a cell (~3 min a worker count).
LOAD_DATA ?= build/graph
WORKERS ?= 1
bench-load: $(STAMP)
	$(BIN)/python -m bench.traffic $(LOAD_DATA) --workers $(WORKERS) --json build/traffic/traffic.json

# The fast path (clio/upstream.py, Strawberry's and graphql-core's internals) against the newest
# releases on PyPI, in a venv of its own: the differential test compares it with Strawberry's stock
# path. When it passes, raise the upper bounds in pyproject.toml to the next minor of what it ran.
# graphql-core is the newest that the newest Strawberry accepts (Strawberry pins it too).
UPSTREAM_VENV := .venv-upstream
.PHONY: test-upstream
test-upstream:
	@echo "make: building $(UPSTREAM_VENV) with the newest strawberry-graphql and graphql-core"
	test -x $(UPSTREAM_VENV)/bin/python || $(PYTHON) -m venv $(UPSTREAM_VENV)
	$(UPSTREAM_VENV)/bin/pip install --quiet --upgrade pip
	$(UPSTREAM_VENV)/bin/pip install --quiet -e . pytest hypothesis hypothesis-graphql httpx2
	@# Past our own upper bounds on purpose: pip says so ("clio-history requires …") and goes on.
	$(UPSTREAM_VENV)/bin/pip install --quiet --upgrade strawberry-graphql graphql-core
	@$(UPSTREAM_VENV)/bin/python -c "from importlib.metadata import version as v; \
		print('make: testing strawberry-graphql', v('strawberry-graphql'), 'with graphql-core', v('graphql-core'))"
	$(UPSTREAM_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/schema/test_differential.py tests/schema/test_fast_paths.py

# The import audit (issue 9): import the shared data sets, compare with the hand-judged gold set
# in tests/audit/gold, print each rate with its 95% Wilson interval. Offline; skips with a reason
# when ../shared/datasets is absent. `make audit REUSE=1` compares the last import again.
.PHONY: audit
audit: $(STAMP)
	$(BIN)/python -m audit $(if $(REUSE),--reuse) --findings build/audit-findings.jsonl

# Issue 9, item 7: each shared data set and data/ imported alone, the outputs merged in three
# orders, compared with one run (eight full imports, about six minutes). Skips without the data.
.PHONY: audit-incremental
audit-incremental: $(STAMP)
	CLIO_AUDIT_INCREMENTAL=1 $(BIN)/python -m pytest -q -rs -p no:randomly tests/importers/test_incremental_full.py

