# duban: `make run` sets up and serves the demo; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite test-postgres system-deps assets lint importlint bench clean

install: $(STAMP) assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	scripts/system-deps.sh  # python-ldap compiles against libldap2-dev and libsasl2-dev
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Front-end libraries come from npm and are copied into static files; never committed.
assets: duban/web/static/vendor/.built

duban/web/static/vendor/.built: package.json
	npm install --no-audit --no-fund --silent
	mkdir -p duban/web/static/vendor
	cp node_modules/echarts/dist/echarts.min.js duban/web/static/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js duban/web/static/vendor/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css duban/web/static/vendor/
	touch $@

run: install
	$(BIN)/duban demo
	$(BIN)/duban serve --port 8000

system-deps:
	scripts/system-deps.sh

lint: install
	$(BIN)/ruff check .

# Imports point down (entry points → domain → org → core): the contracts are in .importlinter.
importlint: install
	$(BIN)/lint-imports --no-cache

# The two databases' suites run side by side, one per core: CI's wall time is the longer of them,
# not their sum. Each line of their output is labelled [sqlite] or [postgres].
test: install system-deps lint importlint
	$(MAKE) --no-print-directory -j2 test-sqlite test-postgres

test-sqlite:
	DUBAN_HOME=$$(mktemp -d) scripts/labelled.sh sqlite $(BIN)/pytest

test-postgres:
	scripts/labelled.sh postgres scripts/with-postgres.sh $(BIN)/pytest

bench: install
	$(BIN)/python bench/run.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) node_modules duban/web/static/vendor var
