"""Warehouse files: readable when empty, leftovers of interrupted runs removed, the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.views import connect, fetch, publish_views, view_files
from flows.warehouse import Warehouse, WarehouseBusy


def test_an_empty_warehouse_has_working_views(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    names = publish_views(store)
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
    publish_views(store)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    import duckdb

    con = duckdb.connect(str(store.database), read_only=True)
    try:
        assert con.sql("select count(*) from statements").fetchall() == [(0,)]
    finally:
        con.close()


def test_unfinished_batches_are_removed(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.ensure_layout()
    store.write_batch("committed", {})
    # A run that died after writing sentences but before documents.
    store.write_batch("committed", {})
    (store.table_dir("sentences") / "part-dead.parquet").write_bytes(b"PAR1")
    (store.table_dir("mentions") / ".tmp-part-x.parquet").write_bytes(b"")
    removed = {p.name for p in store.remove_unfinished()}
    assert removed == {"part-dead.parquet", ".tmp-part-x.parquet"}
    assert (store.table_dir("sentences") / "part-committed.parquet").exists()


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    with store.lock():
        with pytest.raises(WarehouseBusy):
            with store.lock(timeout=0.2, poll=0.05):
                pass
    with store.lock():
        pass


@pytest.mark.usefixtures("prefect_harness")
def test_compaction_keeps_the_views_and_drops_dead_rows(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse
    from flows.compaction import batch_files, compact

    store = Warehouse(tmp_path / "wh")
    # One batch file per article.
    build_warehouse(paths=[corpus], warehouse=store.root, batch_docs=1, compact_after=100)
    (corpus / "wikinews-flag.txt").unlink()
    build_warehouse(paths=[corpus], warehouse=store.root, compact_after=100)
    assert len(batch_files(store, "sentences")) == 5

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
    result = compact(store)
    assert result["files_after"] == 4 and result["files_before"] == 20
    assert tables() == before
    con = connect(store)
    try:
        # The removed article's rows are gone from the files, not only from the views.
        glob = (store.table_dir("documents") / "part-*.parquet").as_posix()
        assert fetch(con, f"select count(*) from read_parquet('{glob}')")[1] == [(4,)]
    finally:
        con.close()


def test_batches_are_bounded_in_documents_and_characters() -> None:
    from flows.build_warehouse import batched
    from flows.inputs import Article

    lengths = [100, 100, 100, 450, 100, 900, 50, 50]
    articles = [Article(source=f"a{i}.txt", text="x" * n) for i, n in enumerate(lengths)]
    batches = list(batched(articles, max_docs=3, max_chars=500))
    assert [[len(a.text) for a in batch] for batch in batches] == [[100, 100, 100], [450], [100], [900], [50, 50]]
    assert [a.source for batch in batches for a in batch] == [a.source for a in articles]


def test_articles_are_read_again_by_batch_and_a_file_changed_meanwhile_is_a_reject(tmp_path: Path) -> None:
    from flows.build_warehouse import list_articles, reread_articles

    texts = {
        "a.txt": "The minister said the budget would pass.",
        "b.txt": "Officials said on Monday that talks had stalled.",
        "c.txt": "Prices rose again, the bank said.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    listings, rejects = list_articles(sorted(tmp_path.glob("*.txt")))
    assert rejects == [] and [Path(item.source).name for item in listings] == ["a.txt", "b.txt", "c.txt"]
    (tmp_path / "b.txt").write_text("Officials said on Tuesday that talks had resumed.", encoding="utf-8")
    changed: list = []
    articles = list(reread_articles(listings, changed))
    assert [a.text for a in articles] == [texts["a.txt"], texts["c.txt"]]
    assert [a.doc_id for a in articles] == [listings[0].doc_id, listings[2].doc_id]
    assert [(Path(r.source).name, r.reason) for r in changed] == [("b.txt", "changed_during_run")]


def test_a_run_keeps_its_listing_in_a_file_and_reads_back_what_it_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import build_warehouse
    from flows.build_warehouse import list_articles, read_listings, reread_articles, spill_listings

    monkeypatch.setattr(build_warehouse, "SPILL_ROWS", 2)  # three record batches for five listings
    records = [
        {"text": "The minister said the budget would pass."},
        {"text": "Officials said on Monday that talks had stalled."},
        {"text": "Prices rose again, the bank said."},
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "a.txt").write_text("The talks will resume in January, diplomats said.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("“We are ready,” the envoy told reporters.", encoding="utf-8")
    listings, _ = list_articles(sorted(tmp_path.glob("*.*")))
    assert len(listings) == 5
    spill = tmp_path / "listing.arrow"
    spill_listings(listings, spill)
    assert list(read_listings(spill)) == listings
    wanted = bytearray([0, 1, 1, 0, 1])
    assert list(read_listings(spill, wanted)) == [listings[1], listings[2], listings[4]]
    changed: list = []
    texts = [a.text for a in reread_articles(read_listings(spill, wanted), changed)]
    # Listed file by file (a.txt, b.txt, then the three records), read again one file at a time.
    assert texts == ["“We are ready,” the envoy told reporters.", records[0]["text"], records[2]["text"]]
    assert changed == []
