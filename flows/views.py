"""Create or refresh the DuckDB views from `sql/`, one view per file, named after the file.

A view file reads raw Parquet through `{{ source('table') }}`, which becomes a `read_parquet` of
the files the catalog names for that table (absolute paths, so the database opens from any working
directory; never a glob, so a file being written is never read), and reads other views by name.
The database is built under a temporary name and renamed into place, so a reader never sees a
half-built set of views.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows import settings
from flows.catalog import Catalog
from flows.warehouse import EMPTY_FILE, Warehouse

SQL_DIR = settings.sql_dir()
# Files DuckDB CLIs from 1.4 on can open (the Python package writes a newer format by default).
STORAGE_VERSION = "v1.4.0"

_SOURCE = re.compile(r"\{\{\s*source\(\s*'([a-z_]+)'\s*\)\s*\}\}")


def sql_literal(value: str) -> str:
    """A string as a SQL literal: the only way a path ever enters SQL text."""
    return "'" + value.replace("'", "''") + "'"


def parquet_files(warehouse: Warehouse, files: Sequence[str], table: str) -> str:
    """SQL that reads the named files of a table (relative to the warehouse) after its empty file,
    which carries the schema: absolute paths, so it works from any directory."""
    paths = [warehouse.table_dir(table) / EMPTY_FILE, *(warehouse.path(name) for name in files)]
    listed = ", ".join(sql_literal(path.resolve().as_posix()) for path in paths)
    return f"read_parquet([{listed}])"


def parquet_source(warehouse: Warehouse, catalog: Catalog, table: str) -> str:
    """SQL that reads every file of a table that the catalog names."""
    return parquet_files(warehouse, catalog.table_files(table), table)


def view_sql(name: str, sql: str, warehouse: Warehouse, catalog: Catalog) -> str:
    body = _SOURCE.sub(lambda match: parquet_source(warehouse, catalog, match.group(1)), sql).strip().rstrip(";")
    return f'create or replace view "{name}" as\n{body}'


def view_files(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(sql_dir.glob("*.sql"))}


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
        pending = view_files(sql_dir)
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
        con.execute("checkpoint")
        con.execute("use memory")
        con.execute("detach wh")
    finally:
        con.close()
    os.replace(tmp, target)
    return created


def connect(warehouse: Warehouse, read_only: bool = True, threads: int | None = None):  # type: ignore[no-untyped-def]
    """The warehouse database. `threads` caps DuckDB's threads (default: one per core): each
    thread has its own scan and hash-table buffers, so fewer threads take less memory."""
    if not warehouse.database.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse.root}: run `presstables run` first")
    return connect_file(warehouse.database, read_only, threads)


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
