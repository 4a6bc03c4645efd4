# Stegvis: set-up, test and maintenance commands. `make help` lists them.
# Dependencies live in requirements/*.in; requirements/*.txt are the pip-compile locks (`make lock`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
REQS := requirements/base.txt requirements/dev.txt
# The stamp's name carries a checksum of the lock files, so the venv is re-synced only when they change.
STAMP := $(VENV)/.installed-$(shell cat $(REQS) 2>/dev/null | cksum | cut -d' ' -f1)
DEMO_ADDR := 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/stegvis
CHROMIUM := /usr/bin/chromium
PYTEST_ARGS ?= -n auto
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules

.PHONY: help demo test test-all lint format lock messages clean distclean venv browser db-check

help:
	@echo "make demo      set up, load the demo data and serve on http://$(DEMO_ADDR)"
	@echo "make test      lint, migration check and the whole pytest suite (honours DATABASE_URL)"
	@echo "make test-all  make test on SQLite, then on PostgreSQL ($(PG_URL))"
	@echo "make lint      ruff check, ruff format --check and the missing-migration check"
	@echo "make format    ruff format, then ruff's safe fixes"
	@echo "make lock      re-lock requirements/*.txt from requirements/*.in (UPGRADE=1 to upgrade)"
	@echo "make messages  extract and compile translations (locale/en)"
	@echo "make clean     remove caches; make distclean also removes .venv and var/"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Stegvis needs Python 3.11 or newer as '$(PYTHON)'; try: make PYTHON=python3.12 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	rm -f $(VENV)/.installed-*
	$(PY) -m pip install --disable-pip-version-check -q -r requirements/base.txt -r requirements/dev.txt
	touch $@

venv: $(STAMP)

demo: $(STAMP)
	mkdir -p "$${STEGVIS_DATA_DIR:-var}"
	STEGVIS_DEBUG=1 $(PY) manage.py migrate --noinput
	@# The .mo files are committed; recompile only where gettext is installed.
	@if command -v msgfmt >/dev/null 2>&1; then \
	  STEGVIS_DEBUG=1 $(PY) manage.py compilemessages $(I18N_IGNORE) -v 0; fi
	STEGVIS_DEBUG=1 $(PY) manage.py seed_demo
	@# The demo signs in with a password only; its login page says that the second factor is off.
	STEGVIS_DEBUG=1 STEGVIS_REQUIRE_2FA=0 $(PY) manage.py runserver $(DEMO_ADDR)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check . || { echo "Run 'make format' to fix the formatting." >&2; exit 1; }
	@# Model state against migration files only: an in-memory database keeps DATABASE_URL out of it.
	DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Browser tests drive Debian's chromium; the action plan's PDF needs Pango (WeasyPrint) and its
# tests read the PDF with pdftotext. Install them where we can (root with apt); elsewhere the
# e2e and pdftotext tests skip with a reason, except in CI, where a missing browser fails.
SYSTEM_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
browser:
	@if { [ ! -x $(CHROMIUM) ] || ! command -v pdftotext >/dev/null 2>&1 \
	      || ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; } \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian packages for the browser and PDF tests..."; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null \
	  || echo "apt-get could not install $(SYSTEM_PACKAGES)." >&2; \
	fi
	@if [ ! -x $(CHROMIUM) ]; then \
	  case "$${CI:-}" in \
	    true|1) echo "CI: $(CHROMIUM) is missing, and browser tests must run in CI." >&2; exit 1;; \
	    *) echo "Note: $(CHROMIUM) is missing, so the e2e tests will skip (apt-get install chromium).";; \
	  esac; \
	fi

# pytest-django creates the test database itself, connecting to the 'postgres' database first;
# check that connection up front so a server that is down reads as such, not as 200 errors.
db-check: $(STAMP)
	@case "$${DATABASE_URL:-}" in postgres*) \
	  $(PY) -c 'import os, dj_database_url, psycopg; \
	    s = dj_database_url.parse(os.environ["DATABASE_URL"]); \
	    c = psycopg.connect(host=s["HOST"] or None, port=s["PORT"] or None, user=s["USER"] or None, \
	                        password=s["PASSWORD"] or None, dbname="postgres", connect_timeout=5); \
	    ok = c.execute("select rolcreatedb or rolsuper from pg_roles where rolname = current_user").fetchone()[0]; \
	    print("PostgreSQL:", c.info.server_version, "as", s["USER"], "- may create databases:", ok); \
	    raise SystemExit(0 if ok else "that role cannot create the test database")' \
	  || { echo "Cannot use PostgreSQL at $$DATABASE_URL (via its 'postgres' database)." >&2; exit 1; };; \
	esac

test: lint db-check browser
	@echo "pytest on $${DATABASE_URL:-SQLite}"
	@$(PY) -m pytest -ra $(PYTEST_ARGS) || { rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that counts as a failure." >&2; fi; exit $$rc; }

test-all:
	env -u DATABASE_URL $(MAKE) test
	DATABASE_URL=$(PG_URL) $(MAKE) test

LOCK_FLAGS := --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: | $(PY)
	@$(PY) -c 'import piptools' 2>/dev/null || $(PY) -m pip install --disable-pip-version-check -q pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile $(LOCK_FLAGS) --output-file=base.txt base.in
	cd requirements && ../$(VENV)/bin/pip-compile $(LOCK_FLAGS) --output-file=dev.txt dev.in

messages: $(STAMP)
	@command -v xgettext >/dev/null 2>&1 || { echo "make messages needs gettext (apt-get install gettext)." >&2; exit 1; }
	$(PY) manage.py makemessages -l en --no-location $(I18N_IGNORE)
	$(PY) manage.py compilemessages $(I18N_IGNORE)

clean:
	find . -path ./$(VENV) -prune -o -type d \( -name __pycache__ -o -name .pytest_cache -o -name .hypothesis \
	  -o -name .ruff_cache -o -name .mypy_cache \) -prune -exec rm -rf {} +
	rm -rf test-results static-collected var/static

distclean: clean
	rm -rf $(VENV) var
