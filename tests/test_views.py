"""The views as an analyst meets them: every view and column described in DuckDB itself (the SQL
file's header and flows/schema.py, as comments), `presstables tables` and `presstables schema`, and
a warehouse moved or copied to another folder that still answers."""

from __future__ import annotations

import csv
import errno
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from flows import catalog as catalogs
from flows import schema
from flows.catalog import Catalog
from flows.cli import main
from flows.freshness import pipeline_version, unchanged_summary
from flows.settings import model_name
from flows.views import (
    connect,
    describe_columns,
    describe_views,
    fetch,
    publish_views,
    view_description,
    view_files,
    views_folder,
    views_stale,
)
from flows.warehouse import Warehouse

VIEWS = sorted(view_files())
# The DuckDB CLI from PyPI (`duckdb-cli`, in the bench extra), next to this Python or on PATH.
DUCKDB_CLI = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
TOP_SPEAKERS = "select speaker_name, n_statements from speakers order by n_statements desc, speaker_name limit 5"


@pytest.fixture(scope="module")
def empty_views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The views over an empty warehouse: every column and comment, no flow run needed."""
    store = Warehouse(tmp_path_factory.mktemp("empty") / "wh")
    store.ensure_layout()
    publish_views(store, Catalog())
    con = connect(store)
    yield con
    con.close()


def rows_of(warehouse: Path, sql: str) -> list[tuple]:
    con = connect(Warehouse(warehouse))
    try:
        return fetch(con, sql)[1]
    finally:
        con.close()


# --- descriptions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_column_has_a_description_in_the_schema(empty_views, view: str) -> None:
    columns = [name for name, _, _ in describe_columns(empty_views, view)]
    declared = schema.column_descriptions(view)
    assert columns
    assert [c for c in columns if not declared.get(c)] == [], f"describe these {view} columns in flows/schema.py"
    # Nothing declared that the view does not have (the tables' batch_id stays out of most views).
    assert set(declared) - set(columns) <= schema.INTERNAL_COLUMNS


@pytest.mark.parametrize("view", VIEWS)
def test_duckdb_shows_each_description_as_a_comment(empty_views, view: str) -> None:
    declared = schema.column_descriptions(view)
    assert [(c, comment) for c, _, comment in describe_columns(empty_views, view)] == [
        (c, declared[c]) for c, _, _ in describe_columns(empty_views, view)
    ]
    comment = dict(describe_views(empty_views))[view]
    assert comment == view_description(view_files()[view])
    assert "grain:" in comment and "key:" in comment and "inputs:" not in comment


@pytest.mark.parametrize("view", VIEWS)
def test_declared_types_are_the_views_types(empty_views, view: str) -> None:
    def same(a: pa.DataType, b: pa.DataType) -> bool:
        if pa.types.is_timestamp(a) and pa.types.is_timestamp(b):  # DuckDB names UTC "Etc/UTC"
            return a.unit == b.unit and {a.tz, b.tz} <= {"UTC", "Etc/UTC"}
        return a.equals(b)

    actual = empty_views.sql(f'select * from "{view}" limit 0').arrow().schema
    declared = schema.VIEW_SCHEMAS[view]
    wrong = [(f.name, str(f.type)) for f in actual if not same(f.type, declared.field(f.name).type)]
    assert wrong == []


def test_a_view_description_is_its_header_without_the_inputs() -> None:
    sql = (
        "-- speakers: who speaks, how often, in how many documents.\n"
        "-- grain: one row per resolved speaker (an entity, or a name as written when there is no entity).\n"
        "-- key: speaker_key. inputs: statements, documents parquet and tombstones parquet (publication dates).\n"
        "with\n"
    )
    assert view_description(sql) == (
        "who speaks, how often, in how many documents. grain: one row per resolved speaker (an entity, "
        "or a name as written when there is no entity). key: speaker_key."
    )


@pytest.mark.skipif(DUCKDB_CLI is None, reason="the DuckDB CLI (pip install duckdb-cli==1.5.6) is not installed")
def test_the_duckdb_cli_shows_the_comments(seeds_warehouse: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(DUCKDB_CLI),
            "-readonly",
            "-csv",
            str(seeds_warehouse / "presstables.duckdb"),
            "-c",
            "select column_name, comment from duckdb_columns() where table_name = 'statements' "
            "and column_name in ('kind', 'speaker_name') order by column_name",
            "-c",
            "select comment from duckdb_views() where view_name = 'documents'",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert list(csv.reader(result.stdout.splitlines())) == [
        ["column_name", "comment"],
        ["kind", "direct (quoted), indirect (reported) or mixed"],
        ["speaker_name", 'the speaker resolved to a name ("Karen Donfried")'],
        ["comment"],
        ["one row per distinct text that an input currently holds. grain: one row per document. key: doc_id."],
    ]


# --- presstables tables and schema ---------------------------------------------------------------


def test_tables_lists_every_view_with_what_it_holds_and_its_rows(
    seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", "--warehouse", str(seeds_warehouse)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")] == ["view", "rows", "description"]
    assert [line.split(" | ")[0].strip() for line in lines[2:-1]] == VIEWS
    assert lines[-1] == f"({len(VIEWS)} rows)"
    n_documents = rows_of(seeds_warehouse, "select count(*) from documents")[0][0]
    documents = next(line for line in lines if line.startswith("documents "))
    assert [cell.strip() for cell in documents.split(" | ")] == [
        "documents",
        str(n_documents),
        "one row per distinct text that an input currently holds. grain: one row per document. key: doc_id.",
    ]


def test_tables_counts_every_view_when_asked(seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", "--warehouse", str(seeds_warehouse), "--format", "json"]) == 0
    kept = {r["view"]: r["rows"] for r in json.loads(capsys.readouterr().out)}
    assert main(["tables", "--warehouse", str(seeds_warehouse), "--format", "json", "--counts"]) == 0
    counted = {r["view"]: r["rows"] for r in json.loads(capsys.readouterr().out)}
    assert counted == {view: rows_of(seeds_warehouse, f"select count(*) from {view}")[0][0] for view in VIEWS}
    # Without --counts, the counts the catalog keeps (no scan): the same, where it keeps one.
    assert kept["speakers"] is None and counted["speakers"] > 0
    assert {v: n for v, n in kept.items() if n is not None} == {v: counted[v] for v, n in kept.items() if n is not None}
    assert kept["statements"] == counted["statements"] > 0


def test_schema_lists_a_views_columns_with_types_and_descriptions(
    seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "statements", "--warehouse", str(seeds_warehouse)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")] == ["column", "type", "description"]
    speaker_name = next(line for line in lines if line.startswith("speaker_name "))
    assert [cell.strip() for cell in speaker_name.split(" | ")] == [
        "speaker_name",
        "VARCHAR",
        'the speaker resolved to a name ("Karen Donfried")',
    ]
    assert main(["schema", "entities", "--warehouse", str(seeds_warehouse), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"column": "entity_id", "type": "VARCHAR", "description": schema.column_descriptions("entities")["entity_id"]},
        {"column": "name", "type": "VARCHAR", "description": schema.column_descriptions("entities")["name"]},
        {"column": "label", "type": "VARCHAR", "description": schema.column_descriptions("entities")["label"]},
        {"column": "aliases", "type": "VARCHAR[]", "description": schema.column_descriptions("entities")["aliases"]},
        {"column": "n_mentions", "type": "BIGINT", "description": schema.column_descriptions("entities")["n_mentions"]},
        {
            "column": "n_documents",
            "type": "BIGINT",
            "description": schema.column_descriptions("entities")["n_documents"],
        },
    ]


def test_schema_of_an_unknown_view_says_which_views_there_are(
    seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "statement", "--warehouse", str(seeds_warehouse)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("presstables: no view named 'statement'; the views are documents, entities")


# --- a moved or copied warehouse -----------------------------------------------------------------


def test_a_moved_warehouse_answers_queries_and_reports(
    seeds_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", TOP_SPEAKERS, "--warehouse", str(seeds_warehouse)]) == 0
    expected = capsys.readouterr().out
    assert "Karen Donfried" in expected

    # A copy while its original is still there: its views would read the original's files, so
    # the first connection rebuilds them for the copy.
    first = tmp_path / "first" / "wh"
    shutil.copytree(seeds_warehouse, first)
    assert views_stale(Warehouse(first)) == f"its views were built for {seeds_warehouse.resolve().as_posix()}"
    con = connect(Warehouse(first))
    try:
        assert views_folder(con) == first.resolve().as_posix()
    finally:
        con.close()

    # Moved: copied elsewhere, the original deleted.
    moved = tmp_path / "elsewhere" / "warehouse"
    shutil.copytree(first, moved)
    shutil.rmtree(first)
    assert views_stale(Warehouse(moved)) == f"its views were built for {first.resolve().as_posix()}"
    assert main(["query", TOP_SPEAKERS, "--warehouse", str(moved)]) == 0
    assert capsys.readouterr().out == expected
    assert views_stale(Warehouse(moved)) is None  # rebuilt in place, for every reader after
    assert main(["report", "--warehouse", str(moved), "-o", str(tmp_path / "report.html")]) == 0
    assert "Karen Donfried" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert main(["check", "--warehouse", str(moved)]) == 0
    if DUCKDB_CLI is not None:
        raw = subprocess.run(
            [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(moved / "presstables.duckdb"), "-c", TOP_SPEAKERS],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        assert raw.stdout.splitlines()[0].split(",")[0] == expected.splitlines()[2].split(" | ")[0].strip()


def test_a_copy_a_run_holds_answers_from_views_built_in_memory(seeds_warehouse: Path, tmp_path: Path) -> None:
    copy = Warehouse(tmp_path / "wh")
    shutil.copytree(seeds_warehouse, copy.root)
    database = copy.database.read_bytes()
    with copy.lock():
        con = connect(copy)
        try:
            assert views_folder(con) == copy.root.resolve().as_posix()
            assert fetch(con, TOP_SPEAKERS)[1] == rows_of(seeds_warehouse, TOP_SPEAKERS)
        finally:
            con.close()
    assert copy.database.read_bytes() == database  # the run rebuilds it when it commits


def test_a_read_only_copy_answers_from_views_built_in_memory(
    seeds_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Warehouse(tmp_path / "wh")
    shutil.copytree(seeds_warehouse, copy.root)
    database = copy.database.read_bytes()

    def read_only(self: Warehouse, timeout: float = 0.0, poll: float = 0.5) -> Iterator[None]:
        raise OSError(errno.EROFS, "Read-only file system", str(self.root / ".lock"))

    # A read-only mount refuses the lock file (chmod would not stop root, who runs CI).
    monkeypatch.setattr(Warehouse, "lock", read_only)
    assert rows_of(copy.root, TOP_SPEAKERS) == rows_of(seeds_warehouse, TOP_SPEAKERS)
    assert copy.database.read_bytes() == database


def test_only_the_database_copied_says_to_copy_the_folder(seeds_warehouse: Path, tmp_path: Path) -> None:
    store = Warehouse(tmp_path / "wh")
    store.root.mkdir()
    shutil.copy(seeds_warehouse / "presstables.duckdb", store.database)
    with pytest.raises(FileNotFoundError, match="has no catalog.json: copy the whole warehouse folder"):
        connect(store)
    assert sorted(p.name for p in store.root.iterdir()) == ["presstables.duckdb"]


def test_run_is_not_up_to_date_while_the_views_read_another_folder(seeds_warehouse: Path, tmp_path: Path) -> None:
    copy = Warehouse(tmp_path / "wh")
    shutil.copytree(seeds_warehouse, copy.root)
    paths = [seeds_warehouse.parent / "seeds"]
    version = pipeline_version(model_name())
    assert unchanged_summary(Warehouse(seeds_warehouse), catalogs.load(seeds_warehouse), paths, version) is not None
    assert unchanged_summary(copy, catalogs.load(copy.root), paths, version) is None
    connect(copy).close()  # rebuilds the views for the copy
    assert unchanged_summary(copy, catalogs.load(copy.root), paths, version) is not None
