"""The warehouse on disk: Parquet files per table, atomic writes, the run lock.

Layout (one folder per table):
    warehouse/
      catalog.json                         the files the views read; replacing it commits a run
      documents/<segment>.parquet          rows of the documents of one or more parse batches
      sentences/ mentions/ statements/     the same segments, one file per table
      inputs/<bucket>-<run>.parquet        the state of the inputs, by bucket of paths
      tombstones/ entity_forms/ entity_docs/ entity_merges/   state files, one current each
      <table>/empty.parquet                an empty file with the table's schema
      presstables.duckdb                   views over the files the catalog names
      .lock                                held by the run in progress

Every file is written to a temporary name and renamed into place, and the catalog names only
files that are complete (see flows/catalog.py), so readers never see half a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows import schema
from flows.faults import pause_point

DATABASE = "presstables.duckdb"
LOCK = ".lock"
EMPTY_FILE = "empty.parquet"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse."""


@dataclass(frozen=True)
class Warehouse:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def path(self, name: str) -> Path:
        """A file named relative to the warehouse, as the catalog names it."""
        return self.root / name

    def ensure_layout(self) -> None:
        """Create the table folders, each with an empty file carrying the schema, so every view
        reads even before the first document."""
        self.root.mkdir(parents=True, exist_ok=True)
        for table, table_schema in schema.ALL_TABLES.items():
            folder = self.table_dir(table)
            folder.mkdir(exist_ok=True)
            if not (folder / EMPTY_FILE).exists():
                write_parquet(folder / EMPTY_FILE, [], table_schema)

    # --- the lock ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float = 0.0, poll: float = 0.5) -> Iterator[None]:
        """Hold the warehouse for one run. The OS releases the lock when the holder dies, so a
        run killed with SIGKILL never leaves a stale lock behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / LOCK
        handle = open(path, "a+")
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read().strip() or "another process"
                        raise WarehouseBusy(
                            f"warehouse {self.root} is in use by a run ({holder}); wait for it to finish "
                            f"or pass --wait SECONDS"
                        ) from None
                    time.sleep(poll)
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} since {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC\n")
            handle.flush()
            yield
        finally:
            with contextlib.suppress(OSError):
                handle.truncate(0)
            handle.close()

    # --- writes ------------------------------------------------------------------------------

    def write_segment(self, segment_id: str, tables: Mapping[str, Sequence[dict[str, Any]]]) -> None:
        """Write one segment of every batch table. It is not part of the warehouse until a
        catalog names it."""
        for table in schema.BATCH_TABLES:
            if table == "documents":
                pause_point("write")
            path = self.table_dir(table) / f"{segment_id}.parquet"
            write_parquet(path, tables.get(table, []), schema.BATCH_TABLES[table])


def write_parquet(path: Path, rows: Sequence[dict[str, Any]] | pa.Table, table_schema: pa.Schema) -> None:
    """Write rows with the declared schema to a temporary file, then rename it into place."""
    if isinstance(rows, pa.Table):
        table = rows.select(table_schema.names).cast(table_schema)
    else:
        table = pa.Table.from_pylist(list(rows), schema=table_schema)
    tmp = path.with_name(f".tmp-{path.name}")
    pq.write_table(table, tmp, compression="zstd")
    replace_durably(tmp, path)


def replace_durably(tmp: Path, path: Path) -> None:
    """Rename a written file into place once it is on disk, and the rename once it is done."""
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
