# Two commands for users: `make serve` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test bench bench-load install lint

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,pandas,client]"
	touch $(STAMP)

install: $(STAMP)

# GraphiQL and the explorer are served from npm packages installed here, never from a CDN.
# Without npm the server still starts; its pages then say what is missing.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package.json web/package-lock.json
	@if command -v npm >/dev/null; then cd web && npm ci --no-audit --no-fund && touch node_modules/.installed; \
	else echo "make: Node.js and npm are not installed (apt-get install nodejs npm): GraphiQL and /explore will be unavailable" >&2; fi

# Browser tests drive Debian's Chromium; they skip when it cannot be installed (not root, no apt).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "make: could not install chromium; browser tests will be skipped" >&2; \
	else echo "make: $(CHROMIUM) is missing and only root can apt-get install it; browser tests will be skipped" >&2; fi

serve: $(STAMP) $(WEB_STAMP)
	$(BIN)/clio serve

test: $(STAMP) $(WEB_STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -q

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
