# The two commands a new user needs: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Models load from local paths only (shared/MODELS.md): never reach for the model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: serve test check test-llm lint ingest eval bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, so pip takes the local CPU wheel and never pulls a CUDA build.
$(VENV)/.app-installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

## serve: set up, ingest corpus/ if the store is missing or stale, serve http://127.0.0.1:8000
serve: $(VENV)/.app-installed
	$(BIN)/sendqa serve

## test: set up with dev dependencies, lint, run the whole suite (it includes an eval smoke run
## over the whole corpus: tests/test_eval_cases.py::test_harness_smoke_run). Corpus stores are
## built once and kept in .cache/test-stores/ (tests/stores.py), so later runs skip ingestion.
test: $(VENV)/.dev-installed browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

## check: lint and the unit tests that need neither the model nor a store (well under a minute)
check: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow and not llm"

## test-llm: install the local LLM extra and run the LLM answerer over a slice of the eval set
test-llm: $(VENV)/.dev-installed
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install -q -e '.[local-llm]'
	$(BIN)/pytest -m llm

# The UI test drives Debian's chromium; install it when we can (root), else the test skips.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: chromium not installed; the browser test will be skipped"; }

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

ingest: $(VENV)/.app-installed
	$(BIN)/sendqa ingest

eval: $(VENV)/.app-installed
	$(BIN)/sendqa eval

## bench: ingest, latency (serial and 50 clients on a real server), memory and start-up at 1x,
## 10x and 100x (synthetic, .cache/bench/); prints a table, writes bench/results/latest.json.
## BENCH_ARGS="--scales 1" for the real corpus only; see `python -m bench --help`.
BENCH_ARGS ?=
bench: $(VENV)/.app-installed
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .cache .pytest_cache .mypy_cache .ruff_cache
