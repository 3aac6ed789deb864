# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STORE ?= $(or $(FRONTLINE_STORE),data/frontline.gpkg)
PORT ?= 8501

.PHONY: setup run test lint bench seed vendor chromium postgis clean fuzz

setup: $(STAMP) vendor chromium postgis

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Our packages' bytecode, written even where PYTHONDONTWRITEBYTECODE=1 (Python then still
# reads it): a cold `streamlit run` otherwise compiles every module of ours it imports.
.PHONY: bytecode
setup: bytecode
bytecode: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m compileall -q geo layers dashboard seeds

# Leaflet.draw for the zone editor: npm's leaflet-draw, as locked in vendor/package-lock.json,
# into the git-ignored vendor/node_modules (no third-party JS is committed). Debian's npm is
# installed when missing and apt is usable; without npm the app runs but cannot draw zones.
VENDOR_STAMP := vendor/node_modules/.installed

vendor: $(VENDOR_STAMP)

$(VENDOR_STAMP): vendor/package.json vendor/package-lock.json
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's npm"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; fi
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix vendor --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "note: npm missing: zone drawing (Leaflet.draw) is unavailable and its tests fail (install Node.js's npm, then make setup)"; fi

# Debian's Chromium for PNG/PDF exports and browser tests (never a downloaded browser);
# poppler-utils (pdftotext, pdftoppm) for the tests that read exported PDFs back.
chromium:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium and poppler-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null; \
	else echo "note: chromium missing and apt unusable: browser tests will skip (install Debian's 'chromium' to enable them)"; fi

# Debian's PostgreSQL + PostGIS for the server-store tests: they start a throwaway cluster
# (initdb as the postgres user, private port and socket) and remove it afterwards.
postgis:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && \
	    ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  pkgs=postgis; ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs="postgresql postgis"; \
	  echo "installing Debian's $$pkgs"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null; \
	else echo "note: PostgreSQL/PostGIS missing and apt unusable: PostGIS tests will skip (install Debian's 'postgresql' and 'postgis')"; fi

seed: $(STAMP)
	$(VENV)/bin/frontline --store "$(STORE)" seed

$(STORE): | $(STAMP)
	$(VENV)/bin/frontline --store "$(STORE)" seed

run: setup $(STORE)
	FRONTLINE_STORE="$(STORE)" $(VENV)/bin/frontline --store "$(STORE)" serve --port $(PORT)

test: setup
	$(PY) -m pytest -q -n 0

# Hypothesis fuzzing of every input path (tests/fuzz), 10,000 examples per path; `make test`
# runs the same tests with a short profile. Log: test-output/fuzz.log.
fuzz: $(STAMP)
	mkdir -p test-output
	FRONTLINE_FUZZ_PROFILE=fuzz-long $(PY) -m pytest -q tests/fuzz -p no:cacheprovider \
	  --hypothesis-show-statistics 2>&1 | tee test-output/fuzz.log; exit $${PIPESTATUS[0]}

lint: $(STAMP)
	$(VENV)/bin/ruff check .

BENCH_STORE ?= test-output/bench-big.gpkg

bench: setup
	test -f $(BENCH_STORE) || $(PY) bench/bigstore.py $(BENCH_STORE)
	$(PY) bench/scrub.py --store $(BENCH_STORE)
	$(PY) bench/slider.py
	$(PY) bench/slider.py --big
	$(PY) bench/import_areas.py
	$(PY) bench/geoparse.py
	$(PY) bench/events.py
	$(PY) bench/fetch.py
	$(PY) bench/export.py
	$(PY) bench/postgis.py
	$(PY) bench/distributed.py

clean:
	rm -rf $(VENV) data test-output .pytest_cache vendor/node_modules
