"""Pause points that let tests kill a run at an exact moment (crash-safety tests).

When `PRESSTABLES_PAUSE_AT` names a point, the run writes the file named by
`PRESSTABLES_PAUSE_FILE` on reaching it and sleeps, so a test can send SIGKILL right there.
Unset (always, outside tests), a pause point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from flows import settings

POINTS = ("parse", "write", "fold", "merge", "compact", "commit", "views")


def pause_point(name: str) -> None:
    if settings.pause_at() != name:
        return
    marker = settings.pause_file()
    if marker:
        Path(marker).write_text(str(os.getpid()))
    time.sleep(settings.pause_seconds())
