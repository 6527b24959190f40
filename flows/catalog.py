"""The catalog: which files make up the warehouse. Replacing it is the commit point of every run.

`catalog.json` names the segments the views read (a segment is one Parquet file per batch table,
holding the rows of one or more parse batches), the files of the inputs state (one per bucket),
the tombstones (documents whose rows a segment still holds but no input does any more), the
entity state, running row counts and the last run's summary. A run writes every new file under a
name the catalog does not list, then replaces the catalog in one rename, then rebuilds the views
from it. Views list their files by name (never a glob), so a file being written is never read.

Files the catalog stops naming are kept for one more run (`retained`): a reader who opened the
views just before a commit still finds every file they name. `collect_garbage` deletes the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows.schema import BATCH_TABLES

CATALOG = "catalog.json"
FORMAT = 2


class CorruptState(RuntimeError):
    """A state file the run cannot read: it stops rather than re-parse or drop documents."""


@dataclass
class Segment:
    """One Parquet file per batch table holding the rows of `batches` (parse batches)."""

    id: str
    level: int
    batches: list[str]
    n_documents: int

    def file(self, table: str) -> str:
        return f"{table}/{self.id}.parquet"


@dataclass
class Catalog:
    run: int = 0
    segments: list[Segment] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # bucket → file
    state: dict[str, str] = field(default_factory=dict)  # tombstones, entity_* → file
    rows: dict[str, int] = field(default_factory=dict)  # live rows per table
    pipeline_versions: list[str] = field(default_factory=list)  # of the live documents
    paths: list[str] = field(default_factory=list)  # the input paths of the last run
    views_run: int = -1  # the run whose catalog the views were last built from
    summary: dict[str, Any] = field(default_factory=dict)
    retained: list[str] = field(default_factory=list)

    def table_files(self, table: str) -> list[str]:
        """Relative paths of the files a table's view reads."""
        if table in BATCH_TABLES:
            return [segment.file(table) for segment in self.segments]
        if table == "inputs":
            return [self.inputs[bucket] for bucket in sorted(self.inputs)]
        return [self.state[table]] if table in self.state else []

    def referenced(self) -> set[str]:
        files = {segment.file(table) for segment in self.segments for table in BATCH_TABLES}
        return files | set(self.inputs.values()) | set(self.state.values())

    def batch_segments(self) -> dict[str, Segment]:
        return {batch: segment for segment in self.segments for batch in segment.batches}


def load(root: Path) -> Catalog:
    """The committed catalog; an empty one for a new warehouse. A catalog that cannot be read
    stops the run with a message naming the file."""
    path = root / CATALOG
    if not path.exists():
        if (root / "inputs" / "inputs.parquet").exists():
            raise CorruptState(
                f"{root} was written by an earlier presstables (no {CATALOG}); build a new warehouse from the "
                f"same inputs with `presstables run PATH --warehouse NEW_DIR`"
            )
        return Catalog()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        data.pop("format")
        data["segments"] = [Segment(**s) for s in data["segments"]]
        catalog = Catalog(**data)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise CorruptState(
            f"the warehouse catalog {path} is unreadable ({exc}); restore it from a backup or rebuild the "
            "warehouse into a new folder"
        ) from exc
    missing = sorted(name for name in catalog.referenced() if not (root / name).exists())
    if missing:
        raise CorruptState(f"the warehouse catalog {path} names missing files: {', '.join(missing[:3])}")
    for name in sorted(catalog.referenced()):
        try:
            pq.read_metadata(root / name)
        except (OSError, pa.ArrowException) as exc:
            raise CorruptState(
                f"the warehouse file {root / name} is not readable Parquet ({exc}); restore it from a backup or "
                "rebuild the warehouse into a new folder"
            ) from exc
    return catalog


def commit(root: Path, catalog: Catalog) -> None:
    """Replace the catalog in one rename, after the new file is on disk."""
    from flows.warehouse import replace_durably

    target = root / CATALOG
    tmp = target.with_name(f".tmp-{CATALOG}")
    tmp.write_text(json.dumps({"format": FORMAT, **asdict(catalog)}, default=str), encoding="utf-8")
    replace_durably(tmp, target)


def collect_garbage(root: Path, catalog: Catalog, folders: Iterable[str]) -> list[Path]:
    """Delete the files in the warehouse's folders that neither the catalog nor the previous one
    names, and temporary files left by an interrupted run."""
    keep = catalog.referenced() | set(catalog.retained)
    removed = []
    for folder in folders:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            name = f"{folder}/{path.name}"
            if path.is_file() and name not in keep and not path.name.startswith("empty."):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def row_counts(root: Path) -> dict[str, int]:
    """The live rows per table that the committed catalog keeps, read without checking its files."""
    path = root / CATALOG
    if not path.exists():
        return {}
    return {table: int(n) for table, n in json.loads(path.read_text(encoding="utf-8")).get("rows", {}).items()}
