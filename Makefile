# Two commands: `make run` serves the demo municipality, `make test` runs the whole suite.
# Everything else here supports those two.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= leefwereld.conf.dev

.PHONY: run serve test test-fast test-postgres check audit venv install install-dev browser-deps pg-client demo requirements vendor messages clean bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs are redone only when the pinned requirements change.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@# The SQLite database and collected static files live here (the settings create it too).
	mkdir -p var
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	mkdir -p var
	$(BIN)/leefwereld migrate --no-input -v0
	$(BIN)/leefwereld demo --scale small --if-empty
	@# Selections a killed worker left "running" go back to the queue (docs/operator-guide.md).
	$(BIN)/leefwereld selection_recover -v0
	@echo "Leefwereld draait op http://127.0.0.1:8000 (stoppen: Ctrl+C)"
	@# The background worker (long computations such as a citizen panel's selection) runs
	@# beside the web server and stops with it.
	$(BIN)/leefwereld db_worker --interval 2 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(BIN)/leefwereld runserver 127.0.0.1:8000

# The production serving stack on this machine (docs/operator-guide.md, "Serving"):
# gunicorn with leefwereld.conf.gunicorn, DEBUG off, WhiteNoise's compressed and hashed
# static files, the shared database cache, persistent database connections. Demo keys and
# plain HTTP on 127.0.0.1 (leefwereld.conf.serve); DATABASE_URL as for `make run`.
serve: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/leefwereld migrate --no-input -v0
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/leefwereld demo --scale $(or $(SCALE),small) --if-empty
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/leefwereld createcachetable
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/leefwereld collectstatic --no-input -v0
	@echo "Leefwereld (gunicorn) draait op http://127.0.0.1:8000 (stoppen: Ctrl+C)"
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/leefwereld db_worker --interval 2 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=leefwereld.conf.serve $(BIN)/gunicorn -c python:leefwereld.conf.gunicorn leefwereld.wsgi

# Load at Rotterdam scale (BENCHMARKS.md): builds or reuses the rotterdam demo on the
# PostgreSQL at 127.0.0.1:5432, serves it with gunicorn on loopback and drives Locust at 1,
# 16 and 64 users, then the ceiling. About 25 minutes. BENCH_ARGS=--reuse keeps the database.
bench-load: install
	$(BIN)/pip install --quiet -r requirements/bench.txt
	$(BIN)/python bench/load_run.py $(BENCH_ARGS)

# Debian's Chromium for the browser journeys, and npm's axe-core for the accessibility check.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)."; \
	    echo "Without it the browser journeys are skipped locally and fail in CI."; \
	  fi; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	  else echo "npm is missing: install Node.js and npm so the tests can load axe-core."; fi; \
	fi

test: install-dev browser-deps
	DJANGO_SETTINGS_MODULE=leefwereld.conf.ci $(BIN)/pytest $(PYTEST_ARGS)

# The inner loop while you work: the test database is kept between runs (--reuse-db; after
# changing an existing migration pass PYTEST_ARGS=--create-db once) and the browser journeys
# and the slow reference cross-checks are left out. `make test` runs everything.
# E.g. `make test-fast PYTEST_ARGS=src/leefwereld/vault`.
test-fast: install-dev
	DJANGO_SETTINGS_MODULE=leefwereld.conf.ci $(BIN)/pytest --reuse-db -m "not browser and not reference" $(PYTEST_ARGS)

# pg_dump and pg_restore for the backup and restore drill (tests/test_restore_drill.py):
# Debian's postgresql-client, installed when missing and we are root, like chromium.
pg-client:
	@if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's postgresql-client for the restore drill..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; \
	  else \
	    echo "pg_dump/pg_restore are missing: install Debian's 'postgresql-client' package."; \
	    echo "Without them the PostgreSQL restore drill is skipped locally and fails in CI."; \
	  fi; \
	fi

# The same suite on PostgreSQL (DATABASE_URL must point at it). The slow cross-checks
# against reference implementations touch no database and already ran on the SQLite pass.
test-postgres: install-dev browser-deps pg-client
	DJANGO_SETTINGS_MODULE=leefwereld.conf.ci $(BIN)/pytest -m "not reference" $(PYTEST_ARGS)

# Lint, formatting, the import rules (contracts in pyproject.toml, docs/adr/0014), types of
# the declared-typed packages, and migrations in step with models.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	DJANGO_SETTINGS_MODULE=leefwereld.conf.ci $(BIN)/mypy
	DJANGO_SETTINGS_MODULE=leefwereld.conf.ci $(BIN)/leefwereld makemigrations --check --dry-run

# Known vulnerabilities in the pinned requirements (pip-audit, PyPI's advisory data; the
# pins are complete, so no resolution: --disable-pip --no-deps). A vulnerability found fails
# the build; the service being unreachable, or not knowing the pinned versions, only warns
# with the count of packages it could not audit (docs/security.md, "Dependencies").
audit: install-dev
	@out=$$($(BIN)/pip-audit -r requirements/base.txt -r requirements/dev.txt \
	  --progress-spinner off --disable-pip --no-deps $(AUDIT_ARGS) 2>&1); rc=$$?; \
	echo "$$out" | grep -v -e "could not be audited" -e "^WARNING:pip_audit" \
	  -e "^Name  *Skip Reason" -e "^-----"; \
	skipped=$$(echo "$$out" | grep -c "could not be audited"); \
	if [ "$$skipped" != "0" ]; then \
	  echo "pip-audit: $$skipped pinned packages could not be audited (unknown to the service)."; \
	fi; \
	if [ $$rc -eq 0 ]; then exit 0; fi; \
	if echo "$$out" | grep -q "known vulnerabilit"; then exit 1; fi; \
	echo "pip-audit could not reach the vulnerability service: not failing the build."; \
	exit 0

demo: install
	$(BIN)/leefwereld demo --scale $(or $(SCALE),small)

# Recompile the pinned requirements from the .in files.
requirements: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file base.txt base.in
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file dev.txt dev.in

# Copy the NL Design System's built CSS into static files (needs npm; running does not).
vendor:
	npm ci --no-audit --no-fund --silent
	cp node_modules/@utrecht/component-library-css/dist/index.css src/leefwereld/static/vendor/nlds/utrecht-component-library.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css src/leefwereld/static/vendor/nlds/voorbeeld-theme.css

# Extract and compile the translations (needs GNU gettext).
messages: install-dev
	cd src/leefwereld && ../../$(BIN)/leefwereld makemessages -l en --no-obsolete && ../../$(BIN)/leefwereld compilemessages -l en

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .mypy_cache .ruff_cache
