# GrowthDoc — two commands for a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

FLOORS := .venv-floors

.PHONY: run test setup lock test-floors ingest embeddings eval bench bench-speed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Exact, hashed versions from requirements.lock (nothing to resolve), then the project itself.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	@echo "[1/3] Installing GrowthDoc and its libraries into $(VENV) (first run only: ~850 MB, about 6 min on a 2-core machine, mostly downloading)…"
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# After changing dependencies in pyproject.toml: `make lock` (keeps current pins where they still fit;
# `make lock UPGRADE=--upgrade` moves everything to the newest), then commit requirements.lock.
lock: setup
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --universal --generate-hashes $(UPGRADE) \
		--custom-compile-command "make lock" -o requirements.lock

# The declared lower bounds, tested: the lowest version of every direct dependency, then the suite
# (the wheel's test aside: `make test` runs it).
test-floors: setup
	rm -rf $(FLOORS)
	$(BIN)/uv venv -q --python $(BIN)/python $(FLOORS)
	VIRTUAL_ENV=$(CURDIR)/$(FLOORS) $(BIN)/uv pip install -q --resolution lowest-direct -e '.[dev]'
	$(FLOORS)/bin/python .ci/check_floors.py
	$(FLOORS)/bin/python -m pytest -q --ignore=tests/test_packaging.py $(PYTEST_ARGS)

ingest: setup
	@echo "[2/3] Indexing knowledge/ into data/chroma (seconds: the vectors ship in knowledge/embeddings/)…"
	$(BIN)/growthdoc ingest

# After editing knowledge/ (or changing the embedding model): refresh the shipped vectors, then commit
# knowledge/embeddings/. `growthdoc ingest` does the same; tests/retrieval/test_embedding_cache.py says when.
embeddings: ingest
	@git status --short knowledge/embeddings/ 2>/dev/null || true

# A newcomer's first run: install (minutes, once), index (seconds), serve. Later runs start in seconds.
run: ingest
	@echo "[3/3] Starting the server: open http://$${GROWTHDOC_HOST:-127.0.0.1}:$${GROWTHDOC_PORT:-8000}/ (Ctrl+C stops it)"
	$(BIN)/growthdoc serve $(SERVE_ARGS)

test: setup
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

eval: ingest
	$(BIN)/growthdoc eval retrieval
	$(BIN)/growthdoc eval diagnosis
	$(BIN)/growthdoc eval conversations

# The waits a user notices (README "Speed"): cold ingest, start-up, warm search, 1M-row KPI read, each
# against its baseline in the same run (median of 5 paired runs), then throughput at 20 back-to-back
# clients with one and two server processes. About 10 minutes on 2 cores; `make bench-speed BEFORE=../main`
# also times another checkout in the same rounds (throughput: 5 rounds, interleaved).
bench-speed: setup
	$(BIN)/python benchmarks/speed.py --repeat 5 $(if $(BEFORE),--before $(BEFORE))
	$(BIN)/python benchmarks/load_widget.py --users 20 --turns 10 --think 0 $(if $(BEFORE),--before $(BEFORE) --rounds 5)
	$(BIN)/python benchmarks/load_widget.py --users 20 --turns 10 --think 0 --workers 2

# Every speed and memory figure of the README (about 30 minutes; the soak alone is 10).
bench: bench-speed ingest
	$(BIN)/growthdoc eval retrieval
	$(BIN)/growthdoc eval diagnosis
	$(BIN)/growthdoc eval conversations
	$(BIN)/python benchmarks/kpi_scale.py
	$(BIN)/python benchmarks/drafting_speed.py
	$(BIN)/python benchmarks/load_widget.py --users 50 --turns 4 --think 5
	$(BIN)/python benchmarks/load_webhooks.py --index-from data --soak-seconds 600

clean:
	rm -rf $(VENV) $(FLOORS) data .pytest_cache
