# The README's two commands live here: `make demo` (set up + run the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
RASID := $(VENV)/bin/rasid

.PHONY: setup demo test lint eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

demo: setup
	$(RASID) demo

lint: setup
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: setup lint
	$(PY) -m pytest

eval: setup
	$(RASID) evaluate ../shared/corpus

bench: setup
	$(PY) bench/extract_throughput.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache rasid.db out
