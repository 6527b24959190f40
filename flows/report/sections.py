"""The report's sections: each runs its query from `sql/report/` and draws its chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flows.report.charts import (
    BAR_COLOUR,
    KIND_COLOURS,
    PALETTE,
    _fmt,
    _period_label,
    _short,
    column_chart,
    flow_chart,
    hbar_chart,
    heatmap,
    tiles_html,
)
from flows.report.queries import run


@dataclass
class Section:
    """One chart of the report, with the numbers and the SQL behind it."""

    key: str
    title: str
    intro: str
    sql: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    chart: str = ""  # SVG or HTML; empty when there is nothing to draw
    empty: str = ""  # why there is no chart
    hidden_columns: set[str] = field(default_factory=set)


# --- queries -------------------------------------------------------------------------------------


def collect_sections(con: Any, top: int = 15) -> list[Section]:
    """Run the report's queries and draw its charts."""
    sections = [
        overview_section(con),
        speakers_section(con, top),
        who_about_whom_section(con, top),
        over_time_section(con),
        cooccurrence_section(con, min(top, 15)),
        entities_section(con, top),
        labels_section(con),
        repeated_quotations_section(con, top),
        speaker_timeline_section(con, min(top, len(PALETTE))),
    ]
    return sections


def overview_section(con: Any) -> Section:
    sql, columns, rows = run(con, "overview")
    values = dict(zip(columns, rows[0])) if rows else {}
    tiles = [
        ("documents", values.get("documents")),
        ("sentences", values.get("sentences")),
        ("entity mentions", values.get("mentions")),
        ("entities", values.get("entities")),
        ("statements", values.get("statements")),
        ("speakers", values.get("speakers")),
        ("inputs", values.get("inputs")),
        ("rejected inputs", values.get("rejected_inputs")),
    ]
    dated = values.get("dated_documents") or 0
    if dated:
        span = f"{dated} dated documents, {_fmt(values.get('first_published'))} to {_fmt(values.get('last_published'))}"
    else:
        span = "no document has a publication date"
    return Section(
        key="overview",
        title="Corpus overview",
        intro=f"What the warehouse holds; {span}.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=tiles_html(tiles),
    )


def speakers_section(con: Any, top: int) -> Section:
    sql, columns, rows = run(con, "speakers", top=top)
    chart = ""
    if rows:
        labels = [str(r[0]) for r in rows]
        series = [
            ("direct", [float(r[3]) for r in rows], KIND_COLOURS["direct"]),
            ("mixed", [float(r[4]) for r in rows], KIND_COLOURS["mixed"]),
            ("indirect", [float(r[5]) for r in rows], KIND_COLOURS["indirect"]),
        ]
        notes = [f"{r[1]} in {r[2]} doc{'s' if r[2] != 1 else ''}" for r in rows]
        chart = hbar_chart(labels, series, notes, title="Statements per speaker, by kind")
    return Section(
        key="speakers",
        title="Top speakers",
        intro="Who is quoted most: statements attributed to each resolved speaker, split by kind "
        "(direct quotation, mixed, indirect speech), and in how many documents.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no statement has a speaker",
    )


def who_about_whom_section(con: Any, top: int) -> Section:
    sql, columns, rows = run(con, "who_about_whom", links=int(top) * 2)
    chart = ""
    if rows:
        chart = flow_chart([(str(r[0]), str(r[1]), float(r[2])) for r in rows], title="Speaker to mentioned entity")
    return Section(
        key="who-about-whom",
        title="Who talks about whom",
        intro="Each link joins a speaker to an entity named in what they said; its width is the number of statements.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no statement mentions an entity",
    )


def time_unit(first: dt.date | None, last: dt.date | None) -> str:
    """The period to count statements by: days for a short span, then weeks, months, years."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 45:
        return "day"
    if days <= 366:
        return "week"
    if days <= 366 * 6:
        return "month"
    return "year"


def over_time_section(con: Any) -> Section:
    _, _, bounds = run(con, "date_range")
    first, last, n_dated, n_docs = bounds[0] if bounds else (None, None, 0, 0)
    unit = time_unit(first, last)
    sql, columns, rows = run(con, "over_time", unit=unit)
    chart = ""
    if rows:
        periods = [_period_label(r[0], unit) for r in rows]
        series = [
            ("direct", [float(r[2]) for r in rows], KIND_COLOURS["direct"]),
            ("mixed", [float(r[3]) for r in rows], KIND_COLOURS["mixed"]),
            ("indirect", [float(r[4]) for r in rows], KIND_COLOURS["indirect"]),
        ]
        chart = column_chart(periods, series, title=f"Statements per {unit}")
    undated = (n_docs or 0) - (n_dated or 0)
    intro = f"Statements per {unit} of their document's publication date."
    if undated:
        intro += f" {undated} of {n_docs} documents have no date and are left out."
    return Section(
        key="over-time",
        title="Statements over time",
        intro=intro,
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no document with statements has a publication date (documents.published)",
    )


def cooccurrence_section(con: Any, top: int) -> Section:
    sql, columns, rows = run(con, "cooccurrence", top=top)
    chart = ""
    if rows:
        weights: dict[str, tuple[float, str]] = {}
        for name_a, name_b, _, _, weight_a, weight_b, id_a, id_b in rows:
            weights[id_a] = (float(weight_a), str(name_a))
            weights[id_b] = (float(weight_b), str(name_b))
        order = sorted(weights, key=lambda e: (-weights[e][0], weights[e][1], e))
        names = [weights[e][1] for e in order]
        index = {e: i for i, e in enumerate(order)}
        matrix = [[0.0] * len(order) for _ in order]
        for _, _, n, _, _, _, id_a, id_b in rows:
            matrix[index[id_a]][index[id_b]] = matrix[index[id_b]][index[id_a]] = float(n)
        chart = heatmap(names, matrix, title="Sentences naming both entities")
    return Section(
        key="cooccurrence",
        title="Entity co-occurrence",
        intro="How often two entities are named in the same sentence, for the entities with the most "
        "co-occurrences (view `entity_cooccurrence`).",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no sentence names two entities",
        hidden_columns={"entity_id_a", "entity_id_b"},
    )


def entities_section(con: Any, top: int) -> Section:
    sql, columns, rows = run(con, "entities", top=top)
    chart = ""
    if rows:
        labels = [f"{r[0]} ({r[1]})" for r in rows]
        notes = [f"{r[2]} in {r[3]} doc{'s' if r[3] != 1 else ''}" for r in rows]
        chart = hbar_chart(
            labels, [("mentions", [float(r[2]) for r in rows], BAR_COLOUR)], notes, title="Mentions per entity"
        )
    return Section(
        key="entities",
        title="Most mentioned entities",
        intro="Entities by number of mentions across the corpus, with their label.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no entity mentions",
    )


def labels_section(con: Any) -> Section:
    sql, columns, rows = run(con, "labels")
    chart = ""
    if rows:
        notes = [f"{r[1]} ({r[2]} entities)" for r in rows]
        chart = hbar_chart(
            [str(r[0]) for r in rows],
            [("mentions", [float(r[1]) for r in rows], BAR_COLOUR)],
            notes,
            title="Mentions per label",
        )
    return Section(
        key="labels",
        title="Entity mentions by label",
        intro="People (PERSON), organisations (ORG), places (GPE, LOC), groups (NORP) and the rest.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no entity mentions",
    )


def repeated_quotations_section(con: Any, top: int) -> Section:
    sql, columns, rows = run(con, "repeated_quotations", top=top)
    chart = ""
    if rows:
        labels = [f"{r[0] or 'unattributed'}: “{_short(str(r[1]), 60)}”" for r in rows]
        notes = [
            f"{r[2]} docs, {r[3]} source{'s' if r[3] != 1 else ''}"
            + (f", from {_fmt(r[5])}" if r[5] else "")
            + (f", {r[6]} speakers" if r[6] and r[6] > 1 else "")
            for r in rows
        ]
        chart = hbar_chart(
            labels, [("documents", [float(r[2]) for r in rows], BAR_COLOUR)], notes, title="Documents per quotation"
        )
    return Section(
        key="repeated-quotations",
        title="Most repeated quotations",
        intro="The remarks the most documents repeat (view `quotations`: the same words up to marks, case and "
        "trimming), with the speaker chosen across them, the publishers, the first date, and the speakers "
        "when outlets disagree.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no quotation is repeated by two documents",
        hidden_columns={"quotation_id"},
    )


def speaker_timeline_section(con: Any, speakers: int) -> Section:
    """Weeks, or months when the dated documents span more than two years (a weekly chart of
    years of news is too thin to read)."""
    _, _, bounds = run(con, "date_range")
    first, last = bounds[0][:2] if bounds else (None, None)
    unit = "month" if first is not None and last is not None and (last - first).days > 2 * 366 else "week"
    sql, columns, rows = run(con, "speaker_timeline", speakers=speakers, unit=unit)
    chart = ""
    if rows:
        weeks = sorted({r[0] for r in rows})
        names = list(dict.fromkeys(str(r[1]) for r in rows))  # the query orders them by statements
        counts = {(r[0], str(r[1])): float(r[2]) for r in rows}
        series = [
            (name, [counts.get((week, name), 0.0) for week in weeks], PALETTE[i % len(PALETTE)])
            for i, name in enumerate(names)
        ]
        chart = column_chart([_period_label(w, unit) for w in weeks], series, title=f"Statements per {unit}")
    return Section(
        key="speaker-timeline",
        title="Speaker timeline",
        intro=f"Statements per {unit} of their document's publication date, for the most quoted speakers "
        "(by months when the documents span more than two years); documents without a date are left out.",
        sql=sql,
        columns=columns,
        rows=rows,
        chart=chart,
        empty="no statement with a speaker is in a dated document",
        hidden_columns={"n_total"},
    )
