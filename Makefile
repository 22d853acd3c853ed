# The two commands: `make run` (the app with a demo workspace) and `make test` (everything).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(CURDIR)/data
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails use SITE_URL; unless it is set, they point where `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format check hooks worker lock clean

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev,server]"
	touch $(STAMP)

run: $(STAMP)  ## Start winloss on SQLite with the demo workspace at http://$(HOST):$(PORT)
	DEBUG=1 DATA_DIR=$(DATA_DIR) $(BIN)/winloss migrate --noinput -v0
	DEBUG=1 DATA_DIR=$(DATA_DIR) SITE_URL=$(SITE_URL) $(BIN)/winloss demo
	DEBUG=1 DATA_DIR=$(DATA_DIR) SITE_URL=$(SITE_URL) $(BIN)/winloss runserver $(HOST):$(PORT)

test: $(STAMP) check  ## Lint, types, migration check and the whole test suite
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 DATA_DIR=$(DATA_DIR) $(BIN)/mypy winloss
	DEBUG=1 DATA_DIR=$(DATA_DIR) $(BIN)/winloss makemigrations --check --dry-run

hooks: $(STAMP)  ## Run ruff, the type check and the migration check before each commit
	$(BIN)/pre-commit install

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(STAMP)  ## A background worker for the database task queue
	SITE_URL=$(SITE_URL) $(BIN)/winloss worker

lock:  ## Refresh requirements/constraints.txt from a clean install of pyproject's ranges
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,server]"
	$(BIN)/python -m pip freeze --exclude-editable > requirements/constraints.txt
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
