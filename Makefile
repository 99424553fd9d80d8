# The README's two commands: `make demo` and `make test`. CI runs `make test` (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint bench docs screenshots catalogue clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The browser tests drive Debian's chromium (never `playwright install`).
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@command -v chromium >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	touch $(VENV)/.installed $@

# `make demo SERVE=0` stops after writing the report instead of serving the dashboard.
SERVE ?= 1

demo: $(VENV)/.installed
	$(BIN)/bindung demo demo
	$(BIN)/bindung kpis -w demo
	$(BIN)/bindung report -w demo --out demo/bericht.html --xlsx demo/bericht.xlsx
	@if [ "$(SERVE)" != "0" ]; then \
		echo "Dashboard: http://127.0.0.1:8000/  (Ctrl+C stops it)"; \
		$(BIN)/bindung serve -w demo; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check bindung tests bench
	$(BIN)/ruff format --check bindung tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

# The inner loop: lint and every test not marked slow (no demo, real data, browser or Spark).
check: lint
	$(BIN)/pytest -m "not slow" -q

# bench_answers builds 100 k and 1 M-customer workspaces once (bench/data/, ~13 min) and runs
# for hours while some answers are slow; bench_web serves the 1 M one it refreshed.
bench: $(VENV)/.test-installed
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_reads.py --workspace /tmp/bench_demo --repeat 5
	$(BIN)/python bench/bench_answers.py --customers 100000 1000000 --repeat 3 1 --variants all --refresh
	$(BIN)/python bench/bench_web.py --workspace bench/data/answers_1000000 --clients 20 --requests 200

docs: $(VENV)/.installed
	$(BIN)/python -m bindung.reference docs

# Every dashboard page in German and English, for the docs and the README (docs/screenshots/).
screenshots: $(VENV)/.test-installed
	$(BIN)/python docs/screenshots.py

# The message catalogue (docs/translations.md): the texts marked in bindung/ (English; in the
# modules and the Jinja templates, babel.cfg) are extracted into bindung.pot, merged into the
# German .po (new texts get an empty translation, changed ones a fuzzy one to check) and compiled
# into the .mo that is committed with it.
LOCALE := bindung/locale
I18N_KEYWORDS := -k N_ -k tr:2 -k ptr:2c,3 -k both:1 -k pboth:1c,2

catalogue: $(VENV)/.installed
	$(BIN)/pybabel extract --mapping-file=babel.cfg --no-default-keywords $(I18N_KEYWORDS) \
		--add-comments=i18n: \
		--add-location=file --sort-by-file --project=Bindung \
		--copyright-holder="Bindung contributors" -o $(LOCALE)/bindung.pot bindung
	$(BIN)/pybabel update --domain=bindung --input-file=$(LOCALE)/bindung.pot \
		--output-dir=$(LOCALE) --locale=de --init-missing --previous --ignore-pot-creation-date \
		--ignore-obsolete
	@# not `pybabel compile`: it also checks %-placeholders, which these texts do not have but
	@# seem to ("97 % satisfied"); tests/test_i18n.py checks their {placeholders}
	$(BIN)/python -c 'import sys; from babel.messages import mofile, pofile; \
		po = pofile.read_po(open(sys.argv[1], "rb"), locale="de"); \
		mofile.write_mo(open(sys.argv[2], "wb"), po); \
		done = [m for m in po if m.id and m.string and not m.fuzzy]; \
		print(f"{sys.argv[2]}: {len(done)} of {len(po)} texts translated")' \
		$(LOCALE)/de/LC_MESSAGES/bindung.po $(LOCALE)/de/LC_MESSAGES/bindung.mo

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache .hypothesis
