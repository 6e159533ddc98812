# Two commands: `make run` (set up, then serve on SQLite with demo data) and
# `make test` (set up, then lint and run the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test test-db lint format bench clean

$(BIN)/convivial: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

casework/static/dist/convivial.css: node_modules/.package-lock.json scripts/build_assets.mjs $(wildcard casework/assets/*.scss)
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
