"""The warehouse on disk: Parquet files per table, atomic writes, the run lock.

Layout (one folder per table):
    warehouse/
      documents/part-<batch_id>.parquet   rows of the documents parsed together in one batch
      sentences/ mentions/ statements/    the same batches, written before documents
      inputs/inputs.parquet               every input: the document it became, or why it did not
                                          (rewritten by each run; the sources and rejects views)
      entity_merges/entity_merges.parquet each entity id → its corpus-level entity (rewritten each run)
      presstables.duckdb                  views over these files
      .lock                               held by the run in progress

A batch is committed when its documents file exists: the other tables' files of a batch without
one are leftovers of an interrupted run and are removed at the start of the next run. Every
file is written to a temporary name and renamed into place, so readers never see half a file.
Views show only documents that an input currently holds (see sql/documents.sql), so a run that
dies before rewriting `inputs` leaves the previous state visible.
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
EMPTY_FILE = "part-0-empty.parquet"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse."""


@dataclass(frozen=True)
class KnownDocument:
    doc_id: str
    batch_id: str
    pipeline_version: str


@dataclass(frozen=True)
class Warehouse:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def ensure_layout(self) -> None:
        """Create the table folders, each with an empty file carrying the schema, so every view
        reads even before the first document."""
        self.root.mkdir(parents=True, exist_ok=True)
        for table, table_schema in schema.ALL_TABLES.items():
            folder = self.table_dir(table)
            folder.mkdir(exist_ok=True)
            placeholder = folder / (f"{table}.parquet" if table in schema.STATE_TABLES else EMPTY_FILE)
            if not placeholder.exists():
                write_parquet(placeholder, [], table_schema)

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

    # --- state -------------------------------------------------------------------------------

    def remove_unfinished(self) -> list[Path]:
        """Delete temporary files and the files of batches whose documents file is missing."""
        removed: list[Path] = []
        committed = {p.name for p in self.table_dir("documents").glob("part-*.parquet")}
        for table in schema.ALL_TABLES:
            folder = self.table_dir(table)
            if not folder.exists():
                continue
            for path in folder.iterdir():
                stale_tmp = path.name.startswith(".tmp-")
                orphan = (
                    table in schema.BATCH_TABLES
                    and path.name.startswith("part-")
                    and path.name != EMPTY_FILE
                    and path.name not in committed
                )
                if stale_tmp or orphan:
                    path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    def known_documents(self) -> dict[str, list[KnownDocument]]:
        """Documents already parsed, by doc_id (a doc_id may sit in several batches until compaction)."""
        known: dict[str, list[KnownDocument]] = {}
        for path in sorted(self.table_dir("documents").glob("part-*.parquet")):
            table = pq.read_table(path, columns=["doc_id", "batch_id", "pipeline_version"])
            for doc_id, batch_id, version in zip(*(table.column(i).to_pylist() for i in range(3))):
                known.setdefault(doc_id, []).append(KnownDocument(doc_id, batch_id, version))
        return known

    def read_state(self, table: str) -> list[dict[str, Any]]:
        path = self.table_dir(table) / f"{table}.parquet"
        if not path.exists():
            return []
        return pq.read_table(path).to_pylist()

    def write_state(self, table: str, rows: Sequence[dict[str, Any]] | pa.Table) -> None:
        if table == "inputs":
            pause_point("state")
        write_parquet(self.table_dir(table) / f"{table}.parquet", rows, schema.STATE_TABLES[table])

    def write_batch(self, batch_id: str, tables: Mapping[str, Sequence[dict[str, Any]]]) -> None:
        """Write one batch of every batch table; documents last, which commits the batch."""
        for table in schema.BATCH_TABLES:
            if table == "documents":
                pause_point("write")
            write_parquet(
                self.table_dir(table) / f"part-{batch_id}.parquet", tables.get(table, []), schema.BATCH_TABLES[table]
            )


def write_parquet(path: Path, rows: Sequence[dict[str, Any]] | pa.Table, table_schema: pa.Schema) -> None:
    """Write rows with the declared schema to a temporary file, then rename it into place."""
    if isinstance(rows, pa.Table):
        table = rows.select(table_schema.names).cast(table_schema)
    else:
        table = pa.Table.from_pylist(list(rows), schema=table_schema)
    tmp = path.with_name(f".tmp-{path.name}")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
