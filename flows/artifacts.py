"""The run summary as a Prefect markdown artifact, so each flow run shows what it did in the UI.

`run_markdown` is a plain function of the run summary; `publish_run_artifact` hands it to Prefect
under one key per warehouse, so the UI keeps every run's summary as a version of one artifact.
Publishing is reporting, not work: when it fails the run goes on, with a warning.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

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


def artifact_key(warehouse: str) -> str:
    """One artifact key per warehouse folder: lowercase letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(warehouse).name.lower()).strip("-") or "warehouse"
    return f"presstables-{slug}"[:64]


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


def publish_run_artifact(
    summary: Mapping[str, Any],
    top_speakers: Sequence[Mapping[str, Any] | Sequence[Any]] = (),
    checks: Sequence[Any] | None = None,
    timings: Mapping[str, float] | None = None,
    key: str | None = None,
) -> UUID | None:
    """Create the run's markdown artifact (in the current flow run, if any); returns its id.

    Returns None, with a warning, when Prefect cannot take the artifact: the run's work is done
    and stays done either way.
    """
    from prefect.artifacts import create_markdown_artifact

    markdown = run_markdown(summary, top_speakers, checks, timings)
    warehouse = str(summary.get("warehouse", "warehouse"))
    try:
        return create_markdown_artifact(  # type: ignore[return-value]
            markdown=markdown,
            key=key or artifact_key(warehouse),
            description=f"presstables run summary for {warehouse}",
        )
    except Exception as exc:  # reporting must not fail a run that has done its work
        _logger().warning("could not publish the run artifact: %s: %s", type(exc).__name__, exc)
        return None


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("presstables")
