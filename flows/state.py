"""The state of the inputs and of the live documents, updated in proportion to what changed.

A run plans from file sizes and modification times (`plan_inputs`: no file is opened), reads only
new and changed files (`read_delta`), decides which of their documents to parse (`pending`) and,
after parsing, folds the change into the state (`fold`): the buckets of the inputs state whose
paths changed are rewritten, documents no input holds any more get a tombstone, and the entity
index and row counts move by what was added and taken out. The logic is SQL in `sql/state/`;
this module names the relations it reads and writes the files.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flows import inputs, schema, settings
from flows.catalog import Catalog, Segment
from flows.faults import pause_point
from flows.inputs import Article, Fields, FileStat, Listing, Reject
from flows.views import parquet_files, sql_literal
from flows.warehouse import Warehouse, replace_durably, write_parquet

STATE_SQL = settings.sql_dir() / "state"
LISTING = pa.schema(
    [
        ("path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
DELTA = pa.schema(
    [
        ("position", pa.int64()),
        ("source", pa.string()),
        ("path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("doc_id", pa.string()),
        ("n_words", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
CHUNK = 2_000
# Rows per row group of a run's delta file: its writer keeps each group's metadata until the
# footer (9 MB per million rows at 2,000 rows a group: benchmarks/sources.py, a 2.6M-record dump),
# and holds a group in Python lists until it writes it (50,000 rows took 50 MB more).
DELTA_ROW_GROUP = 10_000
IN_LIST_MAX = 50_000


@cache
def state_sql(name: str) -> str:
    return (STATE_SQL / f"{name}.sql").read_text(encoding="utf-8")


def scratch():  # type: ignore[no-untyped-def]
    """An in-memory DuckDB for the run's state queries: one thread and a memory cap, so the
    corpus-level steps stream instead of holding what they scan."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"set threads = {settings.CORPUS_STEP_THREADS}")
    con.execute(f"set memory_limit = {sql_literal(settings.CORPUS_STEP_MEMORY)}")
    con.execute("set preserve_insertion_order = false")
    return con


def define(con: Any, name: str, sql: str) -> None:
    con.execute(f'create or replace temp view "{name}" as {sql}')


def define_files(con: Any, store: Warehouse, name: str, table: str, files: Sequence[str]) -> None:
    define(con, name, f"select * from {parquet_files(store, files, table)}")


def define_catalog(con: Any, store: Warehouse, catalog: Catalog) -> None:
    """The previous state under the names the SQL reads: state, parsed, tombstones, live."""
    define_files(con, store, "state", "inputs", catalog.table_files("inputs"))
    define(
        con,
        "parsed",
        "select doc_id, batch_id, pipeline_version from "
        + parquet_files(store, catalog.table_files("documents"), "documents"),
    )
    define_files(con, store, "tombstones", "tombstones", catalog.table_files("tombstones"))
    define(con, "live", state_sql("live"))


# --- plan ----------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What changed since the last run, decided from sizes and modification times."""

    to_read: pa.Table  # path, size, mtime_ns, reason, detail, action: files to read and changed rejects
    removed: list[str]  # paths the last run read that are gone
    n_unchanged: int

    @property
    def changed(self) -> bool:
        return self.to_read.num_rows > 0 or bool(self.removed)


def listing_table(paths: Iterable[Path | str]) -> pa.Table:
    """Every discovered path with its size and modification time, or why it is rejected."""
    batches = []
    columns: tuple[list[Any], ...] = ([], [], [], [], [])
    for item in inputs.scan(paths):
        if type(item) is FileStat:
            columns[0].append(item[0])
            columns[1].append(item[1])
            columns[2].append(item[2])
            columns[3].append(None)
            columns[4].append(None)
        else:
            assert isinstance(item, Reject)
            for column, value in zip(columns, (item.source, None, None, item.reason, item.detail)):
                column.append(value)
        if len(columns[0]) >= 100_000:
            batches.append(pa.record_batch(list(columns), schema=LISTING))
            columns = ([], [], [], [], [])
    batches.append(pa.record_batch(list(columns), schema=LISTING))
    return pa.Table.from_batches(batches, LISTING)


# `presstables run` plans once to see whether anything changed, then its flow plans again: the
# flow takes the plan the same process made moments before (one listing of the inputs less: 5 s
# at a million files). Files that change in between are seen by the next run, as any file that
# changes after the listing.
_recent: dict[tuple[Any, ...], Plan] = {}


def plan_inputs(
    store: Warehouse, catalog: Catalog, paths: Sequence[Path | str], version: str, full: bool, keep: bool = False
) -> Plan:
    """Compare the discovered files with the inputs state: new, changed, removed, unchanged.
    Files of documents parsed by another pipeline version are read again. Compared a bucket of
    the inputs state at a time, so the comparison holds a sixteenth of the state."""
    key = (str(store.root.resolve()), catalog.run, tuple(inputs.absolute_input(p) for p in paths), version, full)
    if key in _recent:
        return _recent.pop(key)
    con = scratch()
    try:
        listing = listing_table(paths)
        con.register("discovered", listing)
        con.execute(
            "create temp table listing_all as select *, substr(md5(path), 1, $digits) as bucket from discovered",
            {"digits": settings.INPUT_BUCKET_DIGITS},
        )
        con.unregister("discovered")
        del listing
        define_catalog(con, store, catalog)
        stale = any(v != version for v in catalog.pipeline_versions)
        con.execute(
            f"create temp table stale as {state_sql('stale')}" if stale else "create temp table stale (path varchar)",
            {"version": version} if stale else {},
        )
        con.execute(
            "create temp table planned (path varchar, size bigint, mtime_ns bigint, reason varchar, "
            "detail varchar, action varchar)"
        )
        n_unchanged = 0
        listed = {row[0] for row in con.sql("select distinct bucket from listing_all").fetchall()}
        for bucket in sorted(listed | set(catalog.inputs)):
            define(con, "listing", f"select * from listing_all where bucket = {sql_literal(bucket)}")
            define_files(con, store, "state", "inputs", [catalog.inputs[bucket]] if bucket in catalog.inputs else [])
            con.execute(f"create or replace temp table compared as {state_sql('plan')}", {"full": full})
            con.execute("insert into planned select * from compared where action <> 'unchanged'")
            n_unchanged += int(con.sql("select count(*) from compared where action = 'unchanged'").fetchall()[0][0])
        to_read = con.sql(
            "select path, size, mtime_ns, reason, detail, action from planned "
            "where action in ('new', 'changed', 'read', 'reject') order by path"
        ).to_arrow_table()
        removed = [row[0] for row in con.sql("select path from planned where action = 'removed' order by 1").fetchall()]
        plan = Plan(to_read, removed, n_unchanged)
    finally:
        con.close()
    if keep:
        _recent.clear()
        _recent[key] = plan
    return plan


# --- read what changed ---------------------------------------------------------------------------


def read_delta(plan: Plan, target: Path, fields: Fields | None = None) -> int:
    """Read the new and changed files into `target` (Parquet, one row per article or reject, in
    path order): source, path, size, mtime_ns, doc_id, n_words or reason. Returns its rows."""
    position = 0
    columns: dict[str, list[Any]] = {name: [] for name in DELTA.names}
    with pq.ParquetWriter(str(target), DELTA, compression="zstd") as writer:

        def add(row: tuple[Any, ...]) -> None:
            nonlocal columns, position
            for name, value in zip(DELTA.names, (position, *row)):
                columns[name].append(value)
            position += 1
            if len(columns["position"]) >= DELTA_ROW_GROUP:
                writer.write_batch(pa.record_batch(columns, schema=DELTA))
                columns = {name: [] for name in DELTA.names}

        for batch in plan.to_read.to_batches(CHUNK):
            for file in batch.to_pylist():
                path, size, mtime_ns = file["path"], file["size"], file["mtime_ns"]
                if file["action"] == "reject":
                    add((path, path, None, None, None, None, file["reason"], file["detail"]))
                    continue
                for item in inputs.read_inputs(path, fields):
                    if isinstance(item, Article):
                        add((item.source, path, size, mtime_ns, item.doc_id, len(item.text.split()), None, None))
                    else:
                        add((item.source, path, size, mtime_ns, None, None, item.reason, item.detail))
        writer.write_batch(pa.record_batch(columns, schema=DELTA))
    return position


# --- what to parse -------------------------------------------------------------------------------


@dataclass
class Pending:
    """The documents among those read that the run parses (`wanted`: one byte per delta row, set
    at the first row of each) and those it shows again from their earlier parse (`revived`)."""

    wanted: bytearray
    revived: list[tuple[str, str]]
    n_documents: int
    n_words: int


def pending(store: Warehouse, catalog: Catalog, delta: Path, n_delta: int, version: str) -> Pending:
    con = scratch()
    try:
        define_catalog(con, store, catalog)
        define(con, "delta", f"select * from read_parquet({sql_literal(str(delta))})")
        con.execute(f"create temp table decided as {state_sql('pending')}", {"version": version})
        wanted = bytearray(n_delta)
        n_words = 0
        result = con.execute(
            "select decided.position, delta.n_words from decided join delta using (position) "
            "where decided.action = 'parse' order by 1"
        )
        n_documents = 0
        while rows := result.fetchmany(10_000):
            for position, words in rows:
                wanted[position] = 1
                n_words += words or 0
                n_documents += 1
        revived = [
            (doc_id, batch_id)
            for doc_id, batch_id in con.sql(
                "select doc_id, buried_batch_id from decided where action = 'revive' order by 1"
            ).fetchall()
        ]
    finally:
        con.close()
    return Pending(wanted, revived, n_documents, n_words)


def wanted_listings(delta: Path, wanted: bytearray) -> Iterator[Listing]:
    """The delta rows to parse, in order, read back a chunk at a time."""
    reader = pq.ParquetFile(str(delta))
    for batch in reader.iter_batches(CHUNK, columns=["position", "source", "path", "doc_id", "n_words"]):
        for row in batch.to_pylist():
            if wanted[row["position"]]:
                yield Listing(row["source"], row["path"], row["doc_id"], row["n_words"])


# --- fold ----------------------------------------------------------------------------------------


@dataclass
class Fold:
    """The state after the run, before compaction: what the catalog takes from the fold."""

    inputs: dict[str, str]
    state: dict[str, str]
    rows: dict[str, int]
    pipeline_versions: list[str]
    counts: dict[str, int]
    failed_documents: int
    rejects_by_reason: dict[str, int]


def fold(
    store: Warehouse,
    catalog: Catalog,
    plan: Plan,
    delta: Path,
    changed: Sequence[Reject],
    segments: Sequence[Segment],
    revived: Sequence[tuple[str, str]],
    now: dt.datetime,
) -> Fold:
    """Fold the run into the state: rewrite the touched buckets of the inputs state, bury the
    documents no input holds any more (and earlier parses of those parsed again), and move the
    entity index and the row counts by what was added and taken out."""
    run = catalog.run + 1
    con = scratch()
    try:
        define_catalog(con, store, catalog)
        define(con, "delta", f"select * from read_parquet({sql_literal(str(delta))})")
        con.register("changed", _rejects(changed))
        con.register("removed", pa.table({"path": pa.array(plan.removed, pa.string())}))
        con.register("revived", _pairs(revived))
        buckets, counts = fold_inputs(con, store, catalog, run, now)
        pause_point("fold")
        state = dict(catalog.state)
        define_files(con, store, "new_documents", "documents", [s.file("documents") for s in segments])
        bury(con, store, state, run)
        rows = dict(catalog.rows)
        rows["sources"] = rows.get("sources", 0) + counts["new"] - counts["removed"]
        rows["rejects"] = rows.get("rejects", 0) + counts["rejects_after"] - counts["rejects_before"]
        segments_by_id = {s.id: s for s in [*catalog.segments, *segments]}
        move_counts(con, store, catalog, segments, segments_by_id, rows)
        if con.sql("select count(*) from entity_delta").fetchall()[0][0]:
            fold_entities(con, store, catalog, state, run, rows)
        pause_point("merge")

        define_files(con, store, "all_documents", "documents", [s.file("documents") for s in segments_by_id.values()])
        define_files(con, store, "new_tombstones", "tombstones", [state["tombstones"]] if "tombstones" in state else [])
        live = con.sql(
            "select pipeline_version, count(*) filter (where error is not null) from all_documents d "
            "anti join new_tombstones t on t.doc_id = d.doc_id and t.batch_id = d.batch_id group by 1"
        ).fetchall()
        reasons = dict(
            con.sql("select reason, count(*) from new_state where reason is not null group by 1 order by 1").fetchall()
        )
    finally:
        con.close()
    versions = sorted(version for version, _ in live)
    failed = sum(n for _, n in live)
    return Fold(buckets, state, rows, versions, counts, failed, reasons)


def fold_inputs(
    con: Any, store: Warehouse, catalog: Catalog, run: int, now: dt.datetime
) -> tuple[dict[str, str], dict[str, int]]:
    """Rewrite the buckets of the inputs state whose paths the run read or lost; count how the
    sources changed. Leaves `before` (the previous rows of those paths) and `new_state`."""
    con.execute(
        f"create temp table new_rows as {state_sql('new_rows')}",
        {"now": now, "digits": settings.INPUT_BUCKET_DIGITS},
    )
    con.execute("create temp table touched as select distinct path from new_rows union select path from removed")
    touched_buckets = con.sql(
        "select distinct bucket from new_rows union select substr(md5(path), 1, $digits) from removed order by 1",
        params={"digits": settings.INPUT_BUCKET_DIGITS},
    ).fetchall()
    touched_files = [catalog.inputs[b] for (b,) in touched_buckets if b in catalog.inputs]
    define_files(con, store, "touched_state", "inputs", touched_files)
    con.execute("create temp table before as select * from touched_state semi join touched using (path)")
    names = ("new", "changed", "removed", "rejects_before", "rejects_after")
    counts = dict(zip(names, con.sql(state_sql("source_counts")).fetchall()[0]))
    buckets = dict(catalog.inputs)
    for (bucket,) in touched_buckets:
        define_files(con, store, "old_bucket", "inputs", [buckets[bucket]] if bucket in buckets else [])
        name = f"inputs/{bucket}-{run}.parquet"
        if copy_to(con, state_sql("bucket"), store.path(name), {"bucket": bucket}):
            buckets[bucket] = name
        else:
            buckets.pop(bucket, None)
    define_files(con, store, "new_state", "inputs", [buckets[b] for b in sorted(buckets)])
    return buckets, counts


def bury(con: Any, store: Warehouse, state: dict[str, str], run: int) -> None:
    """Tombstones for the documents no input holds any more and for earlier parses of those parsed
    (`new_documents`) or shown (`revived`) again; the tombstones of documents shown again go.
    Leaves `dead`."""
    define(con, "reparsed", "select doc_id from new_documents union all select doc_id from revived")
    left = [r[0] for r in con.sql("select distinct doc_id from before where doc_id is not null").fetchall()]
    define(con, "holders", f"select doc_id from new_state {doc_filter(left)}")
    con.execute(f"create temp table dead as {state_sql('dead')}")
    if not con.sql("select (select count(*) from dead) + (select count(*) from revived)").fetchall()[0][0]:
        return
    name = f"tombstones/{run}.parquet"
    copy_to(con, state_sql("tombstones"), store.path(name))
    state["tombstones"] = name


def move_counts(
    con: Any,
    store: Warehouse,
    catalog: Catalog,
    segments: Sequence[Segment],
    segments_by_id: dict[str, Segment],
    rows: dict[str, int],
) -> None:
    """Move the row counts by the documents the views gain and lose, read only from the segments
    that hold them, and leave `entity_delta` (how the entity index moves)."""
    con.execute(
        "create temp table changes as "
        "select doc_id, batch_id, 1 as sign from new_documents "
        "union all select doc_id, batch_id, 1 from revived "
        "union all select doc_id, batch_id, -1 from dead"
    )
    changed_batches = {row[0] for row in con.sql("select distinct batch_id from changes").fetchall()}
    by_batch = catalog.batch_segments()
    holding = sorted({by_batch[b].id for b in changed_batches if b in by_batch} | {s.id for s in segments})
    changed_documents = doc_filter([r[0] for r in con.sql("select distinct doc_id from changes").fetchall()])
    con.execute(f"set threads = {settings.CORPUS_SCAN_THREADS}")
    for table in ("documents", "sentences", "statements"):
        files = parquet_files(store, [segments_by_id[i].file(table) for i in holding], table)
        define(con, "rows", f"select * from {files} {changed_documents}")
        rows[table] = rows.get(table, 0) + int(con.sql(state_sql("row_counts")).fetchall()[0][0])
    files = parquet_files(store, [segments_by_id[i].file("mentions") for i in holding], "mentions")
    define(con, "mentions", f"select * from {files} {changed_documents}")
    con.execute(f"create temp table changed_mentions as {state_sql('changed_mentions')}")
    con.execute(f"set threads = {settings.CORPUS_STEP_THREADS}")
    n_mentions = con.sql("select coalesce(sum(sign), 0) from changed_mentions").fetchall()[0][0]
    rows["mentions"] = rows.get("mentions", 0) + int(n_mentions)
    con.execute(f"create temp table entity_delta as {state_sql('entity_delta')}")


def fold_entities(
    con: Any, store: Warehouse, catalog: Catalog, state: dict[str, str], run: int, rows: dict[str, int]
) -> None:
    """Move the entity index by the run's delta and derive the corpus-level merges from it."""
    define(con, "delta", "select * from entity_delta")
    for table in ("entity_forms", "entity_docs"):
        define_files(con, store, table, table, catalog.table_files(table))
    for table in ("entity_forms", "entity_docs"):
        name = f"{table}/{run}.parquet"
        con.execute(f"create temp table new_{table} as {state_sql(table)}")
        copy_to(con, f"select * from new_{table}", store.path(name))
        state[table] = name
    define(con, "entity_forms", "select * from new_entity_forms")
    define(con, "entity_docs", "select * from new_entity_docs")
    derive_merges(con, store, state, run, rows)


def derive_merges(con: Any, store: Warehouse, state: dict[str, str], run: int, rows: dict[str, int]) -> None:
    """The corpus-level entity merges from the entity index the connection calls entity_forms and
    entity_docs: one row per distinct entity id, however many documents mention it."""
    from flows.nlp.entities import EntityRow, merge_across_documents

    entities: dict[str, EntityRow] = {}
    result = con.execute(state_sql("entities"))
    while chunk := result.fetchmany(5_000):
        for entity_id, label, name, aliases, n_documents in chunk:
            entities[entity_id] = EntityRow(entity_id, label, name, tuple(aliases), n_documents)
    merges = merge_across_documents(entities.values())
    ids = sorted(entities)
    targets = [entities[merges.get(entity_id, entity_id)] for entity_id in ids]
    table = pa.table(
        {
            "entity_id": ids,
            "merged_entity_id": [t.entity_id for t in targets],
            "name": [t.name for t in targets],
            "label": [t.label for t in targets],
        },
        schema=schema.ENTITY_MERGES,
    )
    name = f"entity_merges/{run}.parquet"
    write_parquet(store.path(name), table, schema.ENTITY_MERGES)
    state["entity_merges"] = name
    rows["entities"] = len({t.entity_id for t in targets})


def doc_filter(doc_ids: Sequence[str]) -> str:
    """A `where` clause keeping the rows of these documents. As a list of literals DuckDB checks it
    in the Parquet scan, before it decodes a row's other columns: a tenth of the time of the join
    alone for 10,000 documents of a million, a hundredth for one."""
    if not doc_ids or len(doc_ids) > IN_LIST_MAX:
        return ""
    return f"where doc_id in ({', '.join(sql_literal(d) for d in doc_ids)})"


def _rejects(rejects: Sequence[Reject]) -> pa.Table:
    return pa.table(
        {
            "source": pa.array([r.source for r in rejects], pa.string()),
            "reason": pa.array([r.reason for r in rejects], pa.string()),
            "detail": pa.array([r.detail for r in rejects], pa.string()),
        }
    )


def _pairs(pairs: Sequence[tuple[str, str]]) -> pa.Table:
    return pa.table(
        {
            "doc_id": pa.array([p[0] for p in pairs], pa.string()),
            "batch_id": pa.array([p[1] for p in pairs], pa.string()),
        }
    )


def copy_to(
    con: Any, sql: str, target: Path, params: dict[str, Any] | None = None, row_group_size: int = 20_000
) -> int:
    """Stream a query's result into a Parquet file under a temporary name, then rename it into
    place. Returns the rows written."""
    tmp = target.with_name(f".tmp-{uuid.uuid4().hex[:8]}-{target.name}")
    result = con.execute(
        f"copy ({sql}) to {sql_literal(str(tmp))} "
        f"(format parquet, compression zstd, row_group_size {int(row_group_size)})",
        params or {},
    ).fetchall()
    replace_durably(tmp, target)
    return int(result[0][0])
