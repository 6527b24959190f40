"""Shared fixtures: the spaCy pipeline, a Prefect test server, small real news texts, and a warehouse
built from them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "us-russia-security-talks.txt"

for _key, _value in {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(_key, _value)


@pytest.fixture(scope="session")
def nlp():
    from flows.nlp.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (it takes seconds to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A copy of the seed corpus in a temporary folder, safe to change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seeds_warehouse(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built once from a copy of seeds/ (seven short news articles). Read it, do not
    change it: copy it first."""
    from flows.build_warehouse import build_warehouse

    root = tmp_path_factory.mktemp("seeds")
    corpus = root / "seeds"
    shutil.copytree(SEEDS, corpus)
    target = root / "wh"
    build_warehouse(paths=[corpus], warehouse=target)
    return target
