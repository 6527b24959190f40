"""Docs that cannot rot: every view, table column and command is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows import schema
from flows.views import view_files

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("view", sorted(view_files()))
def test_every_view_is_described_in_the_readme(view: str) -> None:
    assert re.search(rf"^\| `{view}` \|", README, re.MULTILINE), f"README has no row for view {view}"


@pytest.mark.parametrize(
    ("table", "column"),
    [
        (t, f.name)
        for t, s in schema.VIEW_SCHEMAS.items()
        for f in s
        if f.name not in schema.INTERNAL_COLUMNS or (t, f.name) == ("documents", "batch_id")
    ],
)
def test_every_column_is_in_the_readme(table: str, column: str) -> None:
    row = re.search(rf"^\| `{table}` \|.*$", README, re.MULTILINE)
    assert row is not None
    assert f"`{column}`" in row.group(0) or column in ("doc_id",), f"{table}.{column} missing from README"


@pytest.mark.parametrize("view", sorted(view_files()))
def test_every_view_file_has_a_header(view: str) -> None:
    sql = view_files()[view]
    assert sql.startswith(f"-- {view}:"), "a view file starts with '-- <name>: <what it holds>'"
    assert "grain:" in sql


def test_readme_quickstart_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci and "make test" in README and "make run" in README
