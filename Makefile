# psoaskit: two commands do everything on a fresh machine with python3 and make.
#   make demo   set up .venv and run the main job on the bundled sample data
#   make test   set up .venv with the dev extra (and Debian's chromium) and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint lab chromium bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

# Debian's chromium for the browser tests; installed only when missing (needs root or sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq -o DPkg::Lock::Timeout=300 && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
	    --no-install-recommends chromium >/dev/null; }

# The sample squad (committed in data/sample) is made only when missing; then one offline HTML
# report per sample athlete, index.html and summary.json go to reports-out/sample.
SAMPLE := data/sample
demo: $(VENV)/.installed
	$(BIN)/psoaskit check-data
	@test -f $(SAMPLE)/squad_log.csv || $(BIN)/psoaskit sample --out $(SAMPLE)
	$(BIN)/psoaskit report $(SAMPLE)/squad_log.csv --assignments $(SAMPLE)/assignments.csv \
	  --athletes all --out reports-out/sample

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check psoaskit tests benchmarks tools

# PSOASKIT_REQUIRE_E2E=1: the browser tests fail, rather than skip, when chromium is missing.
test: $(VENV)/.installed-dev chromium lint
	PSOASKIT_REQUIRE_E2E=1 $(BIN)/pytest

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-dev
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist reports-out
