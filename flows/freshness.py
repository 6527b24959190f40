"""Is the warehouse up to date with its inputs? Answered without Prefect or spaCy.

`presstables run` asks before it starts a flow run: when no input file is new, changed (size or
modification time) or gone since the last complete run, and that run parsed with the same
pipeline version, the last run's summary stands and no flow run is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows import catalog as catalogs
from flows.views import views_stale
from flows.warehouse import Warehouse


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


def unchanged_summary(
    store: Warehouse, catalog: catalogs.Catalog, paths: Sequence[Path], version: str
) -> dict[str, Any] | None:
    """The last run's summary if nothing changed since it (as `catalog`, the committed one, says),
    else None."""
    from flows.state import plan_inputs

    if not store.database.exists():
        return None
    last = catalog.summary
    if not last or last.get("failed_checks") or catalog.views_run != catalog.run:
        return None
    if views_stale(store):  # built in another folder: the flow run rebuilds them
        return None
    if any(v != version for v in catalog.pipeline_versions):
        return None
    if plan_inputs(store, catalog, paths, version, full=False, keep=True).changed:
        return None
    return last
