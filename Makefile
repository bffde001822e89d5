# Two commands on a fresh machine: `make run` and `make test`. Both set up the venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
SOURCE ?= seeds
DB     ?= warehouse/wirehouse.duckdb

.PHONY: setup run test test-fast lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(BIN)/wirehouse ingest --source $(SOURCE) --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q --durations=20

# The tests that start no flow, server or subprocess (marked `fast`): under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m fast

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .prefect warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.staging
