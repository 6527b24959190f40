"""docs/examples.md cannot rot: each query runs against a warehouse built from seeds/ and must
print exactly the output the page shows. `--format parquet` writes what the query returns.

`python tests/test_examples.py [WAREHOUSE]` rewrites the page's outputs from a warehouse built
from seeds/ (default: warehouse/), after a change to the extractors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.cli import format_rows, main
from flows.views import connect, fetch
from flows.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples.md"
# A ```sql block, then (after prose, if any) the ```text block holding its output.
EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n\n```text\n(?P<output>.*?)```", re.DOTALL)


def examples(page: str) -> list[tuple[str, str]]:
    return [(m.group("sql").strip(), m.group("output").rstrip("\n")) for m in EXAMPLE.finditer(page)]


def example_ids(page: str) -> list[str]:
    """Each example's heading (the `## ` line above its SQL), for test ids."""
    ids = []
    for m in EXAMPLE.finditer(page):
        headings = [line[3:] for line in page[: m.start()].splitlines() if line.startswith("## ")]
        ids.append(headings[-1] if headings else f"example {len(ids) + 1}")
    return ids


def unpadded(text: str) -> str:
    """A table without the trailing spaces that pad its last column (editors strip them)."""
    return "\n".join(line.rstrip() for line in text.splitlines())


def output_of(warehouse: Path, sql: str) -> str:
    con = connect(Warehouse(warehouse))
    try:
        columns, rows = fetch(con, sql)
    finally:
        con.close()
    return format_rows(columns, rows, "table")


def rewrite(page: str, warehouse: Path) -> str:
    def fill(match: re.Match[str]) -> str:
        sql = match.group("sql")
        return f"```sql\n{sql}```\n\n```text\n{unpadded(output_of(warehouse, sql.strip()))}\n```"

    return EXAMPLE.sub(fill, page)


PAGE = EXAMPLES.read_text(encoding="utf-8")


def test_the_page_has_examples_with_outputs() -> None:
    found = examples(PAGE)
    assert len(found) >= 8
    assert all(output.endswith("row)") or output.endswith("rows)") for _, output in found)


@pytest.mark.parametrize(("sql", "expected"), examples(PAGE), ids=example_ids(PAGE))
def test_example_output_is_what_the_page_shows(seeds_warehouse: Path, sql: str, expected: str) -> None:
    assert unpadded(output_of(seeds_warehouse, sql)) == unpadded(expected), (
        "run `python tests/test_examples.py` to refresh docs/examples.md"
    )


def test_query_writes_parquet(seeds_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    sql = "select speaker_name, n_statements from speakers order by n_statements desc, speaker_name"
    output = tmp_path / "out" / "speakers.parquet"
    assert main(["query", sql, "--warehouse", str(seeds_warehouse), "--format", "parquet", "-o", str(output)]) == 0
    table = pq.read_table(output)
    con = connect(Warehouse(seeds_warehouse))
    try:
        columns, rows = fetch(con, sql)
    finally:
        con.close()
    assert table.column_names == columns
    assert [tuple(r.values()) for r in table.to_pylist()] == rows
    assert f"wrote {len(rows)} rows" in capsys.readouterr().err
    assert not list(output.parent.glob(".tmp-*"))


def test_check_runs_every_data_test_and_says_so(seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.checks import all_checks

    assert main(["check", "--warehouse", str(seeds_warehouse)]) == 0
    out = capsys.readouterr().out
    assert "sentences_text_span_slices" in out and "statements_key_unique" in out
    n = len(all_checks()) + 5 + 7  # the SQL tests, the span tests, the row counts of seven views
    assert out.strip().endswith(f"{n} of {n} data tests passed")


def test_parquet_needs_an_output_path(seeds_warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "select 1", "--warehouse", str(seeds_warehouse), "--format", "parquet"]) == 2
    assert "-o/--output" in capsys.readouterr().err


if __name__ == "__main__":
    import sys

    warehouse = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "warehouse"
    EXAMPLES.write_text(rewrite(EXAMPLES.read_text(encoding="utf-8"), warehouse), encoding="utf-8")
    print(f"rewrote {EXAMPLES.relative_to(ROOT)} from {warehouse}")
