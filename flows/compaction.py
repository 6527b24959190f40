"""Tiered compaction: merge segments of the same level, so each row is rewritten once per level.

Every parse batch adds a level-0 segment (one file per batch table). When a level holds
`PRESSTABLES_COMPACTION_FANOUT` segments (default 8), they are merged into one segment of the next level, leaving out the
rows of buried documents (tombstones), whose tombstones then go too. Over a warehouse's life a row
is rewritten about log_F(number of batches) times, like the levels of an LSM tree. Each table is
streamed from the old files into the new one by DuckDB (`COPY ... TO`), so memory does not follow
the size of a segment. New segments become visible only when the run commits the catalog, so a
compaction killed at any point leaves the views as they were; `presstables compact` merges every
segment into one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flows import settings
from flows.catalog import Segment
from flows.faults import pause_point
from flows.schema import BATCH_TABLES
from flows.warehouse import Warehouse

# Rows per Parquet row group: documents carry their text, so theirs are smaller.
ROW_GROUP_ROWS = {"documents": 5_000}
DEFAULT_ROW_GROUP_ROWS = 50_000


@dataclass
class Compaction:
    segments: list[Segment]
    tombstones: str | None
    bytes_written: int = 0
    merged: int = 0


def plan_merges(segments: Sequence[Segment], fanout: int) -> list[list[Segment]]:
    """The groups of segments to merge, lowest level first, as tiers fill up (a merge that fills
    the next level is followed by that level's merge)."""
    levels: dict[int, list[Segment]] = {}
    for segment in segments:
        levels.setdefault(segment.level, []).append(segment)
    groups = []
    level = min(levels, default=0)
    while levels and level <= max(levels):
        members = levels.get(level, [])
        while len(members) >= fanout:
            group, members = members[:fanout], members[fanout:]
            groups.append(group)
            levels.setdefault(level + 1, []).append(_merged_segment(group, level + 1))
        level += 1
    return groups


def _merged_segment(group: Sequence[Segment], level: int) -> Segment:
    digest = hashlib.sha256("".join(s.id for s in group).encode()).hexdigest()[:15]
    return Segment(
        id=f"c{digest}",
        level=level,
        batches=sorted({b for s in group for b in s.batches}),
        n_documents=sum(s.n_documents for s in group),
    )


def compact(
    store: Warehouse, segments: Sequence[Segment], tombstones: str | None, run: int, full: bool = False
) -> Compaction:
    """Merge the segments whose tier is full (or all of them, `full`) and drop the tombstones of
    the rows they leave out. Writes new files only; the caller commits them in the catalog."""
    from flows.state import copy_to, define_files, scratch, state_sql

    groups = [list(segments)] if full and len(segments) > 1 else plan_merges(segments, settings.compaction_fanout())
    result = Compaction(list(segments), tombstones)
    if not groups:
        return result
    con = scratch()
    try:
        define_files(con, store, "tombstones", "tombstones", [tombstones] if tombstones else [])
        merged_batches: set[str] = set()
        for group in groups:
            ids = {s.id for s in group}
            present = [s for s in result.segments if s.id in ids]
            level = max(s.level for s in present) + 1
            merged = _merged_segment(present, level)
            merged.n_documents, n_bytes = _merge(con, store, present, merged)
            result.bytes_written += n_bytes
            position = min(result.segments.index(s) for s in present)
            remaining = [s for s in result.segments if s not in present]
            remaining.insert(position, merged)
            result.segments = remaining
            merged_batches.update(merged.batches)
            result.merged += len(present)
        if tombstones:
            con.register("merged_batches", _batches(sorted(merged_batches)))
            name = f"tombstones/{run}c.parquet"
            n = copy_to(con, state_sql("unmerged_tombstones"), store.path(name))
            result.tombstones = name if n else None
    finally:
        con.close()
    return result


def _merge(con: Any, store: Warehouse, group: Sequence[Segment], merged: Segment) -> tuple[int, int]:
    """Stream each table's live rows of the group into the merged segment; documents last."""
    from flows.state import copy_to, define_files, state_sql

    n_documents = n_bytes = 0
    for table in BATCH_TABLES:
        define_files(con, store, "rows", table, [s.file(table) for s in group])
        target = store.path(merged.file(table))
        n = copy_to(
            con, state_sql("live_rows"), target, row_group_size=ROW_GROUP_ROWS.get(table, DEFAULT_ROW_GROUP_ROWS)
        )
        n_bytes += target.stat().st_size
        if table == "documents":
            n_documents = n
        pause_point("compact")
    return n_documents, n_bytes


def _batches(batches: Sequence[str]):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return pa.table({"batch_id": pa.array(batches, pa.string())})
