"""The ETL flow: input files → sentence, mention and statement tables in Parquet → DuckDB views.

One task per boundary: plan (which files changed, from their sizes and modification times), read
the changed files, decide what to parse, parse and write batches, fold the change into the state,
test the new batches, compact, publish. Nothing is visible until `publish` commits the catalog,
so a run that fails or is killed leaves the views as they were. Run it with `presstables run` or
`python -m flows.build_warehouse PATH ...`.
"""

from __future__ import annotations

import contextlib
import gc
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE

from flows import catalog as catalogs
from flows import checks, settings
from flows.artifacts import ParseProgressArtifact, publish_run_artifact, top_speakers
from flows.catalog import Catalog, Segment
from flows.compaction import Compaction, compact
from flows.freshness import pipeline_version
from flows.inputs import Fields, absolute_input
from flows.parsing import Parsed, now_utc, parse_locally, parse_on_dask
from flows.progress import Progress
from flows.publishing import commit_catalog, open_catalog
from flows.state import Fold, Pending, Plan, fold, pending, plan_inputs, read_delta, wanted_listings
from flows.warehouse import Warehouse


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
    compaction: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


# --- tasks: the boundaries -----------------------------------------------------------------------


@task(name="open-warehouse", cache_policy=NONE)
def open_warehouse(store: Warehouse) -> Catalog:
    return open_catalog(store)


@task(name="plan-inputs", retries=2, retry_delay_seconds=1, cache_policy=NONE)
def plan(store: Warehouse, catalog: Catalog, paths: list[str], version: str, full: bool) -> Plan:
    from flows.parsing import trim_heap

    the_plan = plan_inputs(store, catalog, paths, version, full)
    trim_heap()  # the comparison's buffers, before the model takes memory
    return the_plan


@task(name="read-changed-inputs", retries=2, retry_delay_seconds=1, cache_policy=NONE)
def read_changed(the_plan: Plan, target: Path, fields: Fields) -> int:
    return read_delta(the_plan, target, fields)


@task(name="decide-parsing", cache_policy=NONE)
def decide(store: Warehouse, catalog: Catalog, delta: Path, n_delta: int, version: str) -> Pending:
    return pending(store, catalog, delta, n_delta, version)


def parse(
    store: Warehouse,
    catalog: Catalog,
    delta: Path,
    todo: Pending,
    version: str,
    model: str,
    workers: int,
    batch_docs: int,
    dask_address: str | None,
    fields: Fields,
) -> Parsed:
    """Parse what the run must parse: locally, or on a Dask cluster. The model is released after,
    parsed or not (`presstables run` loads it while Prefect starts)."""
    listings = wanted_listings(delta, todo.wanted)
    run = catalog.run + 1
    progress = Progress(todo.n_documents, todo.n_words, reporter=ParseProgressArtifact(str(store.root)))
    try:
        if not todo.n_documents:
            return Parsed()
        if dask_address:
            return parse_on_dask(dask_address, store, listings, version, model, run, batch_docs, fields, progress)
        return parse_locally(
            store, listings, todo.n_documents, version, model, run, workers, batch_docs, progress, fields
        )
    finally:
        progress.close()
        release_parse_memory()


@task(name="fold-state", cache_policy=NONE)
def fold_state(store: Warehouse, catalog: Catalog, the_plan: Plan, delta: Path, parsed: Parsed, todo: Pending) -> Fold:
    return fold(store, catalog, the_plan, delta, parsed.changed, parsed.segments, todo.revived, now_utc())


@task(name="test-new-batches", cache_policy=NONE)
def test_batches(store: Warehouse, segments: list[Segment]) -> list[checks.CheckResult]:
    """The row-level data tests on the batches this run parsed, before any of them is shown."""
    return checks.check_segments(store, segments)


@task(name="compact-segments", cache_policy=NONE)
def compact_segments(store: Warehouse, catalog: Catalog, parsed: Parsed, folded: Fold) -> Compaction:
    return compact(store, [*catalog.segments, *parsed.segments], folded.state.get("tombstones"), catalog.run + 1)


@task(name="publish", cache_policy=NONE)
def publish(store: Warehouse, catalog: Catalog, after: Catalog) -> list[checks.CheckResult]:
    return commit_catalog(store, catalog, after)


def release_parse_memory() -> None:
    """Free what parsing held before the corpus-level steps, which run in this process: the spaCy
    pipeline, when it was loaded here (a run that parses again loads it again, in half a second),
    the language identifier's model (75 MB, loaded again in half a second), and the heap."""
    from flows.nlp.language import release_identifier
    from flows.nlp.model import load_pipeline
    from flows.parsing import trim_heap

    load_pipeline.cache_clear()
    release_identifier()
    gc.collect()
    trim_heap()


# --- the flow ------------------------------------------------------------------------------------


@flow(name="build-warehouse", log_prints=False)
def build_warehouse(
    paths: list[Path | str] | None = None,
    warehouse: Path = settings.DEFAULT_WAREHOUSE,
    workers: int = 1,
    model: str = settings.DEFAULT_MODEL,
    batch_docs: int = settings.BATCH_DOCS,
    wait: float = 0.0,
    dask_address: str | None = None,
    full: bool = False,
    fields: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Bring the warehouse up to date with the input paths (default seeds/); returns the run summary.

    Only new and changed files are read (`full` reads every file again); with `dask_address`
    (tcp://host:port of a Dask scheduler) batches are parsed and written by the cluster's workers,
    which must reach the input files and the warehouse folder at the same paths. Input paths may
    be object-store URLs (`s3://bucket/prefix`); `fields` names the record fields or columns that
    hold the text and metadata (`{"text": "body", "published": "date"}`) when they are not the
    common names.
    """
    inputs = [absolute_input(p) for p in (paths or settings.DEFAULT_INPUTS)]
    record_fields = Fields(**(fields or {}))
    store = Warehouse(Path(warehouse))
    summary = RunSummary(warehouse=str(store.root))
    version = pipeline_version(model)
    with summary.timed("total"), store.lock(timeout=wait), tempfile.TemporaryDirectory(prefix="presstables-") as work:
        catalog = open_warehouse(store)
        with summary.timed("plan"):
            the_plan = plan(store, catalog, inputs, version, full)
        with summary.timed("read"):
            delta = Path(work) / "delta.parquet"
            n_delta = read_changed(the_plan, delta, record_fields)
            todo = decide(store, catalog, delta, n_delta, version)
        with summary.timed("parse"):
            parsed = parse(
                store, catalog, delta, todo, version, model, workers, batch_docs, dask_address, record_fields
            )
        with summary.timed("fold"):
            folded = fold_state(store, catalog, the_plan, delta, parsed, todo)
        with summary.timed("tests"):
            results = test_batches(store, parsed.segments)
        with summary.timed("compact"):
            compacted = compact_segments(store, catalog, parsed, folded)
        after = next_catalog(catalog, inputs, folded, compacted)
        if all(r.passed for r in results):
            with summary.timed("publish"):
                results += publish(store, catalog, after)
    fill_summary(summary, parsed, folded, compacted, after, results)
    speakers = top_speakers(store, doc_ids=parsed.doc_ids) if not failed_before_commit(results) else []
    publish_run_artifact(summary.as_dict(), speakers, checks=results)
    failed = [r for r in results if not r.passed]
    if failed:
        details = "; ".join(f"{r.name}: {r.n_rows} rows, e.g. {r.sample[:2]}" for r in failed)
        raise DataTestsFailed(f"data tests failed, nothing was committed: {details}")
    after.summary = summary.as_dict()
    catalogs.commit(store.root, after)
    return summary.as_dict()


def failed_before_commit(results: list[checks.CheckResult]) -> bool:
    """A failing test commits nothing: the run's documents are not in the views."""
    return any(not r.passed for r in results)


def next_catalog(catalog: Catalog, paths: Sequence[str], folded: Fold, compacted: Compaction) -> Catalog:
    state = dict(folded.state)
    if compacted.tombstones is None:
        state.pop("tombstones", None)
    else:
        state["tombstones"] = compacted.tombstones
    return Catalog(
        run=catalog.run + 1,
        segments=compacted.segments,
        inputs=folded.inputs,
        state=state,
        rows=folded.rows,
        pipeline_versions=folded.pipeline_versions,
        paths=list(paths),
        views_run=catalog.views_run,
    )


def fill_summary(
    summary: RunSummary,
    parsed: Parsed,
    folded: Fold,
    compacted: Compaction,
    after: Catalog,
    results: list[checks.CheckResult],
) -> None:
    counts = folded.counts
    summary.new, summary.changed, summary.removed = counts["new"], counts["changed"], counts["removed"]
    summary.rows = {
        t: after.rows.get(t, 0)
        for t in ("documents", "sources", "rejects", "sentences", "mentions", "entities", "statements")
    }
    summary.unchanged = summary.rows["sources"] - summary.new - summary.changed
    summary.rejected = summary.rows["rejects"]
    summary.parsed = parsed.n_documents
    summary.failed_documents = folded.failed_documents
    summary.rejects_by_reason = folded.rejects_by_reason
    summary.compaction = {"segments_merged": compacted.merged, "bytes_written": compacted.bytes_written}
    summary.failed_checks = [r.name for r in results if not r.passed]


if __name__ == "__main__":
    import sys

    print(build_warehouse(paths=[*sys.argv[1:]] or [str(p) for p in settings.DEFAULT_INPUTS]))
