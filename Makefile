# Two commands do everything on a fresh machine (see README):
#   make run   — set up, load demo data, serve the portal with a Celery worker
#   make test  — the whole suite against PostgreSQL and Redis, then every URL for every
#                role (and the rules SQLite must keep) on the embedded SQLite
#
# With no DATABASE_URL / REDIS_URL in the environment `make run` uses the embedded
# default (SQLite + kombu's filesystem broker under var/); with them it uses
# PostgreSQL and Redis.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED_GEOGRAPHY ?= ../shared/data/geography
SHARED_BOUNDARIES ?= ../shared/data/boundaries
# Debian packages the suite needs: Chromium for browser tests, poppler-utils to
# inspect PDFs, Thai fonts, gettext to compile translations, SoftHSM2 for the signing
# key on a PKCS#11 token (tests/reports/test_pkcs11_signing.py).
DEBIAN_PACKAGES := chromium poppler-utils fonts-thai-tlwg gettext softhsm2

.PHONY: setup run test worker lint messages system-packages bench clean

setup: $(VENV)/.installed static/vendor/.built messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed build-assets.mjs
	npm run --silent build
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory system-packages DEBIAN_PACKAGES=gettext
	$(PY) manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*' -v0

# Installs what is missing, only when something is (the machine's user is root).
system-packages:
	@missing=""; \
	for package in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| { echo "Could not install$$missing: run 'apt-get install$$missing' as root."; exit 1; }; \
	fi

# The PDFs' Thai font (Laksaman: TH Sarabun's metrics, from TLWG): `make run` installs it
# too, so that a report can be made on a fresh machine.
REPORT_FONT_PACKAGES := fonts-thai-tlwg

run: setup
	@$(MAKE) --no-print-directory system-packages DEBIAN_PACKAGES="$(REPORT_FONT_PACKAGES)" \
		|| echo "  PDF reports need the Thai font: apt-get install $(REPORT_FONT_PACKAGES) (as root)"
	$(PY) manage.py migrate --noinput -v0
	@if [ -d "$(SHARED_GEOGRAPHY)" ]; then $(PY) manage.py import_geography "$(SHARED_GEOGRAPHY)"; fi
	@if [ -d "$(SHARED_BOUNDARIES)" ]; then $(PY) manage.py import_boundaries "$(SHARED_BOUNDARIES)"; fi
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "  Portal:   http://$(HOST):$(PORT)/"
	@echo "  Logins (password demo1234):"
	@echo "    admin         ผู้ดูแลระบบ (administrator)"
	@echo "    officer_nkp   เจ้าหน้าที่จังหวัดนครพนม (officer, 48)"
	@echo "    officer_ssk   เจ้าหน้าที่จังหวัดศรีสะเกษ (officer, 33)"
	@echo "    evaluator     ผู้ประเมิน นายวีรวัฒน์ เต็งอำนวย (evaluator)"
	@echo "    evaluator2    ผู้ประเมิน นางพรประภา แกล้วกล้า (evaluator)"
	@echo "    governor_nkp  ผู้ว่าราชการจังหวัดนครพนม (executive, 48)"
	@echo "    executive     ผู้บริหารระดับประเทศ (national executive)"
	@echo "  A Celery worker (with beat) runs beside the web server; Ctrl-C stops both."
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/celery -A config worker --beat --schedule=var/celerybeat-schedule \
		--loglevel=info --concurrency=2 & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Then, on `make run`'s embedded SQLite (TEST_DATABASE=sqlite, config/settings/test.py):
# every URL as every role, the audit log, the unique rules. A few minutes.
SQLITE_TESTS := tests/test_access_matrix.py tests/audit tests/programs/test_unique_rules.py

test: setup system-packages
	$(VENV)/bin/pytest
	TEST_DATABASE=sqlite $(VENV)/bin/pytest $(SQLITE_TESTS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -q -p no:cacheprovider tests/test_layers.py  # no import runs upward

# Every benchmark of bench/README.md with its default options, on national-scale data
# in the monitor_bench database (made once, about 3 minutes).
BENCHES := dashboards clubs exports meetings_search evaluations_sync reports load
bench: setup
	$(PY) -m bench.national_data
	@for name in $(BENCHES); do echo "== bench.$$name"; $(PY) -m bench.$$name || exit 1; done

clean:
	rm -rf var/staticfiles var/test-media static/vendor
