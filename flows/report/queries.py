"""The report's SQL: one file per query in `sql/report/`, with the header style of the views.

A query's `{{ name }}` placeholders are filled with checked values (whole numbers, a period
unit), so the SQL a section shows is the SQL that ran, ready to paste into `presstables query`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flows import settings
from flows.views import fetch

REPORT_SQL = settings.sql_dir() / "report"
UNITS = ("day", "week", "month", "year")


@cache
def _text(name: str) -> str:
    return (REPORT_SQL / f"{name}.sql").read_text(encoding="utf-8")


def sql(name: str, **values: int | str) -> str:
    """The query `name` with its placeholders filled."""
    text = _text(name)
    for key, value in values.items():
        if isinstance(value, str) and value not in UNITS:
            raise ValueError(f"{key}={value!r} is not a period unit")
        text = text.replace("{{ " + key + " }}", str(int(value) if not isinstance(value, str) else value))
    return text.strip()


def run(con: Any, name: str, **values: int | str) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    """The query's SQL, column names and rows."""
    text = sql(name, **values)
    columns, rows = fetch(con, text)
    return text, columns, rows
