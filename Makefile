# Every target installs what it needs first (a fresh machine has only Python 3.11).
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-packages serve index test test-fast lint format eval report layouts bench bench-serve crash-test load-test hostile formats screenshots

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,bench,ocr,milvus]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/zhengwuyuan serve

index: $(STAMP)
	$(BIN)/zhengwuyuan index

# Debian packages the tests use: chromium and a CJK font (browser test; PDFs printed from HTML), and
# LibreOffice's Writer to convert legacy .doc/.wps (Playwright's own browser download cannot work here).
system-packages:
	@test -x /usr/bin/chromium && command -v soffice >/dev/null && fc-list :lang=zh | grep -q . || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-wqy-microhei libreoffice-writer-nogui)

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refresh the README's screenshots (the browser test writes to a temporary folder otherwise).
screenshots: $(STAMP) system-packages
	ZHENGWUYUAN_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/assistant/serving/test_browser.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

eval: $(STAMP)
	$(BIN)/python -m eval run

report: $(STAMP)
	$(BIN)/python -m eval parsing

layouts: $(STAMP)
	$(BIN)/python -m eval layouts

# Scale benchmark 1e3–1e6 records (about 75 minutes on 2 cores), writes eval/BENCH.md and eval/BENCH.png.
# A 1e6 build outlasts the 600 s budget one upload gets, so the benchmark's writes get four hours.
bench: $(STAMP) index
	ZHENGWUYUAN_WRITE_TIMEOUT_SECONDS=14400 $(BIN)/python -m eval bench

bench-serve: $(STAMP)
	$(BIN)/python -m eval serve-bench

crash-test: $(STAMP)
	$(BIN)/python -m eval crash --kills 50

load-test: $(STAMP)
	$(BIN)/python -m eval load

hostile: $(STAMP)
	$(BIN)/python -m eval hostile

formats: $(STAMP)
	$(BIN)/python -m eval formats
