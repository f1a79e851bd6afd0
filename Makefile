# GrowthDoc — two commands for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup ingest eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

ingest: setup
	$(BIN)/growthdoc ingest

run: ingest
	$(BIN)/growthdoc serve

test: setup
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

eval: ingest
	$(BIN)/growthdoc eval retrieval
	$(BIN)/growthdoc eval diagnosis
	$(BIN)/growthdoc eval conversations

clean:
	rm -rf $(VENV) data .pytest_cache
