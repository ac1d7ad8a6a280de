# Two entry points, both idempotent: `make run` and `make test`.
# The virtual environment is rebuilt only when pyproject.toml changes (stamp file).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: run test venv system-deps corpus lint-code bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: the CPU wheel of this version is on these machines.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

# Debian packages: chromium for the browser tests, fonts-noto-cjk for Chinese chart labels.
system-deps:
	@bash scripts/system-deps.sh

# Ingest the shipped corpus and build the index, only when they are missing or stale.
corpus: venv
	$(BIN)/zhibiao prepare

run: venv corpus
	@bash scripts/system-deps.sh fonts
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

test: venv system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider tests

lint-code: venv
	$(BIN)/ruff check assistant corpus evaluation tests app.py
	$(BIN)/mypy assistant corpus evaluation

clean:
	rm -rf $(VENV) data
