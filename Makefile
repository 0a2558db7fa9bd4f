# `make shell` tries the bot in a terminal; `make test` runs the tests (SQLite, then
# PostgreSQL when one is reachable or FLEXPOOL_TEST_PG names one). Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: soak install shell test test-sqlite test-pg bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

shell: $(STAMP)
	$(BIN)/flexpool --db sqlite:///flexpool-demo.db shell --demo --fresh

test: test-sqlite test-pg

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

# Runs when FLEXPOOL_TEST_PG is set (then it must pass) or PostgreSQL answers on PG_URL.
test-pg: $(STAMP)
	@if [ -n "$$FLEXPOOL_TEST_PG" ] || $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=2).close()" 2>/dev/null; then \
		echo "== database tests again on PostgreSQL =="; \
		FLEXPOOL_TEST_DATABASE_URL="$${FLEXPOOL_TEST_PG:-$(PG_URL)}" $(BIN)/python -m pytest -m db; \
	else echo "== PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL pass =="; fi

bench: $(STAMP)
	$(BIN)/python bench/match.py
	$(BIN)/python bench/ack.py

soak: $(STAMP)
	$(BIN)/python bench/soak.py
	$(BIN)/python bench/soak.py --db "$${FLEXPOOL_SOAK_PG:-postgresql://postgres@127.0.0.1:5432/soak}" --reset

clean:
	rm -rf $(VENV) *.egg-info flexpool-demo.db*
