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

# Every speed and memory figure of the README (about 20 minutes; the soak alone is 10).
bench: ingest
	$(BIN)/growthdoc eval retrieval
	$(BIN)/growthdoc eval diagnosis
	$(BIN)/growthdoc eval conversations
	$(BIN)/python benchmarks/kpi_scale.py
	$(BIN)/python benchmarks/drafting_speed.py
	$(BIN)/python benchmarks/load_widget.py --users 50 --turns 4 --think 5
	$(BIN)/python benchmarks/load_webhooks.py --index-from data --soak-seconds 600

clean:
	rm -rf $(VENV) data .pytest_cache
