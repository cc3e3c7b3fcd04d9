# The two commands: `make run` (the product with demo data) and `make test` (everything).
# Each creates .venv and installs what it needs on first use.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)

.PHONY: run test lint fix audit pytest coverage browser-deps mail-deps clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint requirements.lock -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

# `make run PORT=8080` (and HOST=0.0.0.0 to be reached from other machines).
PORT ?= 8000
HOST ?= 127.0.0.1

run: $(STAMP)
	$(BIN)/socialcycle demo --host $(HOST) --port $(PORT)

test: $(STAMP) lint audit browser-deps mail-deps pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy socialcycle tests benchmarks conftest.py
	$(BIN)/python tools/check-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python tools/lock-dependencies --check

# What `make lint` can mend by itself: import order, safe fixes, formatting.
fix: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Known vulnerabilities in the locked versions: osv.dev, or offline with ADVISORY_DB.
audit: $(STAMP)
	$(BIN)/python tools/audit-dependencies

browser-deps:
	@tools/ensure-chromium

mail-deps:
	@tools/ensure-dovecot

pytest: $(STAMP)
	$(BIN)/pytest

# Line coverage of the whole suite, and the floor it must keep. Not part of `make test`:
# measuring adds about 45% to the suite's time (docs/architecture.md, "Coverage").
COVERAGE_FLOOR ?= 92
coverage: $(STAMP) browser-deps mail-deps
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --fail-under=$(COVERAGE_FLOOR)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
