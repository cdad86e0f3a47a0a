# choreo-erl: `make demo` runs the main job, `make test` the tests.
# Both set up what they need: a .venv with the package, and Erlang/OTP.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin

.PHONY: all setup erlang browser demo test lint grammar bench fuzz soak clean

all: test

# -qq: pip shows errors only (not the warnings of the machine's pip configuration,
# such as index locations that do not exist, nor the build backend's output).
$(VENV)/.installed: pyproject.toml
	@echo "setting up $(VENV) (once)"
	@$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -qq --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -qq --disable-pip-version-check -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed erlang browser

erlang:
	@scripts/ensure_erlang.sh

# Debian's Chromium and the mermaid npm package, for tests/test_diagrams_browser.py.
browser:
	@scripts/ensure_browser.sh

# Compile examples/shipping.chor, build it with erlc, run one session and
# print each role's result and the messages the roles sent.
demo: $(VENV)/.installed erlang
	@$(BIN)/choreo-erl run examples/shipping.chor --args '#{alice => [book, 2]}' --trace

test: setup
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# Regenerate the committed parser from the grammar (needs Java 17).
grammar: $(VENV)/.installed
	cd parser && ../$(BIN)/antlr4 -Dlanguage=Python3 -visitor -no-listener \
	    -Xexact-output-dir -o generated Choreo.g4

bench: setup
	$(PY) -m bench.run

# The front end (check), `import` of Mermaid diagrams and `run --args`.
fuzz: $(VENV)/.installed erlang
	$(PY) -m tests.fuzz_frontend --count 100000
	$(PY) -m tests.fuzz_frontend --target import --count 50000
	$(PY) -m tests.fuzz_frontend --target args --count 50000

# Many more random choreographies through the interpreter and the generated Erlang.
soak: setup
	CHOREO_DIFF_CASES=20000 $(PY) -m pytest -q tests/test_differential.py
	CHOREO_FAMILY_DIFF_CASES=5000 CHOREO_FAULT_SESSIONS=500 $(PY) -m pytest -q \
		tests/test_families_differential.py tests/test_families_faults.py
	CHOREO_CPDIFF_CASES=5000 $(PY) -m pytest -q tests/test_checkpoint_differential.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
