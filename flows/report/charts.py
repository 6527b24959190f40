"""Charts drawn as SVG from numbers, and the formatting of values in them and in tables."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from typing import Any

# Colours: statement kinds keep theirs in every chart.
KIND_COLOURS = {"direct": "#2f6db5", "mixed": "#8e6bbf", "indirect": "#7fb3d5"}
BAR_COLOUR = "#2f6db5"
LINK_COLOUR = "#2f6db5"
HEAT_COLOUR = (47, 109, 181)
# Series colours of a chart with one series per speaker.
PALETTE = ("#2f6db5", "#e07b39", "#3a9c5b", "#8e6bbf", "#c94c4c", "#7f8c8d", "#d4a017", "#17a2b8")


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
