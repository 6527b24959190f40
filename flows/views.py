"""Create or refresh the DuckDB views from `sql/`, one view per file, named after the file.

A view file reads raw Parquet through `{{ source('table') }}`, which becomes a `read_parquet` of
that table's folder (an absolute path, so the database opens from any working directory), and
reads other views by name. The database is built under a temporary name and renamed into place,
so a reader never sees a half-built set of views.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from flows.warehouse import DATABASE, Warehouse

SQL_DIR = Path(os.environ.get("PRESSTABLES_SQL_DIR", Path(__file__).resolve().parent.parent / "sql"))
# Files DuckDB CLIs from 1.4 on can open (the Python package writes a newer format by default).
STORAGE_VERSION = "v1.4.0"

_SOURCE = re.compile(r"\{\{\s*source\(\s*'([a-z_]+)'\s*\)\s*\}\}")


def sql_literal(value: str) -> str:
    """A string as a SQL literal: the only way a path ever enters SQL text."""
    return "'" + value.replace("'", "''") + "'"


def parquet_source(warehouse: Warehouse, table: str, pattern: str = "*.parquet") -> str:
    """SQL that reads a table's Parquet files: an absolute path, so it works from any directory."""
    files = (warehouse.table_dir(table).resolve() / pattern).as_posix()
    return f"read_parquet({sql_literal(files)}, union_by_name = true)"


def view_sql(name: str, sql: str, warehouse: Warehouse) -> str:
    body = _SOURCE.sub(lambda match: parquet_source(warehouse, match.group(1)), sql).strip().rstrip(";")
    return f'create or replace view "{name}" as\n{body}'


def view_files(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(sql_dir.glob("*.sql"))}


def publish_views(warehouse: Warehouse, sql_dir: Path = SQL_DIR, threads: int | None = None) -> list[str]:
    """Build the database with every view, then swap it into place. Returns the view names.
    `threads` caps DuckDB's threads (default: one per core)."""
    import duckdb

    target = warehouse.database
    tmp = target.with_name(f".tmp-{DATABASE}")
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
                    con.execute(view_sql(name, sql, warehouse))
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
    import duckdb

    if not warehouse.database.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse.root}: run `presstables run` first")
    con = duckdb.connect(str(warehouse.database), read_only=read_only)
    if threads:
        con.execute(f"set threads = {int(threads)}")
    return con


def fetch(con, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:  # type: ignore[no-untyped-def]
    """Column names and all rows of a query."""
    rel = con.sql(sql, params=params) if params else con.sql(sql)
    if rel is None:
        return [], []
    return list(rel.columns), rel.fetchall()
