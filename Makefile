# Two commands: `make book` builds the book into _build/html; `make test` builds it and runs the tests.
# Both create the virtualenv and install requirements.txt on first use.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PARAMS ?=

.PHONY: book pdf test validate bench clean derive

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

book: $(VENV)/.installed  ## build the book (PARAMS="chapter.name=value ..." to override parameters)
	$(PY) -m bookkit.build $(if $(PARAMS),--param "$(PARAMS)")

pdf: $(VENV)/.installed  ## build the book (which prints its PDF edition) and report the PDF
	$(PY) -m bookkit.build $(if $(PARAMS),--param "$(PARAMS)")
	$(PY) -m bookkit.pdf

test: $(VENV)/.installed  ## build the book, then run unit, notebook, mutation and browser tests
	$(PY) -m pytest

validate: $(VENV)/.installed  ## check the data package only
	$(PY) -m bookkit.validate

derive: $(VENV)/.installed  ## re-derive the tables that come from raw upstream files
	$(PY) -m scripts.derive

bench: $(VENV)/.installed  ## print build, page-load and Lighthouse figures (installs Lighthouse 12.2.3 into .bench/)
	$(PY) -m scripts.bench

clean:
	rm -rf _build
