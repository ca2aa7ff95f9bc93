# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test bench schemas eval-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test,parquet,dask,pandas]"
	touch $(STAMP)

## run: install if needed, extract the bundled corpus to out/facts.jsonl and print a summary
run: $(STAMP)
	$(BIN)/clusterfacts extract corpus -o out/facts.jsonl

## test: install if needed, then the full test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## bench: throughput, memory and start-up figures (prints them and writes bench/results/)
bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_diff.py

## schemas: regenerate schemas/*.schema.json from the models
schemas: $(STAMP)
	$(BIN)/clusterfacts schema --write schemas

## eval-dev: score the development corpus (not in the repository) by language
eval-dev: $(STAMP)
	$(BIN)/clusterfacts extract $(SHARED)/corpus/dev -o out/dev.jsonl
	$(BIN)/clusterfacts eval $(SHARED)/gold/dev.jsonl out/dev.jsonl

clean:
	rm -rf out .pytest_cache
