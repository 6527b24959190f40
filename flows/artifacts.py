"""What a run did, and how far its parse is, as Prefect artifacts the UI shows with the flow run.

- The run summary as markdown (`run_markdown`) and as a table of one row (`summary_row`), each
  under one key per warehouse, so the UI keeps every run's summary as a version of one artifact
  (and the table's versions line up as the warehouse's history).
- A progress artifact for the parse (`ParseProgressArtifact`): created when parsing starts,
  updated every few seconds with the terminal's progress line, at 100% when parsing ends.

Publishing is reporting, not work: when it fails the run goes on, with a warning.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from flows.progress import Progress

SPEAKER_COLUMNS = ("speaker_name", "n_statements", "n_documents", "n_direct", "n_mixed", "n_indirect")
INPUT_COUNTS = ("new", "changed", "unchanged", "removed", "rejected", "parsed")


def top_speakers(warehouse: Any, limit: int = 10, doc_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The most quoted speakers in a warehouse (a `Warehouse` or its folder), as row dicts; with
    `doc_ids`, in those documents only (a run's artifact shows the documents it parsed, so its
    cost follows the run, not the warehouse)."""
    from flows import settings
    from flows.state import doc_filter
    from flows.views import connect_file, fetch
    from flows.warehouse import Warehouse

    store = warehouse if isinstance(warehouse, Warehouse) else Warehouse(Path(warehouse))
    if not store.database.exists():
        raise FileNotFoundError(f"no warehouse at {store.root}: run `presstables run` first")
    if doc_ids is not None and not doc_ids:
        return []
    con = connect_file(store.database, threads=settings.CORPUS_SCAN_THREADS, memory=settings.CORPUS_STEP_MEMORY)
    try:
        where = doc_filter(doc_ids) if doc_ids is not None else ""
        con.execute(f"create temp view chosen_statements as select * from statements {where}")
        sql = (settings.sql_dir() / "report" / "top_speakers.sql").read_text(encoding="utf-8")
        columns, rows = fetch(con, sql, {"limit": int(limit)})
    finally:
        con.close()
    return [dict(zip(columns, row)) for row in rows]


def artifact_key(warehouse: str, kind: str = "") -> str:
    """One artifact key per warehouse folder and kind (the markdown summary has none): lowercase
    letters, digits and dashes, at most 64 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(warehouse).name.lower()).strip("-") or "warehouse"
    return _kind_of(f"presstables-{slug}", kind)


def _kind_of(key: str, kind: str) -> str:
    suffix = f"-{kind}" if kind else ""
    return key[: 64 - len(suffix)].rstrip("-") + suffix


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _speaker_row(speaker: Mapping[str, Any] | Sequence[Any]) -> list[Any]:
    if isinstance(speaker, Mapping):
        return [speaker.get(c) for c in SPEAKER_COLUMNS]
    return list(speaker) + [None] * (len(SPEAKER_COLUMNS) - len(speaker))


def run_markdown(
    summary: Mapping[str, Any],
    top_speakers: Sequence[Mapping[str, Any] | Sequence[Any]] = (),
    checks: Sequence[Any] | None = None,
    timings: Mapping[str, float] | None = None,
) -> str:
    """The markdown of a run: inputs, rows per table, top speakers, data tests, seconds per stage.

    `checks` are the data-test results (objects with `name` and `n_rows`, like
    `checks.CheckResult`); without them only the failed checks named in the summary are listed.
    `timings` default to the summary's `seconds`.
    """
    failed = list(summary.get("failed_checks") or [])
    lines = [f"# presstables run: `{summary.get('warehouse', '')}`", ""]
    verdict = "data tests failed" if failed else "all data tests passed"
    lines += [
        ", ".join(f"**{summary.get(k, 0)}** {k}" for k in INPUT_COUNTS[:5])
        + f"; {summary.get('parsed', 0)} documents parsed; {verdict}.",
        "",
        "## Documents",
        "",
    ]
    lines += _table(INPUT_COUNTS, [[summary.get(k, 0) for k in INPUT_COUNTS]])
    reasons = summary.get("rejects_by_reason") or {}
    if reasons:
        lines += ["", "Rejected inputs by reason (see the `rejects` view):", ""]
        lines += _table(("reason", "inputs"), sorted(reasons.items()))

    lines += ["", "## Rows per table", ""]
    lines += _table(("table", "rows"), [(t, f"{n:,}") for t, n in (summary.get("rows") or {}).items()])

    lines += ["", "## Top speakers in the documents this run parsed", ""]
    if top_speakers:
        header = ("speaker", "statements", "documents", "direct", "mixed", "indirect")
        lines += _table(header, [_speaker_row(s) for s in top_speakers])
    else:
        lines.append("No attributed statements in the documents this run parsed (see the `speakers` view).")

    lines += ["", "## Data tests", ""]
    if checks is not None:
        n_passed = sum(1 for c in checks if c.n_rows == 0)
        lines.append(f"{n_passed} of {len(checks)} passed (a data test passes when its SQL returns zero rows).")
        lines.append("")
        lines += _table(
            ("check", "result", "rows"), [(c.name, "pass" if c.n_rows == 0 else "FAIL", c.n_rows) for c in checks]
        )
    elif failed:
        lines += _table(("check", "result"), [(name, "FAIL") for name in failed])
    else:
        lines.append("All passed.")

    lines += ["", "## Seconds per stage", ""]
    seconds = timings if timings is not None else (summary.get("seconds") or {})
    lines += _table(("stage", "seconds"), [(stage, f"{float(s):.2f}") for stage, s in seconds.items()])
    return "\n".join(lines) + "\n"


def summary_row(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The run summary as one table row: inputs, data tests, rows per table, seconds per stage."""
    row: dict[str, Any] = {"warehouse": summary.get("warehouse", "")}
    row.update({k: summary.get(k, 0) for k in INPUT_COUNTS})
    row["failed_documents"] = summary.get("failed_documents", 0)
    failed = list(summary.get("failed_checks") or [])
    row["data_tests"] = "failed: " + ", ".join(failed) if failed else "passed"
    row.update({f"rows_{table}": n for table, n in (summary.get("rows") or {}).items()})
    row.update({f"seconds_{stage}": round(float(s), 2) for stage, s in (summary.get("seconds") or {}).items()})
    return row


def publish_run_artifact(
    summary: Mapping[str, Any],
    top_speakers: Sequence[Mapping[str, Any] | Sequence[Any]] = (),
    checks: Sequence[Any] | None = None,
    timings: Mapping[str, float] | None = None,
    key: str | None = None,
) -> UUID | None:
    """Create the run's artifacts (in the current flow run, if any): the markdown summary, whose id
    is returned, and the summary table (under the key with `-summary`).

    An artifact Prefect cannot take is left out with a warning (None for the markdown): the run's
    work is done and stays done either way.
    """
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    warehouse = str(summary.get("warehouse", "warehouse"))
    key = key or artifact_key(warehouse)
    try:
        create_table_artifact(
            table=[summary_row(summary)],
            key=_kind_of(key, "summary"),
            description=f"presstables run summary for {warehouse}, as a table",
        )
    except Exception as exc:  # reporting must not fail a run that has done its work
        _warn("the run summary table", exc)
    try:
        return create_markdown_artifact(  # type: ignore[return-value]
            markdown=run_markdown(summary, top_speakers, checks, timings),
            key=key,
            description=f"presstables run summary for {warehouse}",
        )
    except Exception as exc:
        _warn("the run artifact", exc)
        return None


# Seconds between two updates of the parse's progress artifact: each is a request to the API.
PROGRESS_UPDATE_SECONDS = 5.0


class ParseProgressArtifact:
    """The parse's progress as a Prefect progress artifact, fed by `flows.progress.Progress`.

    It is created when parsing starts, updated at most every `every` seconds (the description is
    the terminal's progress line) and when parsing ends. Outside a flow run it does nothing; when
    Prefect cannot take it, it warns once and stops.
    """

    def __init__(self, warehouse: str, every: float = PROGRESS_UPDATE_SECONDS):
        self.key = artifact_key(warehouse, "parse")
        self.warehouse = warehouse
        self.every = every
        self.artifact_id: UUID | None = None
        self._updated = 0.0

    def start(self, progress: Progress) -> None:
        from prefect.artifacts import create_progress_artifact
        from prefect.context import FlowRunContext

        if FlowRunContext.get() is None:
            return
        try:
            self.artifact_id = create_progress_artifact(  # type: ignore[assignment]
                progress=0.0,
                key=self.key,
                description=f"parsing {progress.total_docs:,} documents into {self.warehouse}",
            )
        except Exception as exc:
            _warn("the parse's progress artifact", exc)
        self._updated = time.perf_counter()

    def update(self, progress: Progress) -> None:
        now = time.perf_counter()
        if self.artifact_id is not None and now - self._updated >= self.every:
            self._send(progress, now)

    def close(self, progress: Progress) -> None:
        if self.artifact_id is not None:
            self._send(progress, time.perf_counter())

    def _send(self, progress: Progress, now: float) -> None:
        from prefect.artifacts import update_progress_artifact

        self._updated = now
        assert self.artifact_id is not None
        try:
            update_progress_artifact(
                self.artifact_id, 100.0 * progress.share, description=progress.line(now - progress.started).strip()
            )
        except Exception as exc:
            _warn("the parse's progress artifact", exc)
            self.artifact_id = None


def _warn(what: str, exc: Exception) -> None:
    _logger().warning("could not publish %s: %s: %s", what, type(exc).__name__, exc)


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("presstables")
