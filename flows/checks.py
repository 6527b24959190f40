"""Data tests: SQL over the views that must return zero rows, and spans that slice back to their text.

Key, not-null and accepted-value tests are generated from `flows/schema.py`; the others are SQL
files in `sql/tests/`. A run tests the batches it parsed (`BATCH`, before it commits them: rows
that fail never reach the views) and the corpus-wide keys that are cheap to check (`GLOBAL`);
`presstables check` runs every test over the whole warehouse (`FULL`).

Spans are checked in Python, not with SQL `substr`: DuckDB finds a character offset by walking
the UTF-8 text from its start, so checking every span of a long document that way is quadratic in
its length; Python indexes a string in constant time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flows import schema, settings
from flows.catalog import Segment
from flows.views import fetch
from flows.warehouse import Warehouse

TESTS_SQL = settings.sql_dir() / "tests"
DOCUMENT_TABLES = ("sentences", "mentions", "statements", "sources")
BATCH_TABLES = ("documents", "sentences", "mentions", "statements")

SPANS = {
    "sentences": [("start_char", "end_char", "text")],
    "mentions": [("start_char", "end_char", "text")],
    "statements": [
        ("speaker_start", "speaker_end", "speaker"),
        ("cue_start", "cue_end", "cue"),
        ("content_start", "content_end", "content"),
    ],
}


@dataclass(frozen=True)
class CheckResult:
    name: str
    n_rows: int
    sample: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return self.n_rows == 0


def _sql_file(name: str, **names: str) -> str:
    text = (TESTS_SQL / f"{name}.sql").read_text(encoding="utf-8")
    for key, value in names.items():
        text = text.replace("{{ " + key + " }}", value)
    return text


@cache
def all_checks() -> dict[str, str]:
    """Every SQL data test by name: generated from the schema, then the files in sql/tests/."""
    checks: dict[str, str] = {}
    for table, key in schema.KEYS.items():
        cols = ", ".join(key)
        checks[f"{table}_key_unique"] = f"select {cols}, count(*) as n from {table} group by {cols} having count(*) > 1"
        declared = schema.VIEW_SCHEMAS.get(table)
        required = [f.name for f in declared if not f.nullable] if declared is not None else list(key)
        nulls = " or ".join(f"{c} is null" for c in dict.fromkeys([*key, *required]))
        checks[f"{table}_key_not_null"] = f"select * from {table} where {nulls}"
    for (table, column), values in schema.ACCEPTED.items():
        listed = ", ".join(f"'{value}'" for value in values)
        checks[f"{table}_{column}_accepted"] = f"select * from {table} where {column} not in ({listed})"
    for table in DOCUMENT_TABLES:
        checks[f"{table}_document_exists"] = _sql_file("document_exists", table=table)
    for path in sorted(TESTS_SQL.glob("*.sql")):
        if path.stem != "document_exists":
            checks[path.stem] = _sql_file(path.stem)
    return checks


# What a run tests: its own batches, row by row, and the corpus-wide keys.
BATCH = tuple(
    name for name in all_checks() if name.split("_")[0] in BATCH_TABLES and name not in ("sources_document_exists",)
)
GLOBAL = (
    "documents_key_unique",
    "sources_key_unique",
    "rejects_key_unique",
    "inputs_in_one_place",
    "sources_document_exists",
)


def run_checks(con: Any, names: Iterable[str] | None = None, sample_size: int = 5) -> list[CheckResult]:
    """Run the named SQL tests (all by default) on a connection whose views they read."""
    checks = all_checks()
    results = []
    for name in names if names is not None else checks:
        columns, rows = fetch(con, checks[name])
        sample = [dict(zip(columns, row)) for row in rows[:sample_size]]
        results.append(CheckResult(name, len(rows), sample))
    return results


def span_checks(texts: dict[str, str], rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows whose spans do not slice back to their text, by check name. `rows` yields (table,
    row) for documents in `texts`; each check costs the length of its span."""
    failures: dict[str, list[dict[str, Any]]] = {}
    for table, row in rows:
        text = texts.get(row["doc_id"])
        if text is None:
            continue
        for start, end, column in SPANS[table]:
            if row[start] is None:
                continue
            if row[end] < row[start] or row[end] > len(text) or text[row[start] : row[end]] != row[column]:
                sample = {"doc_id": row["doc_id"], start: row[start], end: row[end], column: row[column]}
                failures.setdefault(f"{table}_{column}_span_slices", []).append(sample)
    return failures


def span_results(failures: dict[str, list[dict[str, Any]]], sample_size: int = 5) -> list[CheckResult]:
    names = [f"{table}_{column}_span_slices" for table, spans in SPANS.items() for _, _, column in spans]
    return [CheckResult(name, len(failures.get(name, [])), failures.get(name, [])[:sample_size]) for name in names]


def span_rows(con: Any, where: str = "true") -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every span-carrying row the connection's views hold, filtered by `where`."""
    for table, spans in SPANS.items():
        columns = ["doc_id", *dict.fromkeys(c for span in spans for c in span)]
        reader = con.sql(f"select {', '.join(columns)} from {table} where {where}").to_arrow_reader()
        for batch in reader:
            for row in batch.to_pylist():
                yield table, row


def check_segments(store: Warehouse, segments: Sequence[Segment]) -> list[CheckResult]:
    """The `BATCH` tests on the rows of these segments alone, and their spans, a segment's text at
    a time."""
    from flows.state import define_files, scratch

    con = scratch()
    try:
        for table in BATCH_TABLES:
            define_files(con, store, table, table, [s.file(table) for s in segments])
        results = run_checks(con, BATCH)
        failures: dict[str, list[dict[str, Any]]] = {}
        for segment in segments:
            for table in BATCH_TABLES:
                define_files(con, store, table, table, [segment.file(table)])
            texts = dict(con.sql("select doc_id, text from documents").fetchall())
            for name, rows in span_checks(texts, span_rows(con)).items():
                failures.setdefault(name, []).extend(rows)
        return results + span_results(failures)
    finally:
        con.close()


def check_spans(con: Any, partitions: int = 1) -> list[CheckResult]:
    """Span tests over the connection's views, a partition of the documents at a time, so the
    texts held at once are a `partitions`-th of the corpus."""
    failures: dict[str, list[dict[str, Any]]] = {}
    for part in range(partitions):
        where = f"hash(doc_id) % {partitions} = {part}"
        texts = dict(con.sql(f"select doc_id, text from documents where {where}").fetchall())
        for name, rows in span_checks(texts, span_rows(con, where)).items():
            failures.setdefault(name, []).extend(rows)
        del texts
    return span_results(failures)
