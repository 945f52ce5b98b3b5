# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN = $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/gazzetta

.PHONY: install demo test test-sqlite test-postgres messages clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# axe-core for the accessibility tests; skipped (and those tests skip) where npm is missing.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

demo: install
	$(BIN)/gazzetta migrate --noinput
	$(BIN)/gazzetta load_demo
	PORT=$(PORT) $(BIN)/gazzetta serve --port $(PORT)

test: install test-sqlite test-postgres

test-sqlite:
	GAZZETTA_HOME=$(CURDIR)/var/test $(BIN)/pytest

# The same suite again on PostgreSQL when a server answers at 127.0.0.1:5432.
test-postgres:
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		GAZZETTA_HOME=$(CURDIR)/var/test-pg DATABASE_URL=$(PG_URL) $(BIN)/pytest; \
	else echo "PostgreSQL not reachable at 127.0.0.1:5432: the PostgreSQL run is skipped"; fi

messages:
	cd src/gazzetta && ../../$(BIN)/gazzetta makemessages --all --no-obsolete && ../../$(BIN)/gazzetta compilemessages

clean:
	rm -rf $(VENV) node_modules var
