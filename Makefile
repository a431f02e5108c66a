# The two commands a new user needs (see README):  make example   and   make test
# Each creates the virtual environment .venv and installs the project into it first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/assemble: pyproject.toml
	@$(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test,redline]'
	@touch $(BIN)/assemble

.PHONY: setup example test bench
setup: $(BIN)/assemble

example: setup
	$(BIN)/assemble validate term_sheets/focus_1999.yaml
	$(BIN)/assemble build term_sheets/focus_1999.yaml --force

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/bench.py
