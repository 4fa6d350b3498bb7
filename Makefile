# The two commands a newcomer needs: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := jimnet

.PHONY: run test test-instants lint bench setup translations messages clean fuzz mutate

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

# The suite (SQLite, without the browser) at the instants where dates go wrong: late evening in
# UTC (tomorrow in Amsterdam), both nights of the daylight-saving switches, a leap day. The
# instants are listed in tests/clock.py; `make test` runs at an ordinary one.
test-instants: setup
	@# JIMNET_INSTANTS picks some of them (CI lists those the merged suite has passed at).
	@for instant in $${JIMNET_INSTANTS:-$$($(BIN)/python -c "from tests.clock import AWKWARD; print(*AWKWARD.values())")}; do \
	  echo "== the suite at $$instant"; \
	  JIMNET_TEST_INSTANT=$$instant $(BIN)/python -m pytest -n 2 --dist loadfile -q -p no:cacheprovider -m 'not browser' || exit 1; \
	done

# Schemathesis with a large budget: 10,000 calls in sequences (stateful, a second professional's
# ids in the path) and the per-operation fuzzer with more examples. The suite runs a few hundred.
fuzz: setup
	JIMNET_FUZZ_CASES=10000 JIMNET_FUZZ_EXAMPLES=100 $(BIN)/python -m pytest -n0 -q -s -p no:cacheprovider tests/api/test_fuzz_stateful.py tests/api/test_fuzz.py

# Mutation testing of the rules (mutmut 3; configuration in pyproject.toml [tool.mutmut]). Slow:
# not part of CI. Survivors are killed by a test or explained in docs/testing.md.
# Run one module with e.g. `make mutate MUTANTS='jimnet.big5.readiness*'`.
MUTANTS ?=
mutate: setup
	$(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

lint: setup
	$(BIN)/ruff check jimnet tests bench migrations
	$(BIN)/ruff format --check jimnet tests bench
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .mypy_cache .ruff_cache
