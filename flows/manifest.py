"""What the last complete run saw, so that a run with nothing to do costs a directory listing.

The manifest records, for the input paths of the last complete run, every discovered file's
size and modification time, the pipeline version, and that run's summary. When a new run sees
the same paths, the same files with the same size and mtime, and the same pipeline version,
nothing can have changed and no flow run is needed. Anything else (a touched file, a new or
removed file, another model) runs the flow, which decides by content hash what to parse.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.inputs import discover
from flows.warehouse import Warehouse

MANIFEST = "manifest.json"


def pipeline_version(model: str) -> str:
    """What produced the rows: presstables' version and the model's. Documents parsed by another
    version are parsed again."""
    from importlib import metadata

    from flows import __version__

    try:
        model_version = metadata.version(model.replace("_", "-"))
    except (metadata.PackageNotFoundError, ValueError):
        model_version = "?"  # a model loaded from a path
    return f"presstables {__version__}; {model} {model_version}"


def snapshot(paths: Sequence[Path]) -> dict[str, Any]:
    files, rejects = discover(paths)
    stats: dict[str, list[int]] = {}
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        stats[str(path)] = [st.st_size, st.st_mtime_ns]
    return {
        "paths": [str(Path(p).resolve()) for p in paths],
        "files": stats,
        "rejected": sorted(r.source for r in rejects),
    }


def write_manifest(warehouse: Warehouse, paths: Sequence[Path], version: str, summary: dict[str, Any]) -> None:
    data = {"pipeline_version": version, **snapshot(paths), "summary": summary}
    target = warehouse.root / MANIFEST
    tmp = target.with_name(f".tmp-{MANIFEST}")
    tmp.write_text(json.dumps(data, default=str), encoding="utf-8")
    os.replace(tmp, target)


def unchanged_summary(warehouse: Warehouse, paths: Sequence[Path], version: str) -> dict[str, Any] | None:
    """The last run's summary if nothing changed since it, else None."""
    path = warehouse.root / MANIFEST
    if not warehouse.database.exists() or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("pipeline_version") != version:
        return None
    current = snapshot(paths)
    if any(current[key] != data.get(key) for key in ("paths", "files", "rejected")):
        return None
    return data.get("summary")
