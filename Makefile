# Two commands for users: `make serve` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test bench install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,pandas]"
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/clio serve

test: $(STAMP)
	$(BIN)/python -m pytest -q
