# Common Ground. `make run` serves the demo forum; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run serve install install-dev judges migrate seed test lint format screenshots clean

run: migrate ## install, migrate, load the demo on first run, serve on :8000
	$(BIN)/commonground seed-demo --if-empty
	$(BIN)/commonground reindex --if-model
	$(BIN)/commonground serve

serve: migrate
	$(BIN)/commonground reindex --if-model
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

# The outside judges of our pages (axe-core, vnu, Lighthouse), pinned in package-lock.json.
# Without npm their tests skip with a message; .ci/run makes them required.
JUDGES := tests/judges
judges: $(JUDGES)/node_modules/.installed

$(JUDGES)/node_modules/.installed: $(JUDGES)/package.json $(JUDGES)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(JUDGES) --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: accessibility, HTML and Lighthouse checks will be skipped"; \
	fi

migrate: install
	$(BIN)/commonground migrate

seed: migrate
	$(BIN)/commonground seed-demo

test: install-dev judges
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
	rm -rf $(VENV) .pytest_cache .ruff_cache $(JUDGES)/node_modules

# Benchmarks (issue 6, and issue 5's search numbers): builds generated forums under
# var/bench/ (cached), serves the app as production does and loads it with wrk; on
# PostgreSQL too when COMMONGROUND_BENCH_POSTGRES_URL (or _TEST_POSTGRES_URL) is set.
# Options: make bench BENCH_ARGS="--duration 5 --sizes small --rounds 1 --only ideas-anon,vote"
# Then reads while members vote (tests/bench/mixed.py), or only those with
# make bench BENCH_CASES=mixed MIXED_ARGS="--rates 0,50 --rounds 1"
# and 1, 2 and 4 workers on PostgreSQL + Redis (tests/bench/scaling.py) with
# make bench BENCH_CASES=scaling SCALING_ARGS="--workers 1,2 --duration 5"
# and the server's CPU per page rendered after a write (tests/bench/misses.py) with
# make bench BENCH_CASES=misses MISSES_ARGS="--rounds 1"
BENCH_CASES ?= all
.PHONY: bench
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		echo "Installing wrk from Debian"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk \
		|| { $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }; \
	}
	@if [ "$(BENCH_CASES)" = all ]; then $(BIN)/python -m tests.bench.run $(BENCH_ARGS); fi
	@if [ "$(BENCH_CASES)" = all ] || [ "$(BENCH_CASES)" = mixed ]; then \
		$(BIN)/python -m tests.bench.mixed $(MIXED_ARGS); fi
	@if [ "$(BENCH_CASES)" = all ] || [ "$(BENCH_CASES)" = scaling ]; then \
		$(BIN)/python -m tests.bench.scaling $(SCALING_ARGS); fi
	@if [ "$(BENCH_CASES)" = all ] || [ "$(BENCH_CASES)" = misses ]; then \
		$(BIN)/python -m tests.bench.misses $(MISSES_ARGS); fi
