# IPT Library. The two commands a newcomer needs: `make serve` and `make test`.
# Both set up everything first (Debian packages, a virtual environment, pinned Python
# packages) and are quick to run again: each step is skipped when already done.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_HASH := $(shell cat requirements-lock.txt pyproject.toml | sha1sum | cut -c1-12)
STAMP := $(VENV)/.ready-$(LOCK_HASH)
PYTEST_ARGS ?=

.PHONY: help setup system serve build check test lint typecheck unit clean bench

help:
	@echo "make serve   set up, then preview the site at http://127.0.0.1:8000 with live reload"
	@echo "make test    set up, then run lint, type checks and the whole test suite"
	@echo "make build   set up, then build every language into site/"
	@echo "make check   set up, then check the library's sources without building"
	@echo "make bench   run the benchmark (prints figures; not part of the tests)"

setup: system $(STAMP)

system:
	@bash scripts/setup-system.sh

$(STAMP): requirements-lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.ready-*
	@touch $@

serve: setup
	$(BIN)/ipt-library serve --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/ipt-library build

check: setup
	$(BIN)/ipt-library check

lint: setup
	$(BIN)/ruff check ipt_library tests scripts
	$(BIN)/ruff format --check ipt_library tests scripts

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck unit

bench: setup
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .site-staging-* .cache test-artifacts
