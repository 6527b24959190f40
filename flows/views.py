"""Create or refresh the DuckDB views from `sql/`, one view per file, named after the file.

A view file reads raw Parquet through `{{ source('table') }}`, which becomes a `read_parquet` of
the files the catalog names for that table (absolute paths, so the database opens from any working
directory; never a glob, so a file being written is never read), and reads other views by name.
Every view carries its file header (what it holds, grain and key) as its comment and every column
its description from `flows/schema.py`, so `duckdb_views()` and `duckdb_columns()` say what they
mean. The database is built under a temporary name and renamed into place, so a reader never sees
a half-built set of views.

Absolute paths name the folder the views were built in. `connect` checks that folder: on a
warehouse moved or copied elsewhere it rebuilds the views for the new folder (or, when it cannot
write there now, builds them in memory), so the copy answers queries.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows import settings
from flows.catalog import Catalog
from flows.schema import column_descriptions
from flows.warehouse import EMPTY_FILE, Warehouse

SQL_DIR = settings.sql_dir()
# Files DuckDB CLIs from 1.4 on can open (the Python package writes a newer format by default).
STORAGE_VERSION = "v1.4.0"

_SOURCE = re.compile(r"\{\{\s*source\(\s*'([a-z_]+)'\s*\)\s*\}\}")
# A table's empty file as a view names it: the folder the views were built in, then the table.
_EMPTY_FILE_LITERAL = re.compile(r"'((?:[^']|'')*)/[a-z_]+/" + re.escape(EMPTY_FILE) + "'")


def sql_literal(value: str) -> str:
    """A string as a SQL literal: the only way a path ever enters SQL text."""
    return "'" + value.replace("'", "''") + "'"


def parquet_files(warehouse: Warehouse, files: Sequence[str], table: str) -> str:
    """SQL that reads the named files of a table (relative to the warehouse) after its empty file,
    which carries the schema: absolute paths, so it works from any directory."""
    paths = [warehouse.table_dir(table) / EMPTY_FILE, *(warehouse.path(name) for name in files)]
    listed = ", ".join(sql_literal(path.resolve().as_posix()) for path in paths)
    # By name: files written before a column was added read it as null (their documents are
    # parsed again by the new pipeline version, and compaction drops the old rows).
    return f"read_parquet([{listed}], union_by_name = true)"


def parquet_source(warehouse: Warehouse, catalog: Catalog, table: str) -> str:
    """SQL that reads every file of a table that the catalog names."""
    return parquet_files(warehouse, catalog.table_files(table), table)


def view_sql(name: str, sql: str, warehouse: Warehouse, catalog: Catalog) -> str:
    body = _SOURCE.sub(lambda match: parquet_source(warehouse, catalog, match.group(1)), sql).strip().rstrip(";")
    return f'create or replace view "{name}" as\n{body}'


def view_files(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(sql_dir.glob("*.sql"))}


def view_description(sql: str) -> str:
    """A view file's header without its inputs: what the view holds, its grain and key."""
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line.removeprefix("--").strip())
    text = " ".join(header).split(" inputs:")[0].strip()
    name, sep, rest = text.partition(": ")
    return rest if sep and re.fullmatch(r"[a-z_]+", name) else text


def create_views(con, warehouse: Warehouse, catalog: Catalog, sql_dir: Path = SQL_DIR) -> list[str]:  # type: ignore[no-untyped-def]
    """Create every view in the connection's current database, each with its comments. Returns
    the view names."""
    import duckdb

    files = view_files(sql_dir)
    pending = dict(files)
    created: list[str] = []
    # Views read other views: create them in dependency order by retrying those that fail
    # until no progress is made.
    while pending:
        errors: dict[str, Exception] = {}
        before = len(pending)
        for name, sql in list(pending.items()):
            try:
                con.execute(view_sql(name, sql, warehouse, catalog))
            except (duckdb.CatalogException, duckdb.BinderException) as exc:
                errors[name] = exc
                continue
            created.append(name)
            del pending[name]
        if len(pending) == before:
            details = "; ".join(f"{name}: {exc}" for name, exc in errors.items())
            raise RuntimeError(f"could not create views: {details}")
    comment_views(con, {name: view_description(sql) for name, sql in files.items()})
    return created


def comment_views(con, descriptions: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Each view's description and each column's (from the schema) as DuckDB comments, in one
    batch of statements."""
    columns = con.sql(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = current_database() and schema_name = current_schema()"
    ).fetchall()
    statements = [f'comment on view "{view}" is {sql_literal(text)}' for view, text in descriptions.items() if text]
    for view, column in columns:
        text = column_descriptions(view).get(column)
        if text:
            statements.append(f'comment on column "{view}"."{column}" is {sql_literal(text)}')
    if statements:
        con.execute("begin;\n" + ";\n".join(statements) + ";\ncommit")


def publish_views(
    warehouse: Warehouse,
    catalog: Catalog,
    sql_dir: Path = SQL_DIR,
    threads: int | None = None,
    target: Path | None = None,
) -> list[str]:
    """Build the database with every view, then swap it into place (at `target`, by default the
    warehouse's database). Returns the view names. `threads` caps DuckDB's threads."""
    import duckdb

    target = target or warehouse.database
    tmp = target.with_name(f".tmp-{target.name}")
    tmp.unlink(missing_ok=True)
    Path(f"{tmp}.wal").unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"set threads = {int(threads)}")
        con.execute(f"attach {sql_literal(str(tmp))} as wh (storage_version {sql_literal(STORAGE_VERSION)})")
        con.execute("use wh")
        created = create_views(con, warehouse, catalog, sql_dir)
        con.execute("checkpoint")
        con.execute("use memory")
        con.execute("detach wh")
    finally:
        con.close()
    os.replace(tmp, target)
    return created


def views_folder(con) -> str | None:  # type: ignore[no-untyped-def]
    """The warehouse folder whose files the connection's views read (None when they read none)."""
    rows = con.sql(
        "select sql from duckdb_views() where database_name = current_database() and not internal"
    ).fetchall()
    for (sql,) in rows:
        match = _EMPTY_FILE_LITERAL.search(sql or "")
        if match:
            return match.group(1).replace("''", "'")
    return None


def stale_views(con, warehouse: Warehouse) -> str | None:  # type: ignore[no-untyped-def]
    """Why the views of a warehouse's database cannot serve it as they are, or None when they can:
    built in another folder (the warehouse was moved or copied), or without their comments (by
    an earlier presstables)."""
    folder = views_folder(con)
    if folder is not None and folder != warehouse.root.resolve().as_posix():
        return f"its views were built for {folder}"
    described = con.sql(
        "select count(*) from duckdb_views() "
        "where database_name = current_database() and not internal and comment is not null"
    ).fetchall()[0][0]
    if not described:
        return "its views have no descriptions"
    return None


def views_stale(warehouse: Warehouse) -> str | None:
    """Why the warehouse's views database cannot serve it as it is (see `stale_views`)."""
    con = connect_file(warehouse.database)
    try:
        return stale_views(con, warehouse)
    finally:
        con.close()


def connect(warehouse: Warehouse, read_only: bool = True, threads: int | None = None):  # type: ignore[no-untyped-def]
    """The warehouse database. `threads` caps DuckDB's threads (default: one per core): each
    thread has its own scan and hash-table buffers, so fewer threads take less memory.

    Views built for another folder (a moved or copied warehouse) or by an earlier presstables are
    rebuilt first; when the warehouse cannot be written now (a read-only copy, or a run holds it),
    the connection gets views built in memory instead."""
    if not warehouse.database.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse.root}: run `presstables run` first")
    con = connect_file(warehouse.database, read_only, threads)
    reason = stale_views(con, warehouse)
    if reason is None:
        return con
    con.close()
    from flows.publishing import refresh_views

    if refresh_views(warehouse, reason):
        return connect_file(warehouse.database, read_only, threads)
    return connect_in_memory(warehouse, threads)


def connect_in_memory(warehouse: Warehouse, threads: int | None = None):  # type: ignore[no-untyped-def]
    """An in-memory database with the views of the warehouse's committed catalog."""
    import duckdb

    from flows import catalog as catalogs

    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"set threads = {int(threads)}")
        create_views(con, warehouse, catalogs.load(warehouse.root))
    except BaseException:
        con.close()
        raise
    return con


def connect_file(path: Path, read_only: bool = True, threads: int | None = None, memory: str | None = None):  # type: ignore[no-untyped-def]
    import duckdb

    con = duckdb.connect(str(path), read_only=read_only)
    if threads:
        con.execute(f"set threads = {int(threads)}")
    if memory:
        con.execute(f"set memory_limit = {sql_literal(memory)}")
    return con


def fetch(con, sql: str, params: list[Any] | dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:  # type: ignore[no-untyped-def]
    """Column names and all rows of a query."""
    rel = con.sql(sql, params=params) if params else con.sql(sql)
    if rel is None:
        return [], []
    return list(rel.columns), rel.fetchall()


def describe_views(con) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    """Each view of the connection's database with its comment (what it holds, grain, key)."""
    return con.sql(
        "select view_name, comment from duckdb_views() "
        "where database_name = current_database() and not internal order by view_name"
    ).fetchall()


def describe_columns(con, view: str) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """Each column of a view with its type and comment, in the view's order."""
    return con.sql(
        "select column_name, data_type, comment from duckdb_columns() "
        "where database_name = current_database() and not internal and table_name = $view order by column_index",
        params={"view": view},
    ).fetchall()
