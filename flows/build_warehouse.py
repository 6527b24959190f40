"""The ETL flow: input files → sentence, mention and statement tables in Parquet → DuckDB views.

The flow is thin: one task per boundary (discover, read, parse and write a batch, write the
input state, publish views, check), each calling plain functions from `inputs`, `nlp`,
`warehouse` and `views`. Run it with `presstables run` or `python -m flows.build_warehouse`.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import itertools
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows import checks, inputs, schema
from flows.artifacts import publish_run_artifact, top_speakers
from flows.batching import bounded_batches
from flows.compaction import compact, needs_compaction
from flows.faults import pause_point
from flows.inputs import Article, Listing, Reject
from flows.manifest import pipeline_version, write_manifest
from flows.nlp.settings import DEFAULT_MODEL
from flows.parallel import Parser, parse_pool
from flows.progress import Progress
from flows.views import connect, fetch, parquet_source, publish_views
from flows.warehouse import Warehouse

DEFAULT_INPUTS = (Path("seeds"),)
DEFAULT_WAREHOUSE = Path("warehouse")
BATCH_DOCS = 200
# A batch also ends at this many characters of text: its rows are held until the batch is written,
# so a batch bounded in documents alone grows with the longest articles a corpus happens to hold.
# At 60,000 characters (about 25 BBC articles) a run's peak memory is reached in its first batches
# and later ones stay under it, so 2,225 BBC articles peak where 600 do; at 250,000 the rows of a
# batch varied enough with its articles that a later batch could peak a few MB higher. Runs took
# the same time: a batch costs a Prefect task run and four small files, which compaction merges.
BATCH_CHARS = 60_000
# While it parses, a run keeps its listing (source, path, text hash and word count of every
# article) in a temporary file and reads it back a hundred at a time: a parse then holds what its
# batch needs, a hundred listings and a byte per listed article, whatever the size of the corpus.
# (At a thousand at a time, a 2,225-article run held 1,000 listings where a 600-article run held
# 600, and its second batch, where both runs peak, was 0.15-0.25 MB higher.)
LISTING = pa.schema([("source", pa.string()), ("path", pa.string()), ("doc_id", pa.string()), ("n_words", pa.int64())])
SPILL_ROWS = 100
# The corpus-level steps (views, entity merges, compaction, data tests) run in this process after
# parsing; on one DuckDB thread their queries take 15-20 MB less memory at 2,225 BBC articles, for
# a few tenths of a second.
CORPUS_STEP_THREADS = 1
CHANGED_DURING_RUN = "the input changed while the run read it; the next run reads it again"
VIEW_TABLES = ("documents", "sources", "rejects", "sentences", "mentions", "entities", "statements")


class DataTestsFailed(RuntimeError):
    pass


@dataclass
class RunSummary:
    warehouse: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    parsed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    failed_documents: int = 0
    failed_checks: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- plain functions -----------------------------------------------------------------------------


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def batch_id_for(doc_ids: Sequence[str], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for doc_id in sorted(doc_ids):
        digest.update(doc_id.encode())
    return digest.hexdigest()[:16]


def batched(articles: Iterable[Article], max_docs: int, max_chars: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most `max_docs` articles and `max_chars` characters of text; an
    article longer than `max_chars` goes alone. Articles are taken as each batch is built."""
    return bounded_batches(articles, max_docs, max_chars, lambda article: len(article.text))


def document_rows(
    articles: Sequence[Article],
    version: str,
    batch_id: str,
    model: str,
    pool: Parser | None = None,
    progress: Progress | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Parse a batch of distinct articles and build the rows of every batch table."""
    from flows.nlp.dates import dateline_date, resolve_date
    from flows.parallel import analyze_all

    # Rows are built as each document's analysis arrives, so a batch never holds its analyses and
    # their rows at once; flows/nlp/analyze.py sends the parser batches bounded in tokens.
    tables: dict[str, list[dict[str, Any]]] = {"documents": [], "sentences": [], "mentions": [], "statements": []}
    for article, (language, analysis) in zip(articles, analyze_all([a.text for a in articles], model, pool)):
        if progress is not None:
            progress.advance(1, len(article.text.split()))
        doc_id = article.doc_id
        keys = {"doc_id": doc_id, "batch_id": batch_id}
        tables["sentences"] += [{**keys, **row} for row in analysis.sentences]
        tables["mentions"] += [{**keys, **row} for row in analysis.mentions]
        published = article.published or dateline_date(article.text)
        tables["statements"] += [
            {
                **keys,
                "statement_id": f"{doc_id}-{row['statement_idx']:04d}",
                **row,
                "date": resolve_date(row["date_text"], published) if row.get("date_text") else None,
            }
            for row in analysis.statements
        ]
        tables["documents"].append(
            {
                **keys,
                "source": article.source,
                "title": article.title,
                "url": article.url,
                "author": article.author,
                "published": published,
                "origin": article.origin,
                "language": language,
                "text": article.text,
                "n_chars": len(article.text),
                "n_sentences": len(analysis.sentences),
                "error": analysis.error,
                "processed_at": None,  # when the whole batch is parsed, below
                "pipeline_version": version,
            }
        )
    processed_at = now_utc()
    for row in tables["documents"]:
        row["processed_at"] = processed_at
    return tables


def source_state(
    articles: Sequence[Listing],
    rejects: Sequence[Reject],
    previous_sources: Sequence[dict[str, Any]],
    previous_rejects: Sequence[dict[str, Any]],
    seen_at: dt.datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """The new `sources` and `rejects` rows, and how the inputs changed since the last run."""
    before = {row["source"]: row for row in previous_sources}
    before_rejects = {row["source"]: row for row in previous_rejects}
    counts = {"new": 0, "changed": 0, "unchanged": 0, "removed": 0}
    sources = []
    for article in articles:
        old = before.get(article.source)
        if old is None:
            counts["new"] += 1
        elif old["doc_id"] != article.doc_id:
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
        kept = old is not None and old["doc_id"] == article.doc_id
        sources.append(
            {"source": article.source, "doc_id": article.doc_id, "seen_at": old["seen_at"] if old and kept else seen_at}
        )
    current = {a.source for a in articles}
    counts["removed"] = sum(1 for source in before if source not in current)
    reject_rows = []
    for reject in rejects:
        old = before_rejects.get(reject.source)
        kept = old is not None and old["reason"] == reject.reason
        reject_rows.append(
            {
                "source": reject.source,
                "reason": reject.reason,
                "detail": reject.detail,
                "seen_at": old["seen_at"] if old and kept else seen_at,
            }
        )
    sources.sort(key=lambda r: r["source"])
    reject_rows.sort(key=lambda r: r["source"])
    return sources, reject_rows, counts


def corpus_entity_rows(con: Any, warehouse: Warehouse, chunk: int = 5_000) -> pa.Table:
    """The `entity_merges` rows: every entity id of the live mentions, mapped to its corpus-level
    entity (bare surnames and acronyms joined to the one full name they stand for)."""
    from flows.nlp.entities import EntityRow, merge_across_documents

    result = con.execute(
        f"""
        with live as (
            select m.entity_id, m.entity_name, m.label, m.text, m.doc_id
            from {parquet_source(warehouse, "mentions")} m
            join documents d on d.doc_id = m.doc_id and d.batch_id = m.batch_id
        ),
        names as (
            select entity_id, entity_name, count(*) as n from live group by all
        )
        select
            entity_id,
            mode(label) as label,
            (select n.entity_name from names n where n.entity_id = live.entity_id
             order by n.n desc, length(n.entity_name) desc, n.entity_name limit 1) as name,
            list(distinct text order by text) as aliases,
            count(distinct doc_id) as n_documents,
        from live
        group by entity_id
        order by entity_id
        """,
    )
    # Fetched in chunks straight into compact rows: one entity per row of the result.
    entities: dict[str, EntityRow] = {}
    while rows := result.fetchmany(chunk):
        for entity_id, label, name, aliases, n_documents in rows:
            entities[entity_id] = EntityRow(entity_id, label, name, tuple(aliases), n_documents)
    merges = merge_across_documents(entities.values())
    ids = sorted(entities)
    targets = [entities[merges.get(entity_id, entity_id)] for entity_id in ids]
    return pa.table(
        {
            "entity_id": ids,
            "merged_entity_id": [t.entity_id for t in targets],
            "name": [t.name for t in targets],
            "label": [t.label for t in targets],
        },
        schema=schema.ENTITY_MERGES,
    )


def release_parse_memory() -> None:
    """Free what parsing held before the corpus-level steps, which run in this process: the spaCy
    pipeline, when it was loaded here (a run that parses again loads it again, in half a second),
    the language identifier's model (75 MB, loaded again in half a second), and the heap that
    glibc keeps after the parser's large arrays are freed."""
    from flows.nlp.language import release_identifier
    from flows.nlp.model import load_pipeline

    load_pipeline.cache_clear()
    release_identifier()
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Give the free pages of the heap back to the system (glibc's `malloc_trim`). Without it, what
    one batch freed stays in the process in pieces, and the next batch's peak comes on top."""
    with contextlib.suppress(OSError, AttributeError):  # malloc_trim is glibc's
        ctypes.CDLL(None).malloc_trim(0)


def list_articles(files: Sequence[Path]) -> tuple[list[Listing], list[Reject]]:
    """Every article of the files, listed without its text, and every input that was rejected."""
    listings: list[Listing] = []
    rejects: list[Reject] = []
    for path in files:
        for item in inputs.read_inputs(path):
            if isinstance(item, Article):
                listings.append(Listing(item.source, path, item.doc_id, len(item.text.split())))
            else:
                rejects.append(item)
    return listings, rejects


def reread_articles(listings: Iterable[Listing], changed: list[Reject]) -> Iterator[Article]:
    """The listed articles, read again in the order listed, each run of listings from one file with
    one read of that file (listings come file by file). An article whose file no longer holds the
    text it was listed with is added to `changed` instead: this run accounts for it as a reject,
    and the next run reads it again."""
    for path, group in itertools.groupby(listings, key=lambda listing: listing.path):
        sources = {listing.source: listing.doc_id for listing in group}
        for item in inputs.read_inputs(path):
            if isinstance(item, Article) and sources.get(item.source) == item.doc_id:
                del sources[item.source]
                yield item
        changed += [Reject(source, "changed_during_run", CHANGED_DURING_RUN) for source in sources]


def spill_listings(listings: Sequence[Listing], path: Path) -> None:
    """Write the run's listing to a temporary Arrow file, so that parsing, which takes the
    listings `SPILL_ROWS` at a time (`read_listings`), holds none of it."""
    with pa.OSFile(str(path), "wb") as target, pa.ipc.new_file(target, LISTING) as writer:
        for start in range(0, len(listings), SPILL_ROWS):
            rows = [
                {"source": x.source, "path": str(x.path), "doc_id": x.doc_id, "n_words": x.n_words}
                for x in listings[start : start + SPILL_ROWS]
            ]
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=LISTING))


def read_listings(path: Path, wanted: bytearray | None = None) -> Iterator[Listing]:
    """The spilled listings in order, or only those whose position is set in `wanted`. Read with
    plain reads, not a memory map, so pages read once are not kept."""
    position = 0
    with pa.OSFile(str(path), "rb") as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            for row in reader.get_batch(i).to_pylist():
                if wanted is None or wanted[position]:
                    yield Listing(row["source"], Path(row["path"]), row["doc_id"], row["n_words"])
                position += 1


# --- tasks: the boundaries -----------------------------------------------------------------------


@task(name="discover-inputs", cache_policy=NONE)
def discover_inputs(paths: list[Path]) -> tuple[list[Path], list[Reject]]:
    return inputs.discover(paths)


@task(name="read-inputs", retries=2, retry_delay_seconds=1, cache_policy=NONE)
def read_inputs(files: list[Path]) -> tuple[list[Listing], list[Reject]]:
    return list_articles(files)


@task(name="parse-and-write-batch", cache_policy=NONE)
def parse_and_write_batch(
    warehouse: Warehouse,
    articles: list[Article],
    version: str,
    model: str,
    pool: Parser | None,
    progress: Progress | None = None,
) -> int:
    batch_id = batch_id_for([a.doc_id for a in articles], version)
    tables = document_rows(articles, version, batch_id, model, pool, progress)
    pause_point("parse")
    warehouse.write_batch(batch_id, tables)
    del tables
    trim_heap()
    return len(articles)


def parse_on_dask(
    address: str, warehouse: Warehouse, batches: Iterable[list[Article]], version: str, model: str
) -> int:
    """Submit every batch to a Dask cluster through prefect-dask; each worker loads the model
    once and writes its batches' Parquet files itself."""
    from prefect_dask import DaskTaskRunner

    with DaskTaskRunner(address=address) as runner:
        futures = [
            runner.submit(
                parse_and_write_batch,
                {"warehouse": warehouse, "articles": batch, "version": version, "model": model, "pool": None},
            )
            for batch in batches
        ]
        return sum(future.result() for future in futures)


@task(name="write-input-state", retries=2, retry_delay_seconds=1, cache_policy=NONE)
def write_input_state(warehouse: Warehouse, sources: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> None:
    # One file for both: its rename is the run's commit point.
    warehouse.write_state("inputs", sorted(sources + rejects, key=lambda r: r["source"]))


@task(name="publish-views", cache_policy=NONE)
def publish(warehouse: Warehouse) -> list[str]:
    return publish_views(warehouse, threads=CORPUS_STEP_THREADS)


@task(name="merge-entities", cache_policy=NONE)
def merge_entities(warehouse: Warehouse) -> int:
    con = connect(warehouse, threads=CORPUS_STEP_THREADS)
    try:
        table = corpus_entity_rows(con, warehouse)
    finally:
        con.close()
    warehouse.write_state("entity_merges", table)
    return int(pc.sum(pc.not_equal(table["entity_id"], table["merged_entity_id"])).as_py() or 0)


@task(name="compact-files", cache_policy=NONE)
def compact_files(warehouse: Warehouse) -> dict[str, Any]:
    return compact(warehouse, threads=CORPUS_STEP_THREADS)


@task(name="run-data-tests", cache_policy=NONE)
def run_data_tests(warehouse: Warehouse) -> tuple[dict[str, int], int, list[checks.CheckResult]]:
    """Rows per view, documents whose extraction failed, and the data tests' results."""
    con = connect(warehouse, threads=CORPUS_STEP_THREADS)
    try:
        rows = {table: int(fetch(con, f'select count(*) from "{table}"')[1][0][0]) for table in VIEW_TABLES}
        failed_documents = int(fetch(con, "select count(*) from documents where error is not null")[1][0][0])
        results = checks.run_checks(con)
    finally:
        con.close()
    return rows, failed_documents, results


# --- the flow ------------------------------------------------------------------------------------


@flow(name="build-warehouse", log_prints=False)
def build_warehouse(
    paths: list[Path] | None = None,
    warehouse: Path = DEFAULT_WAREHOUSE,
    workers: int = 1,
    model: str = DEFAULT_MODEL,
    batch_docs: int = BATCH_DOCS,
    wait: float = 0.0,
    dask_address: str | None = None,
    compact_after: int = 20,
) -> dict[str, Any]:
    """Bring the warehouse up to date with the input paths (default seeds/); returns the run summary.

    With `dask_address` (tcp://host:port of a Dask scheduler) the batches are parsed and written by
    the cluster's workers, which must reach the warehouse folder at the same path. When a table
    holds more than `compact_after` batch files, the run compacts them into one.
    """
    paths = list(paths) if paths else list(DEFAULT_INPUTS)
    logger = get_run_logger()
    store = Warehouse(Path(warehouse))
    summary = RunSummary(warehouse=str(store.root))
    started = time.perf_counter()
    with store.lock(timeout=wait):
        store.ensure_layout()
        leftovers = store.remove_unfinished()
        if leftovers:
            logger.warning("removed %d files left by an interrupted run", len(leftovers))

        t = time.perf_counter()
        files, discover_rejects = discover_inputs(list(paths))
        listings, read_rejects = read_inputs(files)
        del files
        summary.seconds["read"] = time.perf_counter() - t

        t = time.perf_counter()
        version = pipeline_version(model)
        known = store.known_documents()
        wanted = bytearray(len(listings))  # 1: parse this listing (the first of its text)
        taken: set[str] = set()
        for position, listing in enumerate(listings):
            versions = {k.pipeline_version for k in known.get(listing.doc_id, [])}
            if version not in versions and listing.doc_id not in taken:
                taken.add(listing.doc_id)
                wanted[position] = 1
        n_pending = len(taken)
        progress = Progress(n_pending, sum(x.n_words for x, w in zip(listings, wanted) if w))
        changed: list[Reject] = []
        with tempfile.NamedTemporaryFile(prefix=".tmp-listing-", dir=store.table_dir("inputs")) as spill:
            spill_listings(listings, Path(spill.name))
            del listings, known, taken
            # Texts are read again batch by batch, so the run holds one batch of text (two with
            # workers: the next one is queued), never the corpus. A Dask run submits every batch
            # at once and holds them all until the cluster has them.
            articles = reread_articles(read_listings(Path(spill.name), wanted), changed)
            batches = batched(articles, batch_docs, BATCH_CHARS)
            if dask_address and n_pending:
                summary.parsed += parse_on_dask(dask_address, store, batches, version, model)
            elif n_pending:
                with parse_pool(model, workers if n_pending > batch_docs // 4 else 1) as pool:
                    batch = next(batches, None)
                    if batch:
                        pool.prefetch([a.text for a in batch])
                    while batch:
                        following = next(batches, None)
                        if following:
                            pool.prefetch([a.text for a in following])  # parsed while this batch is written
                        summary.parsed += parse_and_write_batch(store, batch, version, model, pool, progress)
                        batch = following
            progress.close()
            listings = list(read_listings(Path(spill.name)))
        release_parse_memory()
        summary.seconds["parse"] = time.perf_counter() - t

        t = time.perf_counter()
        state = store.read_state("inputs")
        gone = {reject.source for reject in changed}
        rejects = sorted(discover_rejects + read_rejects + changed, key=lambda r: r.source)
        sources, reject_rows, counts = source_state(
            [listing for listing in listings if listing.source not in gone],
            rejects,
            [r for r in state if r["doc_id"] is not None],
            [r for r in state if r["reason"] is not None],
            now_utc(),
        )
        write_input_state(store, sources, reject_rows)
        publish(store)
        merge_entities(store)
        if needs_compaction(store, compact_after):
            compact_files(store)
        summary.rows, summary.failed_documents, results = run_data_tests(store)
        summary.seconds["publish"] = time.perf_counter() - t

    summary.new, summary.changed = counts["new"], counts["changed"]
    summary.unchanged, summary.removed = counts["unchanged"], counts["removed"]
    summary.rejected = len(reject_rows)
    for row in reject_rows:
        summary.rejects_by_reason[row["reason"]] = summary.rejects_by_reason.get(row["reason"], 0) + 1
    summary.seconds["total"] = time.perf_counter() - started
    failed = [r for r in results if not r.passed]
    summary.failed_checks = [r.name for r in failed]
    publish_run_artifact(summary.as_dict(), top_speakers(store), checks=results)
    if failed:
        details = "; ".join(f"{r.name}: {r.n_rows} rows, e.g. {r.sample[:2]}" for r in failed)
        raise DataTestsFailed(f"data tests failed: {details}")
    write_manifest(store, paths, version, summary.as_dict())
    return summary.as_dict()


if __name__ == "__main__":
    import sys

    print(build_warehouse(paths=[Path(p) for p in sys.argv[1:]] or list(DEFAULT_INPUTS)))
