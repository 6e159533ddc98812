# Two commands: `make run` (set up, then serve on SQLite with demo data) and
# `make test` (set up, then lint and run the whole suite). `make test-fast` is the
# inner loop: everything but the browser tests, in parallel.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# pytest-xdist workers: one per core by default (JOBS=1 runs in one process).
JOBS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test test-fast test-db lint lock format bench clean check-run check-test-fast check-test

# Every Python package comes from the lock file, checked against its hashes; the project
# itself is then installed on top without letting pip resolve anything again.
$(BIN)/convivial: requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The DfE's census rules run in their own environment (requirements/cin-validator.in
# says why); the census screen and `convivial census --check` call it by path.
CIN_VENV := .venv-cin
$(CIN_VENV)/bin/cin-ready: requirements/cin-validator.txt
	$(PYTHON) -m venv $(CIN_VENV)
	$(CIN_VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements/cin-validator.txt
	@touch $@

# Refresh the lock after changing a range in pyproject.toml (UPGRADE=1 takes the newest
# releases the ranges allow; without it, pins move only where they must).
lock: $(BIN)/convivial
	$(BIN)/pip-compile --quiet --generate-hashes --extra test --all-build-deps --strip-extras \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements/lock.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements/cin-validator.txt requirements/cin-validator.in

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

casework/static/dist/convivial.css: node_modules/.package-lock.json scripts/build_assets.mjs $(wildcard casework/assets/*.scss) $(wildcard casework/static/js/*.mjs) $(wildcard casework/static/images/*)
	npm run --silent build

setup: $(BIN)/convivial $(CIN_VENV)/bin/cin-ready casework/static/dist/convivial.css

# Missing system packages are named, with the apt-get line, before anything starts.
check-run check-test-fast check-test:
	@$(PYTHON) scripts/check_system.py $(@:check-%=%)

# The worker (date triggers, documents drawn ahead) runs beside the server and stops with it.
run: check-run setup
	CONVIVIAL_ENV=development $(BIN)/convivial init-db
	CONVIVIAL_ENV=development $(BIN)/convivial demo
	CONVIVIAL_ENV=development $(BIN)/convivial worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  CONVIVIAL_ENV=development $(BIN)/convivial serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Tests run in parallel (pytest-xdist, JOBS workers); a browser test file stays on one
# worker (--dist loadgroup), and each worker has its own service, databases and ports.
# Bytecode is cached under .venv/pycache even where PYTHONDONTWRITEBYTECODE is set, so
# each worker does not compile the project again (nothing is written into the sources).
XDIST := -n $(JOBS) --dist loadgroup
test test-fast test-db: export PYTHONPYCACHEPREFIX = $(CURDIR)/$(VENV)/pycache
test test-fast test-db: export PYTHONDONTWRITEBYTECODE =

test: check-test lint
	$(BIN)/pytest $(XDIST)

# The inner loop: everything but the browser tests.
test-fast: check-test-fast setup
	$(BIN)/pytest $(XDIST) -m "not browser"

# The tests that touch a database; CI runs these again on PostgreSQL (and draft pruning,
# which compares stored JSON). Each worker makes databases of its own on that server
# (<name>_gw0, <name>_gw0_browser, ...; see tests/conftest.py).
test-db: check-test setup
	$(BIN)/pytest $(XDIST) tests/casework tests/browser tests/designer/test_snapshot_pruning.py

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules casework/static/dist
