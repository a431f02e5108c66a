# The two commands a new user needs (see README):  make example   and   make test
# Each first installs the missing system packages (.ci/system-packages: Pango/HarfBuzz to build; LibreOffice and
# Chromium too for the tests), then creates the virtual environment .venv and installs the project into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/assemble: pyproject.toml | system
	@$(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test,redline]'
	@touch $(BIN)/assemble

.PHONY: setup system system-test check-system precompile example serve test bench
setup: system $(BIN)/assemble precompile check-system

system:
	@bash .ci/system-packages

system-test:
	@bash .ci/system-packages --test

# As Python compiles its modules at install: the tool's templates compiled by Jinja and the holiday tables, into the
# virtual environment (assembler/precompiled.py), so a first command with an empty cache (a CI runner) compiles none.
precompile: $(BIN)/assemble
	@$(BIN)/python -m assembler.precompile

# WeasyPrint needs Pango and the HarfBuzz subsetter (libharfbuzz-subset0): says what to install when one is missing.
check-system: $(BIN)/assemble
	@$(BIN)/python -m assembler.layout.system

example: setup
	$(BIN)/assemble validate term_sheets/focus_1999.yaml
	$(BIN)/assemble build term_sheets/focus_1999.yaml --force

# The web page over term_sheets/ (docs/web.md): open http://127.0.0.1:8000/
serve: setup
	$(BIN)/assemble serve

test: system-test setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python benchmarks/bench.py --update
