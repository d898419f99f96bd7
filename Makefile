# The two commands a user needs: `make run` (build the graph of the bundled articles) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
STORE  ?= kg-store
SLOW   ?=

.PHONY: run test install clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build data/articles --store $(STORE)
	$(BIN)/kg viz --store $(STORE) -o viz/graph.html

test: $(STAMP)
	KG_SLOW=$(SLOW) $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract_speed.py

clean:
	rm -rf $(STORE) viz/graph.html .pytest_cache
