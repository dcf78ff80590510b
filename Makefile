# pmdesk: two commands.
#   make run    start the app (creates .venv and installs pinned dependencies on first use)
#   make test   run the whole test suite: lint, types, the import contract, and pytest
#   make native compile the language engine with mypyc (optional: pure Python runs without it)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test test-native native smoke clean package-check
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
	@PYTHON=$(BIN)/python scripts/system-deps.sh qt bundle
	@scripts/system-deps.sh postgres || echo "PostgreSQL tests will be skipped."
	@scripts/system-deps.sh packaging || echo "The desktop-file and AppStream checks will be skipped."
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	PMDESK_PURE=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-native

# The suite above runs the engine as pure Python (PMDESK_PURE=1), whatever was built. Then, where
# a C compiler and Python's headers are present, the language tests run again on the compiled
# engine, built first unless a build of these very sources is there (about 40 s on 2 cores).
test-native: $(VENV)/.test-installed
	@if why=$$($(BIN)/python scripts/build_native.py --check 2>&1); then \
		$(BIN)/python scripts/build_native.py && \
		QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/unit/language tests/native \
			tests/e2e/test_packaging.py::test_the_bundle_builds_and_runs_outside_the_checkout; \
	else \
		echo "The compiled language engine was not tested: $$why"; \
	fi

# The language engine compiled by mypyc into build/native/ (see pmdesk/language/_native.py);
# pmdesk uses it, from `make run` too, until a compiled module's source changes.
native: $(VENV)/.test-installed
	$(BIN)/python scripts/build_native.py

smoke: $(VENV)/.run-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pmdesk --smoke-test

# Only the packaging checks (also part of `make test`): the wheel, the Linux desktop entry and
# metainfo (through Debian's validators, installed here when missing and run as root), and the
# PyInstaller bundle built and run from a temporary folder (about 30 s on 2 cores).
package-check: $(VENV)/.test-installed
	@PYTHON=$(BIN)/python scripts/system-deps.sh qt bundle
	@command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null || \
		{ [ "$$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null && \
		  apt-get install -y -qq --no-install-recommends desktop-file-utils appstream >/dev/null; } || \
		echo "Validators missing: sudo apt-get install desktop-file-utils appstream"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m packaging tests/e2e/test_packaging.py

clean:
	rm -rf $(VENV) build dist *.egg-info
