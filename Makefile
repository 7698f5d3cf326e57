# Quickstart: `make repro` then `make test`. Both create .venv/ when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
STAMP := $(VENV)/.installed
# Where a copy of the real documents may be (corpus/real-documents.md).
REAL_CORPUS ?= ../shared/real-corpus

.PHONY: install repro test bench bench-scale lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

repro: $(STAMP)
	$(BIN)/python -m pipeline.real_corpus $(REAL_CORPUS)
	$(BIN)/polex run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The explorer bench repeats the processed corpus, so `polex run` (incremental) comes before it.
# TIMEML: a folder holding TempEval-3's TimeBank/ and AQUAINT/ (*.tml); without it the dates benchmark says so and skips.
TIMEML ?=
# MEANTIME: a folder holding NewsReader MEANTIME English CAT files (intra-doc_annotation/); optional.
MEANTIME ?=
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.formats
	$(BIN)/python -m benchmarks.dates --timeml "$(TIMEML)" --meantime "$(MEANTIME)"
	$(BIN)/polex run
	$(BIN)/python -m benchmarks.explorer

# Slow (tens of minutes): tables, evaluate and report on 100,000 generated documents.
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale --documents 100000

# Re-pin every dependency with hashes after editing requirements.in.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras --quiet -o requirements.lock requirements.in

clean:
	rm -rf outputs
