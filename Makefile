# Two commands on a fresh machine: `make run` serves the portal, `make test` passes the tests.
# Each installs what is missing first (wasm32 target, cargo-leptos, the wasm-bindgen CLI that
# matches Cargo.lock, npm packages for wasm-opt and Playwright, Debian's chromium for tests,
# the CJK font letters are printed in and poppler's pdftotext that the tests read them with).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(CURDIR)
# Prebuilt tools for these machines, when the folder is there; installed with cargo otherwise.
SHARED_BIN := $(abspath $(ROOT)/../shared/bin)
# npm's wasm-opt must come before any system one (Debian's binaryen breaks hydration).
export PATH := $(ROOT)/end2end/node_modules/.bin:$(SHARED_BIN):$(HOME)/.cargo/bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium
# The API's property test (schemathesis from PyPI) lives in its own virtualenv under target/.
SCHEMATHESIS_VERSION := 4.32.5
SCHEMATHESIS_VENV := $(ROOT)/target/schemathesis-$(SCHEMATHESIS_VERSION)
# A local S3 server (moto, from PyPI) for the object-storage test, in a virtualenv too.
MOTO_VERSION := 5.2.5
MOTO_VENV := $(ROOT)/target/moto-$(MOTO_VERSION)

.PHONY: help run build test test-rust test-budget test-lighthouse test-api-schema test-browser bench tools wasm-target cargo-leptos wasm-bindgen-cli npm chromium fonts schemathesis moto clean

help:
	@echo "make run    build and serve the demonstration at http://127.0.0.1:3000 (SQLite in data/)"
	@echo "make test   all tests: Rust (SQLite, and PostgreSQL with TEST_DATABASE_URL), budgets, Playwright"
	@echo "make bench  page weights, Lighthouse, engine speed (criterion), queue and load figures"

## ---- tools -------------------------------------------------------------------------------
tools: wasm-target cargo-leptos wasm-bindgen-cli npm fonts

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

cargo-leptos:
	@if [ "$$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $(CARGO_LEPTOS_VERSION)" ]; then \
	  echo "installing cargo-leptos $(CARGO_LEPTOS_VERSION) (compiles for a while)"; \
	  cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked --features no_downloads; fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock; --locked would ask for a crate
# version the registry lacks.
wasm-bindgen-cli:
	@if [ -z "$(WASM_BINDGEN_VERSION)" ]; then echo "no wasm-bindgen in Cargo.lock"; exit 1; fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); fi

npm: end2end/node_modules/.package-lock.json

end2end/node_modules/.package-lock.json: end2end/package-lock.json
	cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

schemathesis: $(SCHEMATHESIS_VENV)/bin/st

# A virtualenv at $(1), installing python3-venv first where it is missing.
define venv
@python3 -m venv $(1) 2>/dev/null || { \
  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
  else echo "the Python test tools need python3-venv: sudo apt-get install python3-venv"; exit 1; fi; \
  rm -rf $(1); python3 -m venv $(1); }
endef

$(SCHEMATHESIS_VENV)/bin/st:
	$(call venv,$(SCHEMATHESIS_VENV))
	$(SCHEMATHESIS_VENV)/bin/pip install --quiet --disable-pip-version-check schemathesis==$(SCHEMATHESIS_VERSION)

moto: $(MOTO_VENV)/bin/moto_server

$(MOTO_VENV)/bin/moto_server:
	$(call venv,$(MOTO_VENV))
	$(MOTO_VENV)/bin/pip install --quiet --disable-pip-version-check 'moto[server]==$(MOTO_VERSION)'

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Playwright needs Debian's chromium: sudo apt-get install chromium"; exit 1; fi; fi

# Printed letters need a CJK font (the server refuses to start without one) and the tests
# read the PDFs back with pdftotext: Debian's fonts-noto-cjk and poppler-utils.
PDF_FONT_FILE := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
fonts:
	@if [ ! -f "$(PDF_FONT_FILE)" ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing fonts-noto-cjk and poppler-utils"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils >/dev/null; \
	  else echo "printed letters need Debian's fonts-noto-cjk (and the tests poppler-utils): sudo apt-get install fonts-noto-cjk poppler-utils"; exit 1; fi; fi

## ---- build and run -----------------------------------------------------------------------
# cargo-leptos builds the server (release) and the WASM bundle (wasm-release profile).
# The site with the whole bundle, then each lean bundle (app::components::islands::BUNDLES)
# built into its own site root (cargo-leptos empties a project's root first) and copied in.
LEAN_BUNDLES := check forms visits
build: tools
	cargo leptos build --release --precompress --project portal
	for b in $(LEAN_BUNDLES); do \
	  cargo leptos build --release --precompress --frontend-only --project portal-$$b; \
	  cp target/site-$$b/pkg/portal-$$b.* target/site/pkg/; done

# The demonstration: codes on /dev/outbox, demo staff and residents, a banner on every page.
# The binary's own defaults have none of it (README: "Running it for real").
run: build
	PORTAL_DEMO=1 PORTAL_SITE_ROOT=target/site ./target/release/server

## ---- tests -------------------------------------------------------------------------------
test: tools chromium schemathesis moto build test-rust test-budget test-lighthouse test-api-schema test-browser

test-rust: moto fonts
	cargo test -p app --features ssr
	MOTO_SERVER=$(MOTO_VENV)/bin/moto_server PORTAL_REQUIRE_S3=1 cargo test -p server

test-budget:
	node end2end/scripts/sizes.mjs --check

# Lighthouse's mobile preset on the pages a citizen opens first: performance 95 or more and the
# largest contentful paint at most 1.2 s, or the run fails.
test-lighthouse: chromium npm
	node end2end/scripts/lighthouse.mjs --check

# Schemathesis against the OpenAPI document the server serves: no server errors, every
# response as documented.
test-api-schema: schemathesis
	python3 end2end/api/property_test.py $(SCHEMATHESIS_VENV)/bin/st

# Not `cargo leptos end-to-end`: it exits 0 when its build fails. The build above has run.
test-browser:
	cd end2end && npx playwright test

# Page weights, Lighthouse figures, the criterion benchmark of one evaluation, and
# the office queue over a million applications.
bench: build chromium
	node end2end/scripts/sizes.mjs
	node end2end/scripts/lighthouse.mjs
	cargo bench -p app --features ssr --bench engine
	cargo bench -p server --bench queue
	cargo bench -p server --bench api
	cargo bench -p server --bench mixed_load
	cargo bench -p server --bench load
	cargo bench -p server --bench monitoring
	cargo bench -p server --bench services

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/.tmp end2end/test-results
