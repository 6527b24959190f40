"""The report page: sections in order, each chart with its numbers and SQL, one HTML file."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.report.charts import _fmt, _short, esc
from flows.report.queries import run
from flows.report.sections import Section, collect_sections
from flows.views import connect
from flows.warehouse import Warehouse


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
        versions = [str(r[0]) for r in run(con, "versions")[2]]
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
