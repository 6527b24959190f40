"""The whole flow, end to end, in a temporary folder: runs, reruns, changes, removals, rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.checks import run_checks
from flows.views import connect, fetch
from flows.warehouse import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_harness")


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = connect(Warehouse(warehouse))
    try:
        return fetch(con, sql)[1]
    finally:
        con.close()


def test_flow_builds_updates_and_checks_the_warehouse(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "dump.jsonl").write_text(
        '{"text": "NATO Secretary General Jens Stoltenberg said that he intends to call a meeting of the NATO-Russia Council.", "published": "2021-12-21"}\n'
        "{broken\n",
        encoding="utf-8",
    )
    warehouse = tmp_path / "wh"

    first = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert first["new"] == 8 and first["rejected"] == 3 and first["parsed"] == 8
    assert first["rows"]["documents"] == 8
    assert first["failed_checks"] == []

    # The seed article's statements, resolved.
    said = rows(
        warehouse,
        "select speaker, speaker_name, cue_lemma, kind from statements join documents using (doc_id) "
        "where documents.source like '%us-russia%' order by statement_idx",
    )
    assert ("She", "Karen Donfried", "say", "mixed") in said
    assert ("Karen Donfried", "Karen Donfried", "tell", "mixed") in said
    assert rows(warehouse, "select reason from rejects order by source") == [
        ("bad_json",),
        ("empty",),
        ("unsupported_type",),
    ]
    assert (
        rows(warehouse, "select published from documents where source like '%dump.jsonl#1'")[0][0].isoformat()
        == "2021-12-21"
    )

    # Nothing changed: nothing parsed, same tables.
    before = rows(warehouse, "select * exclude (processed_at) from documents order by doc_id")
    second = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert (second["unchanged"], second["parsed"], second["new"]) == (8, 0, 0)
    assert rows(warehouse, "select * exclude (processed_at) from documents order by doc_id") == before

    # One file changed, one removed: the old rows leave the views.
    korea = corpus / "wikinews-korea.txt"
    korea.write_text(
        korea.read_text(encoding="utf-8") + "\nSouth Korea said the broadcasts will continue.\n", encoding="utf-8"
    )
    (corpus / "wikinews-flag.txt").unlink()
    third = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert (third["changed"], third["removed"], third["parsed"]) == (1, 1, 1)
    assert third["rows"]["documents"] == 7
    assert rows(warehouse, "select count(*) from sentences where text like '%flag%referendum%'") == [(0,)]
    assert rows(warehouse, "select count(*) from documents where text like '%broadcasts will continue.\n'") == [(1,)]

    con = connect(Warehouse(warehouse))
    try:
        failed = [r for r in run_checks(con) if not r.passed]
    finally:
        con.close()
    assert failed == []


def test_two_runs_at_once_the_second_refuses(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse
    from flows.warehouse import WarehouseBusy

    store = Warehouse(tmp_path / "wh")
    with store.lock():
        with pytest.raises(WarehouseBusy, match="in use by a run"):
            build_warehouse(paths=[corpus], warehouse=store.root)


def test_html_and_jsonl_inputs_become_documents_with_metadata(tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "talks.html").write_bytes((Path(__file__).parent / "data" / "us-russia-talks.html").read_bytes())
    (corpus / "dump.jsonl").write_text(
        '{"text": "NATO Secretary General Jens Stoltenberg said that he intends to call a meeting.", '
        '"title": "NATO to call a meeting", "url": "https://example.org/nato", "published": "2021-12-21", "id": 7}\n',
        encoding="utf-8",
    )
    build_warehouse(paths=[corpus], warehouse=tmp_path / "wh")
    docs = rows(tmp_path / "wh", "select title, published, url from documents order by title")
    assert [(t, str(p), u) for t, p, u in docs] == [
        ("NATO to call a meeting", "2021-12-21", "https://example.org/nato"),
        (
            "US and Russia to begin security talks in January",
            "2021-12-21",
            "https://news.example.org/2021/12/21/us-russia-security-talks",
        ),
    ]
    said = rows(tmp_path / "wh", "select speaker_name, date from statements order by speaker_name")
    assert ("Karen Donfried", __import__("datetime").date(2021, 12, 21)) in said


def test_a_text_that_comes_back_is_shown_again_without_being_parsed(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    flag = corpus / "wikinews-flag.txt"
    text = flag.read_text(encoding="utf-8")
    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse)
    everything = "select count(*), sum(n_chars) from documents union all select count(*), 0 from statements"
    before = rows(warehouse, everything)
    flag.unlink()
    gone = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert (gone["removed"], gone["rows"]["documents"]) == (1, 6)
    flag.write_text(text, encoding="utf-8")
    back = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert (back["new"], back["parsed"], back["rows"]["documents"]) == (1, 0, 7)
    assert rows(warehouse, everything) == before
    assert back["rows"] == build_warehouse(paths=[corpus], warehouse=tmp_path / "fresh")["rows"]
