# Two commands matter: `make demo` (set up and run the demo) and `make test` (set up and pass
# every test). Both create .venv from nothing with the system's python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo's phase: before (requests open, summit next week), during (today is a summit day,
# the lounge is live) or after (feedback and deals); the dates follow today.
PHASE ?= before
# The demo needs the web app only; tests, linters and benchmarks need the dev tools too.
WEB_STAMP := $(VENV)/.installed-web
DEV_STAMP := $(VENV)/.installed-dev
# axe-core, injected by the browser tests to check accessibility (tests/node/package.json).
AXE := tests/node/node_modules/axe-core/axe.min.js

.PHONY: demo test check lint typecheck bench clean test-tools

$(WEB_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[web]'
	touch $(WEB_STAMP)

# '.[web,dev]' holds '.[web]': a dev install serves the demo as well.
$(DEV_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[web,dev]'
	touch $(DEV_STAMP) $(WEB_STAMP)

# The demo's e-mails go to files (data/sent-mail/) instead of flooding the terminal.
demo: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
demo: $(WEB_STAMP)
	$(BIN)/python -m summit migrate --noinput
	$(BIN)/python -m summit create_demo_summit --phase $(PHASE)
	$(BIN)/python -m summit recompute_recommendations bio-summit-demo
	$(BIN)/python -m summit create_demo_activity bio-summit-demo --base-url http://127.0.0.1:$(PORT)
	@echo "Bio Partnering demo: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "A task worker runs beside the server (schedule runs, imports, e-mails in data/sent-mail/)."
	$(BIN)/python -m summit db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m summit runserver --noreload --insecure 127.0.0.1:$(PORT)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

check: lint typecheck

# Without npm the accessibility checks skip with that reason (CI installs npm and fails on it).
test-tools:
	@if [ -f $(AXE) ] && [ $(AXE) -nt tests/node/package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else echo "npm not found: browser tests will skip their axe-core accessibility checks"; fi

test: check test-tools
	$(BIN)/python -m pytest

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[web,dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache tests/node/node_modules
