"""Warehouse files and state: readable when empty, the catalog, the plan from file stats, the
delta read in proportion to the change, leftovers removed, tiered compaction, the lock."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from flows import catalog as catalogs
from flows.catalog import Catalog, CorruptState, Segment
from flows.views import connect, fetch, publish_views, view_files
from flows.warehouse import Warehouse, WarehouseBusy

TEXTS = {
    "a.txt": "The minister said the budget would pass.",
    "b.txt": "Officials said on Monday that talks had stalled.",
    "c.txt": "Prices rose again, the bank said.",
}


def test_an_empty_warehouse_has_working_views(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    names = publish_views(store, Catalog())
    assert set(names) == set(view_files())
    con = connect(store)
    try:
        for name in names:
            assert fetch(con, f'select count(*) from "{name}"')[1] == [(0,)]
    finally:
        con.close()


def test_views_open_from_another_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    publish_views(store, Catalog())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    import duckdb

    con = duckdb.connect(str(store.database), read_only=True)
    try:
        assert con.sql("select count(*) from statements").fetchall() == [(0,)]
    finally:
        con.close()


def test_files_no_catalog_names_are_removed_and_the_previous_ones_kept(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    for name in (
        "documents/bkept.parquet",
        "documents/bold.parquet",
        "documents/bdead.parquet",
        "mentions/.tmp-1234-x.parquet",
    ):
        store.path(name).write_bytes(b"PAR1")
    catalog = Catalog(segments=[Segment("bkept", 0, ["kept"], 1)], retained=["documents/bold.parquet"])
    removed = {p.name for p in catalogs.collect_garbage(store.root, catalog, ["documents", "mentions"])}
    assert removed == {"bdead.parquet", ".tmp-1234-x.parquet"}
    assert store.path("documents/bold.parquet").exists() and store.path("documents/empty.parquet").exists()


def test_an_unreadable_catalog_stops_the_run_and_names_the_file(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    (store.root / "catalog.json").write_text('{"format": 2, "run": ', encoding="utf-8")
    with pytest.raises(CorruptState, match="catalog.json is unreadable"):
        catalogs.load(store.root)
    catalogs.commit(store.root, Catalog(run=3, inputs={"a": "inputs/a-3.parquet"}))
    with pytest.raises(CorruptState, match="names missing files: inputs/a-3.parquet"):
        catalogs.load(store.root)


def test_a_warehouse_from_before_the_catalog_is_refused_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "wh" / "inputs").mkdir(parents=True)
    (tmp_path / "wh" / "inputs" / "inputs.parquet").write_bytes(b"PAR1")
    with pytest.raises(CorruptState, match="earlier presstables.*--warehouse NEW_DIR"):
        catalogs.load(tmp_path / "wh")


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    with store.lock():
        with pytest.raises(WarehouseBusy):
            with store.lock(timeout=0.2, poll=0.05):
                pass
    with store.lock():
        pass


def test_unchanged_files_are_planned_from_their_stats_and_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only new and changed files are read; the state moves by their rows and those of removed files."""
    import datetime as dt

    from flows import inputs, state

    corpus = tmp_path / "in"
    (corpus / "2021" / "12").mkdir(parents=True)
    for name, text in TEXTS.items():
        (corpus / "2021" / "12" / name).write_text(text, encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    version = "test"

    def run(catalog: Catalog) -> tuple[Catalog, state.Plan, list[str]]:
        plan = state.plan_inputs(store, catalog, [corpus], version, full=False)
        delta = tmp_path / f"delta-{catalog.run}.parquet"
        n = state.read_delta(plan, delta)
        todo = state.pending(store, catalog, delta, n, version)
        read = [x.source for x in state.wanted_listings(delta, todo.wanted)]
        folded = state.fold(store, catalog, plan, delta, [], [], todo.revived, dt.datetime.now(dt.UTC))
        after = Catalog(run=catalog.run + 1, inputs=folded.inputs, state=folded.state, rows=folded.rows)
        return after, plan, read

    first, plan, read = run(Catalog())
    assert plan.n_unchanged == 0 and [Path(s).name for s in read] == ["a.txt", "b.txt", "c.txt"]
    assert first.rows["sources"] == 3 and first.rows["rejects"] == 1

    calls: list[str] = []
    real = inputs.read_inputs
    monkeypatch.setattr(
        inputs, "read_inputs", lambda path, fields=None: calls.append(Path(path).name) or real(path, fields)
    )
    (corpus / "2021" / "12" / "b.txt").write_text("Officials said on Tuesday that talks had resumed.", encoding="utf-8")
    os.utime(corpus / "2021" / "12" / "b.txt", ns=(1, 1))  # a new modification time, whatever the clock
    (corpus / "2021" / "12" / "c.txt").unlink()
    second, plan, read = run(first)
    assert calls == ["b.txt"], "only the changed file is read"
    assert plan.n_unchanged == 2 and [Path(p).name for p in plan.removed] == ["c.txt"]
    assert second.rows["sources"] == 2 and second.rows["rejects"] == 1
    rewritten = set(second.inputs.values()) - set(first.inputs.values())
    assert len(rewritten) <= 2, "only the buckets of the changed and removed paths are rewritten"

    calls.clear()
    _, plan, read = run(second)
    assert calls == [] and not plan.changed


def test_tiers_rewrite_each_batch_a_logarithmic_number_of_times() -> None:
    """A thousand one-batch runs: every batch is rewritten at most once per level."""
    import math

    from flows.compaction import _merged_segment, plan_merges

    segments: list[Segment] = []
    rewrites: dict[str, int] = {}
    for run in range(1000):
        segments.append(Segment(f"b{run}", 0, [str(run)], 1))
        for group in plan_merges(segments, 8):
            ids = {s.id for s in group}
            present = [s for s in segments if s.id in ids]
            merged = _merged_segment(present, max(s.level for s in present) + 1)
            segments = [s for s in segments if s.id not in ids] + [merged]
            for batch in merged.batches:
                rewrites[batch] = rewrites.get(batch, 0) + 1
    assert max(rewrites.values()) <= math.ceil(math.log(1000, 8))
    assert len(segments) < 8 * 4


@pytest.mark.usefixtures("prefect_harness")
def test_compaction_keeps_the_views_and_drops_dead_rows(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse
    from flows.maintenance import compact_warehouse

    store = Warehouse(tmp_path / "wh")
    build_warehouse(paths=[corpus], warehouse=store.root, batch_docs=1)  # one segment per article
    (corpus / "wikinews-flag.txt").unlink()
    build_warehouse(paths=[corpus], warehouse=store.root)
    before_catalog = catalogs.load(store.root)
    assert len(before_catalog.segments) == 7 and "tombstones" in before_catalog.state

    def tables() -> dict[str, list[tuple]]:
        con = connect(store)
        try:
            return {
                t: fetch(con, f"select * exclude (batch_id) from {t} order by all")[1]
                if t == "documents"
                else fetch(con, f"select * from {t} order by all")[1]
                for t in ("documents", "sentences", "mentions", "statements", "entities")
            }
        finally:
            con.close()

    before = tables()
    result = compact_warehouse(store.root)
    assert (result["segments_before"], result["segments_after"]) == (7, 1)
    assert tables() == before
    after = catalogs.load(store.root)
    assert "tombstones" not in after.state
    # The removed article's rows are gone from the files, not only from the views.
    con = connect(store)
    try:
        files = [str(store.path(s.file("documents"))) for s in after.segments]
        assert fetch(con, f"select count(*) from read_parquet({files})")[1] == [(6,)]
    finally:
        con.close()


def test_batches_are_bounded_in_documents_and_characters() -> None:
    from flows.inputs import Article
    from flows.parsing import batched

    lengths = [100, 100, 100, 450, 100, 900, 50, 50]
    articles = [Article(source=f"a{i}.txt", text="x" * n) for i, n in enumerate(lengths)]
    batches = list(batched(articles, max_docs=3, max_chars=500))
    assert [[len(a.text) for a in batch] for batch in batches] == [[100, 100, 100], [450], [100], [900], [50, 50]]
    assert [a.source for batch in batches for a in batch] == [a.source for a in articles]


def test_articles_are_read_again_by_batch_and_a_file_changed_meanwhile_is_a_reject(tmp_path: Path) -> None:
    from flows.inputs import Article, Listing, read_inputs
    from flows.parsing import reread_articles

    records = [{"text": "Talks resumed in Geneva, diplomats said."}, {"text": TEXTS["c.txt"]}]
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = sorted(tmp_path.glob("*.*"))
    listings = [
        Listing(item.source, path, item.doc_id, len(item.text.split()))
        for path in paths
        for item in read_inputs(path)
        if isinstance(item, Article)
    ]
    assert [Path(x.source).name for x in listings] == ["a.txt", "b.txt", "c.txt", "wire.jsonl#1", "wire.jsonl#2"]
    (tmp_path / "b.txt").write_text("Officials said on Tuesday that talks had resumed.", encoding="utf-8")
    changed: list = []
    articles = list(reread_articles(listings, changed))
    assert [a.text for a in articles] == [TEXTS["a.txt"], TEXTS["c.txt"], records[0]["text"], TEXTS["c.txt"]]
    assert [(Path(r.source).name, r.reason) for r in changed] == [("b.txt", "changed_during_run")]
