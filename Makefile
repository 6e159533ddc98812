# Two commands: `make run` (set up, then serve on SQLite with demo data) and
# `make test` (set up, then lint and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test test-fast test-db lint lock format bench clean

# Every Python package comes from the lock file, checked against its hashes; the project
# itself is then installed on top without letting pip resolve anything again.
$(BIN)/convivial: requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# Refresh the lock after changing a range in pyproject.toml (UPGRADE=1 takes the newest
# releases the ranges allow; without it, pins move only where they must).
lock: $(BIN)/convivial
	$(BIN)/pip-compile --quiet --generate-hashes --extra test --all-build-deps --strip-extras \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements/lock.txt pyproject.toml

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

casework/static/dist/convivial.css: node_modules/.package-lock.json scripts/build_assets.mjs $(wildcard casework/assets/*.scss) $(wildcard casework/static/js/*.mjs) $(wildcard casework/static/images/*)
	npm run --silent build

setup: $(BIN)/convivial casework/static/dist/convivial.css

run: setup
	CONVIVIAL_ENV=development $(BIN)/convivial init-db
	CONVIVIAL_ENV=development $(BIN)/convivial demo
	CONVIVIAL_ENV=development $(BIN)/convivial serve --host 127.0.0.1 --port 5000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

# The tests that touch a database; CI runs these again on PostgreSQL (and draft pruning,
# which compares stored JSON).
test-db: setup
	$(BIN)/pytest tests/casework tests/browser tests/designer/test_snapshot_pruning.py

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules casework/static/dist
