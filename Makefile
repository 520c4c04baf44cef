# Two commands on a fresh machine:  make demo  (build the example site)  and  make test.
PYTHON ?= python3
# torch's CPU build for the `semantic` extra (sentence embeddings in kbgen mine); set
# SEMANTIC= to install kbgen without it.
TORCH ?= torch==2.13.0
SEMANTIC ?= 1
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := kbgen/samples/sample-zendesk.json

.PHONY: demo test install install-test site mine bench lint clean

$(BIN)/kbgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@if [ -n "$(SEMANTIC)" ]; then $(BIN)/pip install --quiet '$(TORCH)' && $(BIN)/pip install --quiet -e '.[semantic]'; fi
	@touch $@

install: $(BIN)/kbgen

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --silent --prefix tests/a11y   # axe-core for the accessibility tests

site: install
	$(BIN)/kbgen build

mine: install
	@if [ -f $(SAMPLE) ]; then $(BIN)/kbgen mine $(SAMPLE) --kb content --out reports; fi

demo: site mine
	@echo
	@echo "The example help site is in site/. Open it in your browser:"
	@echo "    file://$(CURDIR)/site/index.html"
	@echo "or preview it with live reload:  $(BIN)/kbgen serve   (http://127.0.0.1:8000)"
	@echo
	@echo "kbgen is installed in $(VENV)/, not on your PATH. To type plain 'kbgen ...' commands"
	@echo "as the README does, activate it first:  source $(VENV)/bin/activate"
	@echo "(or type the full path: $(BIN)/kbgen ...)"
	@if [ -f reports/report.html ]; then echo "The ticket report is at file://$(CURDIR)/reports/report.html"; fi

test: install-test
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check kbgen tests bench
	$(BIN)/ruff format --check kbgen tests bench
	$(BIN)/mypy

bench: install-test
	$(BIN)/python bench/build.py
	$(BIN)/python bench/search_quality.py

clean:
	rm -rf site reports .kbgen dist build *.egg-info
