# decision-extractor: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: demo test eval setup schemas clean

$(BIN)/python:
	bash scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

## demo: set up, extract the bundled seed notice and print its JSON
demo: $(STAMP)
	$(BIN)/decision-extractor extract samples/s000.txt

## test: set up and run the whole suite (self-contained: needs nothing outside this folder)
test: $(STAMP)
	$(BIN)/python -m pytest tests extractor README.md

## eval: score the dev corpus in ../shared; fails below the bar or if any line is lost
eval: $(STAMP)
	$(BIN)/decision-extractor evaluate $(SHARED)/corpus/dev --by-field --by-family --min-f1 0.95

## schemas: regenerate schemas/ from the models (review the diff!)
schemas: $(STAMP)
	$(BIN)/decision-extractor schema -o schemas

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
