"""Parse the documents a run must parse, batch by batch, into new segments.

Texts are read again from their files batch by batch (the run lists them first, without keeping
their text), so a run holds a batch of text, never the corpus. In one process or a local pool
(`flows/parallel.py`), the next batch is parsed while this one is written. On a Dask cluster the
driver submits references to the files (source, path, text hash), never texts, with a bounded
number of batches in flight; each worker reads its files, parses, and writes its segment.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from prefect import task
from prefect.cache_policies import NONE

from flows import inputs, settings
from flows.batching import bounded_batches
from flows.catalog import Segment
from flows.faults import pause_point
from flows.inputs import Article, Fields, Listing, Reject
from flows.parallel import Parser, parse_pool
from flows.progress import Progress
from flows.warehouse import Warehouse

CHANGED_DURING_RUN = "the input changed while the run read it; the next run reads it again"
# Batches a Dask driver keeps in flight per worker: enough to keep workers busy, bounded so its
# memory does not grow with the corpus.
DASK_IN_FLIGHT_PER_WORKER = 2


@dataclass
class Parsed:
    segments: list[Segment] = field(default_factory=list)
    changed: list[Reject] = field(default_factory=list)  # inputs whose file changed while the run read it
    doc_ids: list[str] = field(default_factory=list)  # the documents parsed

    @property
    def n_documents(self) -> int:
        return sum(s.n_documents for s in self.segments)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def batch_id_for(doc_ids: Sequence[str], version: str, run: int) -> str:
    """A batch's id: its documents, the pipeline version and the run (so that a batch id names
    one parse, whatever compaction did to earlier ones)."""
    digest = hashlib.sha256(f"{version}\n{run}".encode())
    for doc_id in sorted(doc_ids):
        digest.update(doc_id.encode())
    return digest.hexdigest()[:16]


def batched(articles: Iterable[Article], max_docs: int, max_chars: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most `max_docs` articles and `max_chars` characters of text; an
    article longer than `max_chars` goes alone. Articles are taken as each batch is built."""
    return bounded_batches(articles, max_docs, max_chars, lambda article: len(article.text))


def reread_articles(
    listings: Iterable[Listing], changed: list[Reject], fields: Fields | None = None
) -> Iterator[Article]:
    """The listed articles, read again in the order listed, each run of listings from one file with
    one read of that file (listings come file by file). An article whose file no longer holds the
    text it was listed with is added to `changed` instead: this run accounts for it as a reject,
    and the next run reads it again."""
    for path, group in itertools.groupby(listings, key=lambda listing: listing.path):
        sources = {listing.source: listing.doc_id for listing in group}
        for item in inputs.read_inputs(path, fields, start=first_offset(path, sources)):
            if isinstance(item, Article) and sources.get(item.source) == item.doc_id:
                del sources[item.source]
                yield item
                if not sources:
                    break  # the rest of the file holds nothing this batch wants
        changed += [Reject(source, "changed_during_run", CHANGED_DURING_RUN) for source in sources]


def first_offset(path: str, sources: Iterable[str]) -> int:
    """Where the first wanted record of a web archive starts (its source is `path#offset`), so a
    batch of a large archive is read from there; 0 for other inputs."""
    path = str(path)
    if inputs.kind_of(path.rsplit("/", 1)[-1]) not in (("warc", None), ("warc", "gzip")):
        return 0
    offsets = [source[len(path) + 1 :] for source in sources]
    return min(int(offset) for offset in offsets) if all(o.isdigit() for o in offsets) and offsets else 0


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
    from flows.nlp.quotations import quote_fragments, quote_keys, quote_of
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
        for row in analysis.statements:
            fragments = quote_fragments(row["content"], row["kind"])
            quote = quote_of(row["content"], row["kind"])
            tables["statements"].append(
                {
                    **keys,
                    "statement_id": f"{doc_id}-{row['statement_idx']:04d}",
                    **row,
                    "date": resolve_date(row["date_text"], published) if row.get("date_text") else None,
                    "content_fragments": [
                        {"start": row["content_start"] + start, "end": row["content_start"] + end}
                        for start, end in fragments
                    ]
                    if row.get("content_start") is not None
                    else [],
                    "quote": quote,
                    "quote_keys": quote_keys(quote),
                }
            )
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


def trim_heap() -> None:
    """Give the free pages of the heap back to the system (glibc's `malloc_trim`). Without it, what
    one batch freed stays in the process in pieces, and the next batch's peak comes on top."""
    with contextlib.suppress(OSError, AttributeError):  # malloc_trim is glibc's
        ctypes.CDLL(None).malloc_trim(0)


@task(name="parse-and-write-batch", cache_policy=NONE)
def parse_and_write_batch(
    warehouse: Warehouse,
    articles: list[Article],
    version: str,
    model: str,
    run: int,
    pool: Parser | None = None,
    progress: Progress | None = None,
) -> Segment:
    batch_id = batch_id_for([a.doc_id for a in articles], version, run)
    tables = document_rows(articles, version, batch_id, model, pool, progress)
    pause_point("parse")
    warehouse.write_segment(f"b{batch_id}", tables)
    del tables
    trim_heap()
    return Segment(id=f"b{batch_id}", level=0, batches=[batch_id], n_documents=len(articles))


@task(name="read-parse-and-write-batch", retries=1, retry_delay_seconds=1, cache_policy=NONE)
def read_parse_and_write_batch(
    warehouse: Warehouse,
    listings: list[Listing],
    version: str,
    model: str,
    run: int,
    fields: Fields | None = None,
) -> tuple[Segment | None, list[Reject], list[str]]:
    """On a Dask worker: read the listed articles from their files, parse and write them."""
    changed: list[Reject] = []
    articles = list(reread_articles(listings, changed, fields))
    if not articles:
        return None, changed, []
    segment = parse_and_write_batch.fn(warehouse, articles, version, model, run)
    return segment, changed, [a.doc_id for a in articles]


def parse_locally(
    store: Warehouse,
    listings: Iterable[Listing],
    n_documents: int,
    version: str,
    model: str,
    run: int,
    workers: int,
    batch_docs: int,
    progress: Progress,
    fields: Fields | None = None,
) -> Parsed:
    parsed = Parsed()
    batches = batched(reread_articles(listings, parsed.changed, fields), batch_docs, settings.BATCH_CHARS)
    with parse_pool(model, workers if n_documents > batch_docs // 4 else 1) as pool:
        batch = next(batches, None)
        if batch:
            pool.prefetch([a.text for a in batch])
        while batch:
            following = next(batches, None)
            if following:
                pool.prefetch([a.text for a in following])  # parsed while this batch is written
            parsed.segments.append(parse_and_write_batch(store, batch, version, model, run, pool, progress))
            parsed.doc_ids += [a.doc_id for a in batch]
            batch = following
    return parsed


def parse_on_dask(
    address: str,
    store: Warehouse,
    listings: Iterable[Listing],
    version: str,
    model: str,
    run: int,
    batch_docs: int,
    fields: Fields | None = None,
    progress: Progress | None = None,
) -> Parsed:
    """Submit batches of file references to a Dask cluster through prefect-dask, a bounded number
    at a time; each worker loads the model once, reads its files and writes its segment. The
    progress advances as batches come back."""
    from prefect_dask import DaskTaskRunner

    parsed = Parsed()
    batches = bounded_batches(listings, batch_docs, settings.BATCH_CHARS, lambda listing: listing.n_words * 6)
    with DaskTaskRunner(address=address) as runner:
        n_workers = max(1, len(runner.client.scheduler_info().get("workers", {})))
        in_flight: deque[tuple[Any, int]] = deque()

        def collect(future: Any, n_words: int) -> None:
            segment, changed, doc_ids = future.result()
            if segment is not None:
                parsed.segments.append(segment)
            parsed.changed.extend(changed)
            parsed.doc_ids.extend(doc_ids)
            if progress is not None:
                progress.advance(len(doc_ids), n_words)

        for batch in batches:
            parameters = {
                "warehouse": store,
                "listings": batch,
                "version": version,
                "model": model,
                "run": run,
                "fields": fields,
            }
            n_words = sum(listing.n_words for listing in batch)
            in_flight.append((runner.submit(read_parse_and_write_batch, parameters), n_words))
            while len(in_flight) >= DASK_IN_FLIGHT_PER_WORKER * n_workers:
                collect(*in_flight.popleft())
        while in_flight:
            collect(*in_flight.popleft())
    return parsed
