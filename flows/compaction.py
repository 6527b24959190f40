"""Compaction: rewrite each batch table's many small files as one, keeping only live rows.

Every run adds one file per table per batch; DuckDB slows down over many small files, and rows of
removed or re-parsed documents stay in them. Compaction writes the live rows of every batch
table into one new batch, then removes the old files. Reads stay correct throughout: the new
child files are invisible until the new documents file names their batch, and while old and new
documents files coexist the documents view picks one complete batch per document.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flows import schema
from flows.faults import pause_point
from flows.views import connect, parquet_source, sql_literal
from flows.warehouse import EMPTY_FILE, Warehouse, write_parquet

CHILD_TABLES = ("sentences", "mentions", "statements")


def batch_files(warehouse: Warehouse, table: str) -> list[str]:
    return sorted(p.name for p in warehouse.table_dir(table).glob("part-*.parquet") if p.name != EMPTY_FILE)


def needs_compaction(warehouse: Warehouse, max_files: int) -> bool:
    return len(batch_files(warehouse, "documents")) > max_files


def compact(warehouse: Warehouse, threads: int | None = None) -> dict[str, Any]:
    """Compact every batch table into one file. Call with the warehouse lock held. `threads`
    caps DuckDB's threads, as in `views.connect`."""
    old = {table: batch_files(warehouse, table) for table in schema.BATCH_TABLES}
    if len(old["documents"]) <= 1:
        return {"files_before": sum(len(v) for v in old.values()), "files_after": sum(len(v) for v in old.values())}
    con = connect(warehouse, threads=threads)
    try:
        live = con.sql("select doc_id, batch_id from documents order by doc_id").fetchall()
        batch_id = "c" + hashlib.sha256("".join(f"{d}:{b}" for d, b in live).encode()).hexdigest()[:15]
        del live
        name = f"part-{batch_id}.parquet"
        # One table at a time, written before the next is read, so only one is ever in memory;
        # documents last, which makes the new batch visible.
        for table in (*CHILD_TABLES, "documents"):
            order = {"documents": "doc_id", "statements": "doc_id, statement_idx"}.get(table, "doc_id, 2")
            rows = con.sql(
                f"""
                select t.* replace ({sql_literal(batch_id)} as batch_id)
                from {parquet_source(warehouse, table, "part-*.parquet")} t
                join documents d on d.doc_id = t.doc_id and d.batch_id = t.batch_id
                order by {order}
                """
            ).to_arrow_table()
            write_parquet(warehouse.table_dir(table) / name, rows, schema.BATCH_TABLES[table])
            del rows
            pause_point(f"compact-{table}")
    finally:
        con.close()
    # Old documents first, so no document ever points at a batch whose rows are gone.
    for table in ("documents", *CHILD_TABLES):
        for file in old[table]:
            if file != name:
                (warehouse.table_dir(table) / file).unlink(missing_ok=True)
    return {
        "files_before": sum(len(v) for v in old.values()),
        "files_after": sum(len(batch_files(warehouse, t)) for t in schema.BATCH_TABLES),
        "batch_id": batch_id,
    }
