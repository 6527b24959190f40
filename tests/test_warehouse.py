"""Warehouse files: readable when empty, leftovers of interrupted runs removed, the lock."""

from __future__ import annotations

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
