"""A self-contained HTML report of the warehouse: what the corpus says, at a glance.

One file, no network: the charts are SVG drawn here, the only script is a few lines written here
(it marks each chart as rendered and records script errors, which the tests read). Every chart
comes with its numbers (a table) and the SQL that produced them, so a reader can rerun it in
`presstables query` or the DuckDB CLI. Run it with `presstables report`.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.views import connect, fetch
from flows.warehouse import Warehouse

# Colours: statement kinds keep theirs in every chart.
KIND_COLOURS = {"direct": "#2f6db5", "mixed": "#8e6bbf", "indirect": "#7fb3d5"}
BAR_COLOUR = "#2f6db5"
LINK_COLOUR = "#2f6db5"
HEAT_COLOUR = (47, 109, 181)

OVERVIEW_SQL = """
select
    (select count(*) from documents) as documents,
    (select count(*) from documents where published is not null) as dated_documents,
    (select min(published) from documents) as first_published,
    (select max(published) from documents) as last_published,
    (select count(*) from sentences) as sentences,
    (select count(*) from mentions) as mentions,
    (select count(*) from entities) as entities,
    (select count(*) from statements) as statements,
    (select count(*) from speakers) as speakers,
    (select count(*) from sources) as inputs,
    (select count(*) from rejects) as rejected_inputs
"""

LABELS_SQL = """
select
    label,
    count(*) as n_mentions,
    count(distinct entity_id) as n_entities,
    count(distinct doc_id) as n_documents
from mentions
group by label
order by n_mentions desc, label
"""

SPEAKERS_SQL = """
select
    speaker_name,
    n_statements,
    n_documents,
    n_direct,
    n_mixed,
    n_indirect
from speakers
order by n_statements desc, n_documents desc, speaker_name
limit {top}
"""

ENTITIES_SQL = """
select
    name,
    label,
    n_mentions,
    n_documents
from entities
order by n_mentions desc, n_documents desc, name
limit {top}
"""

WHO_ABOUT_WHOM_SQL = """
select
    speaker_name,
    entity_name,
    count(distinct statement_id) as n_statements,
    sum(n_mentions) as n_mentions
from statement_mentions
where speaker_name is not null
group by speaker_name, entity_name
order by n_statements desc, n_mentions desc, speaker_name, entity_name
limit {links}
"""

DATE_RANGE_SQL = """
select min(published), max(published), count(published), count(*)
from documents
"""

OVER_TIME_SQL = """
with dated as (
    select
        date_trunc('{unit}', d.published) as period,
        s.kind,
        s.doc_id,
        s.speaker_name
    from statements as s
    inner join documents as d on d.doc_id = s.doc_id
    where d.published is not null
),

periods as (
    select unnest(generate_series(min(period), max(period), interval 1 {unit})) as period
    from dated
)

select
    periods.period,
    count(dated.kind) as n_statements,
    count(dated.kind) filter (where dated.kind = 'direct') as n_direct,
    count(dated.kind) filter (where dated.kind = 'mixed') as n_mixed,
    count(dated.kind) filter (where dated.kind = 'indirect') as n_indirect,
    count(distinct dated.doc_id) as n_documents,
    count(distinct dated.speaker_name) as n_speakers
from periods
left join dated on dated.period = periods.period
group by periods.period
order by periods.period
"""

COOCCURRENCE_SQL = """
with pairs as (
    select * from entity_cooccurrence
),

ends as (
    select entity_id_a as entity_id, name_a as name, n_sentences from pairs
    union all
    select entity_id_b as entity_id, name_b as name, n_sentences from pairs
),

top_entities as (
    select entity_id, any_value(name) as name, sum(n_sentences) as weight
    from ends
    group by entity_id
    order by weight desc, name, entity_id
    limit {top}
)

select
    pairs.name_a,
    pairs.name_b,
    pairs.n_sentences,
    pairs.n_documents,
    a.weight as weight_a,
    b.weight as weight_b,
    pairs.entity_id_a,
    pairs.entity_id_b
from pairs
inner join top_entities as a on a.entity_id = pairs.entity_id_a
inner join top_entities as b on b.entity_id = pairs.entity_id_b
order by pairs.n_sentences desc, pairs.name_a, pairs.name_b
"""

VERSIONS_SQL = "select distinct pipeline_version from documents order by pipeline_version"


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
    ]
    return sections


def _query(con: Any, sql: str) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    sql = sql.strip()
    columns, rows = fetch(con, sql)
    return sql, columns, rows


def overview_section(con: Any) -> Section:
    sql, columns, rows = _query(con, OVERVIEW_SQL)
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
    sql, columns, rows = _query(con, SPEAKERS_SQL.format(top=int(top)))
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
    sql, columns, rows = _query(con, WHO_ABOUT_WHOM_SQL.format(links=int(top) * 2))
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
    _, _, bounds = _query(con, DATE_RANGE_SQL)
    first, last, n_dated, n_docs = bounds[0] if bounds else (None, None, 0, 0)
    unit = time_unit(first, last)
    sql, columns, rows = _query(con, OVER_TIME_SQL.format(unit=unit))
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
    sql, columns, rows = _query(con, COOCCURRENCE_SQL.format(top=int(top)))
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
    sql, columns, rows = _query(con, ENTITIES_SQL.format(top=int(top)))
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
    sql, columns, rows = _query(con, LABELS_SQL)
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


# --- charts: SVG drawn from numbers --------------------------------------------------------------


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" aria-label="{esc(title)}"><title>{esc(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _legend(series: Sequence[tuple[str, Sequence[float], str]], x: float, y: float) -> list[str]:
    if len(series) < 2:
        return []
    out = []
    for name, _, colour in series:
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{y:.1f}" class="legend">{esc(name)}</text>')
        x += 24 + 7 * len(name)
    return out


def hbar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    notes: Sequence[str] | None = None,
    title: str = "",
    width: int = 760,
) -> str:
    """Horizontal bars, one per label, stacked by series; a note after each bar."""
    row_h, label_w, note_w, top = 22, 230, 120, 26
    plot_w = width - label_w - note_w - 10
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    scale = plot_w / max(max(totals, default=0), 1)
    body = _legend(series, label_w, 14)
    for i, label in enumerate(labels):
        y = top + i * row_h
        body.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="label"><title>{esc(label)}</title>'
            f"{esc(_short(label, 34))}</text>"
        )
        x = float(label_w)
        for name, values, colour in series:
            w = values[i] * scale
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}" '
                    f'data-value="{_num(values[i])}"><title>{esc(label)}: {_num(values[i])} {esc(name)}</title></rect>'
                )
            x += w
        note = notes[i] if notes else _num(totals[i])
        body.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="note">{esc(note)}</text>')
    height = top + len(labels) * row_h + 6
    return _svg(width, height, body, title)


def column_chart(
    periods: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]], title: str = "", width: int = 760
) -> str:
    """Vertical columns over time, stacked by series, with a value axis."""
    left, right, top, bottom, plot_h = 44, 10, 28, 56, 220
    n = max(len(periods), 1)
    plot_w = width - left - right
    slot = plot_w / n
    bar_w = max(min(slot * 0.7, 48), 2)
    totals = [sum(s[1][i] for s in series) for i in range(len(periods))]
    peak = max(max(totals, default=0), 1)
    step = _nice_step(peak)
    axis_max = step * math.ceil(peak / step)
    scale = plot_h / axis_max
    body = _legend(series, left, 14)
    tick = 0.0
    while tick <= axis_max + 1e-9:
        y = top + plot_h - tick * scale
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{_num(tick)}</text>')
        tick += step
    label_every = max(1, math.ceil(n / 16))
    for i, period in enumerate(periods):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(top + plot_h)
        for name, values, colour in series:
            h = values[i] * scale
            if h > 0:
                y -= h
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}" '
                    f'data-value="{_num(values[i])}"><title>{esc(period)}: {_num(values[i])} {esc(name)}</title></rect>'
                )
        if i % label_every == 0:
            cx, cy = x + bar_w / 2, top + plot_h + 12
            body.append(
                f'<text x="{cx:.1f}" y="{cy}" transform="rotate(35 {cx:.1f} {cy})" class="axis">{esc(period)}</text>'
            )
    return _svg(width, top + plot_h + bottom, body, title)


def _nice_step(peak: float) -> float:
    raw = peak / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(float(factor * magnitude), 1.0)
    return 10.0 * magnitude


def flow_chart(links: Sequence[tuple[str, str, float]], title: str = "", width: int = 760) -> str:
    """Speakers on the left, entities on the right, a band per link as wide as its value."""
    left_w, right_w, gap, top, min_h = 230, 230, 6, 10, 16.0
    sources: dict[str, float] = {}
    targets: dict[str, float] = {}
    for s, t, v in links:
        sources[s] = sources.get(s, 0) + v
        targets[t] = targets.get(t, 0) + v
    # Scale values to pixels so that the taller column is about 20 px per node.
    busiest = max(len(sources), len(targets))
    unit = max(3.0, min(24.0, 20.0 * busiest / max(sum(sources.values()), 1e-9)))

    def place(nodes: dict[str, float]) -> dict[str, tuple[float, float]]:
        y, pos = float(top), {}
        for name in sorted(nodes, key=lambda k: (-nodes[k], k)):
            h = max(nodes[name] * unit, min_h)
            pos[name] = (y, h)
            y += h + gap
        return pos

    src_pos, dst_pos = place(sources), place(targets)
    # Bands leave each speaker in the order of their entities, and reach each entity in the
    # order of their speakers, so they do not cross at the nodes.
    src_next = {name: y + (h - sources[name] * unit) / 2 for name, (y, h) in src_pos.items()}
    dst_next = {name: y + (h - targets[name] * unit) / 2 for name, (y, h) in dst_pos.items()}
    starts: dict[tuple[str, str], float] = {}
    for s, t, v in sorted(links, key=lambda link: (src_pos[link[0]][0], dst_pos[link[1]][0])):
        starts[(s, t)] = src_next[s] + v * unit / 2
        src_next[s] += v * unit
    ends: dict[tuple[str, str], float] = {}
    for s, t, v in sorted(links, key=lambda link: (dst_pos[link[1]][0], src_pos[link[0]][0])):
        ends[(s, t)] = dst_next[t] + v * unit / 2
        dst_next[t] += v * unit
    x0, x1 = left_w, width - right_w
    mid = (x0 + x1) / 2
    body = []
    for s, t, v in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        sy, dy = starts[(s, t)], ends[(s, t)]
        body.append(
            f'<path d="M{x0 + 8},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{dy:.1f} {x1 - 8},{dy:.1f}" '
            f'stroke="{LINK_COLOUR}" stroke-opacity="0.35" stroke-width="{max(v * unit - 0.5, 1.5):.1f}" fill="none" '
            f'data-value="{_num(v)}"><title>{esc(s)} → {esc(t)}: {_num(v)} statement{"s" if v != 1 else ""}</title></path>'
        )
    for nodes, pos, x, anchor in ((sources, src_pos, x0, "end"), (targets, dst_pos, x1 - 8, "start")):
        for name, (y, h) in pos.items():
            tx = x - 6 if anchor == "end" else x + 14
            body.append(f'<rect x="{x}" y="{y:.1f}" width="8" height="{h:.1f}" fill="#39424b"/>')
            body.append(
                f'<text x="{tx}" y="{y + h / 2 + 4:.1f}" text-anchor="{anchor}" class="label"><title>{esc(name)}: '
                f"{_num(nodes[name])}</title>{esc(_short(name, 32))}</text>"
            )
    height = max(y + h for pos in (src_pos, dst_pos) for y, h in pos.values())
    return _svg(width, height + top, body, title)


def heatmap(names: Sequence[str], matrix: Sequence[Sequence[float]], title: str = "") -> str:
    """A symmetric matrix of counts: one cell per pair, darker for more."""
    cell, label_w, top_h = 26, 190, 150
    n = len(names)
    width, height = label_w + n * cell + 110, top_h + n * cell + 10
    peak = max((v for row in matrix for v in row), default=0) or 1
    r, g, b = HEAT_COLOUR
    body = []
    for i, name in enumerate(names):
        y = top_h + i * cell
        body.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" class="label"><title>{esc(name)}</title>'
            f"{esc(_short(name, 26))}</text>"
        )
        cx, cy = label_w + i * cell + cell / 2, top_h - 6
        body.append(
            f'<text x="{cx:.1f}" y="{cy}" transform="rotate(-55 {cx:.1f} {cy})" class="label"><title>{esc(name)}</title>'
            f"{esc(_short(name, 22))}</text>"
        )
    for i in range(n):
        for j in range(n):
            x, y = label_w + j * cell, top_h + i * cell
            v = matrix[i][j]
            if i == j:
                body.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="#eee"/>')
                continue
            alpha = 0.08 + 0.92 * (v / peak) if v else 0.0
            fill = f"rgba({r},{g},{b},{alpha:.2f})" if v else "#f7f7f7"
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{fill}" data-value="{_num(v)}">'
                f"<title>{esc(names[i])} + {esc(names[j])}: {_num(v)} sentence{'s' if v != 1 else ''}</title></rect>"
            )
            if v:
                colour = "#fff" if alpha > 0.55 else "#123"
                body.append(
                    f'<text x="{x + cell / 2 - 0.5:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" class="cell" '
                    f'fill="{colour}">{_num(v)}</text>'
                )
    return _svg(width, height, body, title)


def tiles_html(tiles: Sequence[tuple[str, Any]]) -> str:
    cells = "".join(
        f'<div class="tile" data-value="{esc(v)}"><div class="n">{esc(_fmt(v))}</div><div class="k">{esc(k)}</div></div>'
        for k, v in tiles
    )
    return f'<div class="tiles">{cells}</div>'


# --- the page ------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _period_label(value: Any, unit: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if unit == "year":
            return str(value.year)
        if unit == "month":
            return value.strftime("%Y-%m")
        return value.isoformat()
    return str(value)


def table_html(columns: Sequence[str], rows: Sequence[Sequence[Any]], hidden: set[str]) -> str:
    keep = [i for i, c in enumerate(columns) if c not in hidden]
    head = "".join(f"<th>{esc(columns[i])}</th>" for i in keep)
    body = []
    for row in rows:
        cells = []
        for i in keep:
            v = row[i]
            cls = ' class="num"' if isinstance(v, int | float) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{esc(_short(_fmt(v), 120))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STYLE = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2329;
       margin: 0 auto; max-width: 980px; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 4px; }
.meta { color: #5b6570; margin: 0 0 18px; } .intro { color: #39424b; margin: 0 0 10px; }
nav a { margin-right: 14px; color: #2f6db5; text-decoration: none; }
section { border-top: 1px solid #dde2e7; padding: 20px 0 8px; }
figure { margin: 8px 0 12px; overflow-x: auto; } svg.chart { max-width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: #1d2329; }
svg text.note, svg text.axis, svg text.legend { fill: #5b6570; font-size: 11px; }
svg text.cell { font-size: 10px; } svg line.grid { stroke: #e6e9ec; }
.empty { color: #8a5a00; background: #fff7e6; border: 1px solid #f3dcae; padding: 10px 12px; border-radius: 4px; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.tile { border: 1px solid #dde2e7; border-radius: 6px; padding: 10px 12px; }
.tile .n { font-size: 24px; font-weight: 600; } .tile .k { color: #5b6570; }
details { margin: 6px 0; } summary { cursor: pointer; color: #2f6db5; }
table { border-collapse: collapse; margin: 6px 0 4px; font-size: 13px; }
th, td { border-bottom: 1px solid #e6e9ec; padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f5f7f9; border: 1px solid #e1e5e9; padding: 10px 12px; overflow-x: auto; font-size: 12px; }
footer { color: #5b6570; border-top: 1px solid #dde2e7; padding-top: 12px; margin-top: 16px; font-size: 12px; }
"""

# Marks every drawn chart once the browser has laid it out, and records script errors, so a
# headless browser's DOM dump shows whether the report really rendered.
SCRIPT = """
(function () {
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); });
  window.addEventListener("load", function () {
    var figures = document.querySelectorAll("figure[data-chart]");
    var drawn = 0;
    figures.forEach(function (figure) {
      var box = figure.firstElementChild.getBoundingClientRect();
      var marks = figure.querySelectorAll("[data-value]").length;
      var ok = box.width > 0 && box.height > 0 && marks > 0;
      figure.setAttribute("data-rendered", ok ? "yes" : "no");
      if (ok) { drawn += 1; }
    });
    document.body.setAttribute("data-charts", String(figures.length));
    document.body.setAttribute("data-charts-rendered", String(drawn));
    document.body.setAttribute("data-errors", String(errors.length));
    if (errors.length) { document.body.setAttribute("data-error-messages", errors.join(" | ")); }
  });
})();
"""


def render_html(sections: Sequence[Section], meta: dict[str, Any]) -> str:
    nav = "".join(f'<a href="#{s.key}">{esc(s.title)}</a>' for s in sections)
    parts = []
    for s in sections:
        if s.chart:
            figure = f'<figure data-chart="{esc(s.key)}">{s.chart}</figure>'
        else:
            figure = f'<p class="empty" data-empty="{esc(s.key)}">Nothing to draw: {esc(s.empty)}.</p>'
        n = len(s.rows)
        parts.append(
            f'<section id="{esc(s.key)}"><h2>{esc(s.title)}</h2><p class="intro">{esc(s.intro)}</p>{figure}'
            f"<details><summary>The numbers ({n} row{'s' if n != 1 else ''})</summary>"
            f"{table_html(s.columns, s.rows, s.hidden_columns)}</details>"
            f'<details><summary>The SQL</summary><pre><code class="sql">{esc(s.sql)}</code></pre></details></section>'
        )
    versions = "; ".join(meta.get("pipeline_versions") or []) or "unknown"
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>presstables report: {esc(meta.get('warehouse_name'))}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>presstables report</h1>"
        f'<p class="meta">Warehouse <code>{esc(meta.get("warehouse"))}</code> · written {esc(meta.get("written_at"))}'
        f" · pipeline {esc(versions)}</p>"
        f"<nav>{nav}</nav>{''.join(parts)}"
        "<footer>Every chart's numbers come from the SQL shown with it, run against the warehouse views; "
        "rerun it with <code>presstables query</code> or the DuckDB CLI "
        f"(<code>duckdb {esc(meta.get('database'))}</code>).</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def build_report(warehouse: Warehouse, top: int = 15, written_at: dt.datetime | None = None) -> str:
    """The report's HTML for a warehouse."""
    con = connect(warehouse)
    try:
        sections = collect_sections(con, top=top)
        versions = [str(r[0]) for r in fetch(con, VERSIONS_SQL)[1]]
    finally:
        con.close()
    written = (written_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    meta = {
        "warehouse": str(warehouse.root.resolve()),
        "warehouse_name": warehouse.root.resolve().name,
        "database": str(warehouse.database.resolve()),
        "written_at": written,
        "pipeline_versions": versions,
    }
    return render_html(sections, meta)


def write_report(warehouse: Path, output: Path, top: int = 15) -> Path:
    """Write the report for the warehouse folder to `output` (under a temporary name, then renamed)."""
    text = build_report(Warehouse(Path(warehouse)), top=top)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".tmp-{output.name}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)
    return output
