# The two commands of the README: `make book` and `make test`.
# Everything installs into .venv from the pinned requirements.txt; nothing needs root.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html
BUILT  := $(HTML)/.built
# Everything the site depends on: a change to any of these rebuilds and re-executes it.
SOURCES := _config.yml _toc.yml references.bib CITATION.cff $(shell find book data policytext _static -type f \
	-not -path '_static/data/*' \
	-not -path '*/__pycache__/*' -not -name '*.pyc' -not -path 'book/_build/*' 2>/dev/null)

export POLICYTEXT_CACHE := $(CURDIR)/.cache
# The site's build date is the last commit's date: the same repository builds the same site.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: book test venv lint export clean lock
.DELETE_ON_ERROR:

book: $(BUILT)
	@echo "The site is in $(HTML): open $(CURDIR)/$(HTML)/index.html"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "policytext needs Python 3.11 or newer: set PYTHON=python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# A full build: every notebook is executed again (execute_notebooks: force) and every
# page re-read (--all), so no page can show numbers from older data.
$(BUILT): $(STAMP) $(SOURCES)
	$(BIN)/jupyter-book build --all --warningiserror --keep-going .
	touch $@

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

export: $(STAMP)
	$(BIN)/python -m policytext export --corpus data/corpus.csv --out out

lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -r requirements.in
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^policytext' > requirements.txt
	rm -rf .lockenv

clean:
	rm -rf _build out .cache
