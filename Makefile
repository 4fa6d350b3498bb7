# The two commands a newcomer needs: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := jimnet

.PHONY: run test lint bench setup translations messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core is injected into pages by the browser tests; npm is optional for `make run`.
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

translations: $(STAMP)
	@$(BIN)/pybabel compile --statistics -f -d jimnet/translations 2>&1 | grep -v '^$$' || true

# After changing texts: extract the Dutch source strings and update the English catalogue.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output --project=jimnet --copyright-holder="the jimnet contributors" --msgid-bugs-address="" -o jimnet/translations/messages.pot .
	$(BIN)/pybabel update -i jimnet/translations/messages.pot -d jimnet/translations -l en --no-fuzzy-matching

setup: $(STAMP) translations

run: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask demo-accounts
	@# Plain http on the loopback address: browsers would not send Secure cookies back.
	JIMNET_SECURE_COOKIES=0 $(BIN)/flask run --host 127.0.0.1 --port 5000

test: setup node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest -n 2 --dist loadfile -q
	@if [ -n "$$JIMNET_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$JIMNET_TEST_DATABASE_URL"; \
	  JIMNET_TEST_BACKEND=postgresql $(BIN)/python -m pytest -n 2 --dist loadfile -q -m 'not browser'; \
	else echo "== JIMNET_TEST_DATABASE_URL not set: the PostgreSQL run is skipped"; fi

lint: setup
	$(BIN)/ruff check jimnet tests bench migrations
	$(BIN)/ruff format --check jimnet tests bench
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .mypy_cache .ruff_cache
