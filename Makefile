# pmdesk: two commands.
#   make run    start the app (creates .venv and installs pinned dependencies on first use)
#   make test   run the whole test suite: lint, types, the import contract, and pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test smoke clean
.DEFAULT_GOAL := run

$(BIN)/python:
	@scripts/system-deps.sh venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when the pinned lists change.
$(VENV)/.run-installed: requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m compileall -q pmdesk >/dev/null
	@touch $@

$(VENV)/.test-installed: requirements/test.txt $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	@touch $@

run: $(VENV)/.run-installed
	@scripts/system-deps.sh qt
	@$(BIN)/python -m compileall -q pmdesk >/dev/null
	$(BIN)/python -m pmdesk $(ARGS)

test: $(VENV)/.test-installed
	@scripts/system-deps.sh qt
	@scripts/system-deps.sh postgres || echo "PostgreSQL tests will be skipped."
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

smoke: $(VENV)/.run-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pmdesk --smoke-test

clean:
	rm -rf $(VENV) build dist *.egg-info
