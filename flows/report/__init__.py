"""`presstables report`: a self-contained HTML report of the warehouse, what the corpus says at a glance.

One file, no network: the charts are SVG drawn here, the only script is a few lines written here
(it marks each chart as rendered and records script errors, which the tests read). Every chart
comes with its numbers (a table) and the SQL that produced them, so a reader can rerun it in
`presstables query` or the DuckDB CLI.

- `queries`: the SQL, one file per section in `sql/report/`;
- `sections`: one function per section: its query, its chart, its words;
- `charts`: SVG charts drawn from numbers;
- `page`: the sections in one HTML page.

A new section is a SQL file and a function in `sections` added to `collect_sections`.
"""

from flows.report.charts import column_chart, flow_chart, hbar_chart, heatmap
from flows.report.page import build_report, render_html, write_report
from flows.report.queries import run, sql
from flows.report.sections import Section, collect_sections, over_time_section, time_unit

__all__ = [
    "Section",
    "build_report",
    "collect_sections",
    "column_chart",
    "flow_chart",
    "hbar_chart",
    "heatmap",
    "over_time_section",
    "render_html",
    "run",
    "sql",
    "time_unit",
    "write_report",
]
