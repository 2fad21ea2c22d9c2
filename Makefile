# Voix: `make run` serves the demo brand; `make test` runs every test. Both install what they need.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := knowledge/demo/ondine
# Never reach a model hub at run time: every model ships inside an installed package.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-dev browser extension run test lint clean help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned: its CPU build lies on this disk; a bare `torch` pulls GBs of CUDA.
$(VENV)/.torch: | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check torch==2.13.0
	touch $@

# llama-cpp-python compiles from source on first install (about 8 min on 2 cores).
$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(BIN)/pip install --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/pip install --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## Create .venv and install Voix

# Browser tests drive Debian's Chromium; never a downloaded browser.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium at $(CHROMIUM) for the browser tests"; exit 1; }
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y --no-install-recommends chromium \
	  || { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y --no-install-recommends chromium; }

browser: $(CHROMIUM)  ## Install Debian's Chromium for the browser tests

install-dev: $(VENV)/.dev  ## install, plus the test and lint tools

# The browser extension: `npm ci` when its lock file changes, a build when its sources do.
EXT := extension
$(EXT)/node_modules/.installed: $(EXT)/package-lock.json
	cd $(EXT) && npm ci --no-audit --no-fund
	touch $@

$(EXT)/dist/manifest.json: $(EXT)/node_modules/.installed $(EXT)/manifest.json $(EXT)/build.mjs $(shell find $(EXT)/src -type f 2>/dev/null)
	cd $(EXT) && npm run build

extension: $(EXT)/dist/manifest.json  ## Build the browser extension into extension/dist/ (load it unpacked)

# The model check comes first: a model that cannot load or generate on this machine is
# reported, with what to do, before anyone's first draft.
run: install  ## Install, check the model, sync the demo brand, serve the API on 127.0.0.1:8765
	$(BIN)/voix doctor --only model
	$(BIN)/voix kb sync $(DEMO)
	$(BIN)/voix serve

test: install-dev $(CHROMIUM) $(EXT)/node_modules/.installed  ## Install, lint, and run the whole test suite
	$(BIN)/ruff check --no-cache voix server knowledge eval tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest
	cd $(EXT) && npm test

lint: install-dev  ## ruff, mypy and the import contracts only
	$(BIN)/ruff check --no-cache voix server knowledge eval tests bench
	$(BIN)/ruff format --check voix server knowledge eval tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:  ## Remove the virtual environment
	rm -rf $(VENV)
