"""On-demand maintenance: `presstables compact` (every segment into one) and `presstables check`
(every data test over the whole warehouse)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from flows import checks
from flows.compaction import compact
from flows.publishing import commit_catalog, open_catalog
from flows.views import connect
from flows.warehouse import Warehouse

# `check` holds at most this many characters of document text at once while it checks spans.
CHECK_TEXT_CHARS = 200_000_000


def compact_warehouse(root: Path, wait: float = 0.0) -> dict[str, Any]:
    """Merge every segment into one, dropping the rows of buried documents and their tombstones."""
    store = Warehouse(root)
    if not store.database.exists():
        raise FileNotFoundError(f"no warehouse at {store.root}: run `presstables run` first")
    with store.lock(timeout=wait):
        before = open_catalog(store)
        result = compact(store, before.segments, before.state.get("tombstones"), before.run + 1, full=True)
        state = dict(before.state)
        state.pop("tombstones", None)
        if result.tombstones:
            state["tombstones"] = result.tombstones
        after = dataclasses.replace(before, run=before.run + 1, segments=result.segments, state=state)
        failed = [r for r in commit_catalog(store, before, after) if not r.passed]
        if failed:
            raise RuntimeError(f"compaction not committed: data tests failed: {[r.name for r in failed]}")
    return {
        "segments_before": len(before.segments),
        "segments_after": len(result.segments),
        "bytes_written": result.bytes_written,
    }


def check_warehouse(root: Path) -> list[checks.CheckResult]:
    """Every data test over the whole warehouse, and the row counts the catalog keeps."""
    from flows import catalog as catalogs

    store = Warehouse(root)
    con = connect(store)
    try:
        results = checks.run_checks(con)
        n_chars = int(con.sql("select coalesce(sum(n_chars), 0) from documents").fetchall()[0][0])
        results += checks.check_spans(con, partitions=max(1, -(-n_chars // CHECK_TEXT_CHARS)))
        rows = catalogs.load(store.root).rows
        for table in ("documents", "sources", "rejects", "sentences", "mentions", "statements", "entities"):
            n = int(con.sql(f"select count(*) from {table}").fetchall()[0][0])
            sample = [] if n == rows.get(table, 0) else [{"view": n, "catalog": rows.get(table, 0)}]
            results.append(checks.CheckResult(f"{table}_row_count_matches", len(sample), sample))
    finally:
        con.close()
    return results
