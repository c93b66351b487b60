# Set-up and everyday commands. `make run` and `make test` work on a fresh clone:
# they create the virtual environment and install the pinned requirements first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test lint format bench screenshots clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/bench_rank.py
	$(BIN)/python bench/bench_methods.py --quick
	$(BIN)/python bench/bench_smaa.py --quick
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_rerun.py

screenshots: $(STAMP)
	SCREENSHOT_DIR=$(CURDIR)/screenshots $(BIN)/pytest tests/browser -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis screenshots
