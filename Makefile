# attache: every target installs what it needs into .venv first, so a fresh clone with only
# Python 3.11 and the package registries can run any of them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# dg compares the active environment with the project's; activate .venv for every recipe.
export VIRTUAL_ENV := $(abspath $(VENV))
export PATH := $(VIRTUAL_ENV)/bin:$(PATH)

.PHONY: install run test lint dev evaluate benchmark benchmark-template benchmark-dump clean

# The UI test drives Debian's Chromium; install it when missing (as root, or through sudo).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

# Reinstall whenever the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: the whole pipeline on the bundled sample articles, Parquet under data/warehouse/
run: install
	$(BIN)/attache run --input data/samples/raw --output data/warehouse

## make test: lint, format check, types, Dagster definitions, then the test suite
test: install lint $(CHROMIUM)
	$(BIN)/dg check defs
	$(BIN)/pytest

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

lint: install
	$(BIN)/ruff check pipeline schemas tests
	$(BIN)/ruff format --check pipeline schemas tests
	$(BIN)/mypy

## make dev: the Dagster UI on http://127.0.0.1:3000
dev: install
	$(BIN)/dg dev --host 127.0.0.1 --port 3000

## make evaluate: score the dev corpus and the PLOVER records (needs ../shared)
evaluate: install
	$(BIN)/attache run --input ../shared/corpus/dev/raw --output .eval/dev
	$(BIN)/attache evaluate --gold ../shared/corpus/dev/gold.jsonl --events .eval/dev/event_mentions
	$(BIN)/attache run --input ../shared/benchmarks/plover-gsr/raw --output .eval/plover
	$(BIN)/attache evaluate --gold ../shared/benchmarks/plover-gsr/gold.jsonl --events .eval/plover/event_mentions

## make benchmark: throughput and memory on 2,000 articles of real news sentences (from
## ../shared/corpus/*), every available core, against a plain spaCy parse on as many (see README)
benchmark: install
	$(BIN)/attache benchmark --articles 2000 --work-dir .benchmark

## make benchmark-template: the second figure, on 2,000 articles generated from templates
benchmark-template: install
	$(BIN)/attache benchmark --text template --articles 2000 --work-dir .benchmark

## make benchmark-dump: peak RSS of reading a 10,000- and a 100,000-record JSON Lines dump
benchmark-dump: install
	$(BIN)/python -m pipeline.benchmark.dump_memory --records 10000 100000 --processes 2 --json .benchmark/dump-memory.json

clean:
	rm -rf $(VENV) data/warehouse .eval .benchmark .mypy_cache .ruff_cache .pytest_cache
