# Two commands on a fresh machine: `make demo` (an assessment of the example report) and `make test`
# (lint, types, knowledge-base check, the whole test suite). Both create .venv as needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

COMPILED := .venv-compiled
COMPILED_STAMP := $(COMPILED)/.installed-stamp
# The engine's tests, run again against the opt-in mypyc build (see pyproject.toml).
COMPILED_TESTS := tests/engine tests/knowledge tests/core/test_report.py tests/engine/test_physiology.py tests/test_public_api.py \
	tests/journal/test_link.py tests/journal/test_link_safety.py

.PHONY: demo test lint system-deps compiled test-compiled bench bench-text clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "twitchcheck needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/twitchcheck check --input examples/report-leg-day.json

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Tools the tests use that pip cannot bring: Debian's chromium (the browser tests drive it; never a downloaded
# browser), poppler-utils (pdftoppm/pdftotext read the doctor's report) and nginx (tests/deploy runs the shipped
# deploy/nginx/twitchcheck.conf in front of the app), installed when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@command -v /usr/bin/chromium >/dev/null && command -v pdftoppm >/dev/null && command -v /usr/sbin/nginx >/dev/null || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils nginx; }

# From npm, by lockfile: axe-core (accessibility checks injected into the browser tests), and the FHIR tests'
# offline tools (the official R4 JSON schema, LHC-Forms).
AXE := tests/adapters/web/browser/node/node_modules/axe-core/axe.min.js
$(AXE): tests/adapters/web/browser/node/package.json tests/adapters/web/browser/node/package-lock.json
	cd tests/adapters/web/browser/node && npm ci --no-audit --no-fund --silent
	@touch $@
FHIR_NODE := tests/adapters/fhir/node
FHIR_NODE_STAMP := $(FHIR_NODE)/node_modules/.installed-stamp
$(FHIR_NODE_STAMP): $(FHIR_NODE)/package.json $(FHIR_NODE)/package-lock.json
	npm ci --prefix $(FHIR_NODE) --legacy-peer-deps --ignore-scripts --no-audit --no-fund
	@touch $@

test: lint system-deps $(AXE) $(FHIR_NODE_STAMP)
	$(BIN)/twitchcheck kb check
	$(BIN)/python -m pytest -n 2
	$(MAKE) test-compiled

# Built from a clean export of the tree: mypyc compiles in place, and compiled modules left in src/ would
# shadow the editable install's .py files.
$(COMPILED_STAMP): pyproject.toml $(shell git ls-files src 2>/dev/null)
	rm -rf $(COMPILED) .build-compiled
	$(PYTHON) -m venv $(COMPILED)
	mkdir -p .build-compiled
	git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C .build-compiled
	HATCH_BUILD_HOOK_ENABLE_MYPYC=true $(COMPILED)/bin/python -m pip install --quiet \
		--disable-pip-version-check './.build-compiled[dev]'
	rm -rf .build-compiled
	@touch $(COMPILED_STAMP)

compiled: $(COMPILED_STAMP)

test-compiled: compiled
	TWITCHCHECK_EXPECT_COMPILED=1 $(COMPILED)/bin/python -m pytest -n 2 -p no:cacheprovider $(COMPILED_TESTS)

bench: $(STAMP) compiled
	$(BIN)/python bench/bench_assess.py
	$(COMPILED)/bin/python bench/bench_assess.py
	$(BIN)/python bench/bench_cli.py
	$(BIN)/python bench/bench_startup.py

# Free text: precision/recall over tests/text/corpus.yaml and parse times, compared with negspacy (NegEx), in
# its own environment so that spaCy never enters the test environment; writes the section of bench/README.md.
COMPARE := .venv-compare
$(COMPARE)/.installed-stamp: pyproject.toml
	$(PYTHON) -m venv $(COMPARE)
	$(COMPARE)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[compare]'
	@touch $@

bench-text: $(COMPARE)/.installed-stamp
	$(COMPARE)/bin/python bench/bench_text.py --write

clean:
	rm -rf $(VENV) $(COMPILED) $(COMPARE) .build-compiled build .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find src -name '*.so' -delete
