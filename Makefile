# Common Ground. `make run` serves the demo forum; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve install install-dev migrate seed test lint format screenshots clean

run: migrate ## install, migrate, load the demo on first run, serve on :8000
	$(BIN)/commonground seed-demo --if-empty
	$(BIN)/commonground serve

serve: migrate
	$(BIN)/commonground serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/commonground migrate

seed: migrate
	$(BIN)/commonground seed-demo

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: install-dev ## photograph the demo forum into docs/screenshots/
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
