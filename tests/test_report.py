"""The HTML report: self-contained, every chart with its numbers and SQL, drawn by a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows import report
from flows.views import connect, fetch
from flows.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"

# Dated records, so that "statements over time" has something to draw (the seeds have no dates).
DATED = [
    {
        "published": "2021-12-16",
        "title": "NATO says Russian build-up near Ukraine is unprovoked",
        "text": "NATO Secretary General Jens Stoltenberg said that Russia's military build-up near Ukraine "
        "was unprovoked and unexplained.",
    },
    {
        "published": "2022-01-07",
        "title": "NATO ready to talk with Russia",
        "text": "Jens Stoltenberg told reporters that NATO was ready to talk with Russia. "
        "\u201cWe will not compromise on core principles,\u201d he said.",
    },
    {
        "published": "2022-01-10",
        "title": "Russia wants guarantees on Ukraine",
        "text": "Deputy Foreign Minister Sergei Ryabkov said Russia needed guarantees that Ukraine would never "
        "join NATO.",
    },
    {
        "published": "2022-01-10",
        "title": "United States pushes back on Russian proposals",
        "text": "Deputy Secretary of State Wendy Sherman said the United States pushed back on proposals "
        "from Russia that were non-starters.",
    },
]


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from flows.build_warehouse import build_warehouse

    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    (corpus / "dated.jsonl").write_text("".join(json.dumps(r) + "\n" for r in DATED), encoding="utf-8")
    target = root / "wh"
    build_warehouse(paths=[corpus], warehouse=target)
    return target


@pytest.fixture(scope="module")
def html_file(warehouse: Path) -> Path:
    from flows.cli import main

    output = warehouse.parent / "out" / "report.html"
    assert main(["report", "--warehouse", str(warehouse), "-o", str(output)]) == 0
    return output


def test_report_is_one_file_that_needs_no_network(html_file: Path) -> None:
    text = html_file.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text  # the page may not load anything, even by mistake


def test_every_chart_has_its_numbers_and_the_sql_behind_them(warehouse: Path) -> None:
    con = connect(Warehouse(warehouse))
    try:
        sections = report.collect_sections(con)
        assert [s.key for s in sections] == [
            "overview",
            "speakers",
            "who-about-whom",
            "over-time",
            "cooccurrence",
            "entities",
            "labels",
            "repeated-quotations",
            "speaker-timeline",
        ]
        for section in sections:
            assert section.chart, f"{section.key} has nothing to draw"
            assert section.rows, section.key
            # The SQL shown is the SQL that made the numbers.
            assert fetch(con, section.sql) == (section.columns, section.rows), section.key
    finally:
        con.close()
    by_key = {s.key: s for s in sections}
    # The remark three outlets repeat leads, with its speaker and publishers; the timeline counts
    # the most quoted speakers week by week.
    repeated = dict(zip(by_key["repeated-quotations"].columns, by_key["repeated-quotations"].rows[0]))
    assert repeated["speaker_name"] == "Karen Donfried" and repeated["n_documents"] == 3
    assert repeated["n_speakers"] == 2
    timeline = by_key["speaker-timeline"]
    weeks = sorted({row[0] for row in timeline.rows})
    assert len(weeks) >= 2 and all(0 < (b - a).days <= 31 for a, b in zip(weeks, weeks[1:]))
    assert "Jens Stoltenberg" in {row[1] for row in timeline.rows}
    assert by_key["speakers"].rows[0][0] == "Karen Donfried"
    over_time = by_key["over-time"]
    con = connect(Warehouse(warehouse))
    try:
        ((first, last, n_dated, n_docs),) = report.run(con, "date_range")[2]
        (n_statements,) = fetch(
            con, "select count(*) from statements join documents using (doc_id) where published is not null"
        )[1][0]
    finally:
        con.close()
    assert f"Statements per {report.time_unit(first, last)} " in over_time.intro
    assert sum(r[1] for r in over_time.rows) == n_statements >= 5  # the dated records' statements at least
    if n_docs > n_dated:
        assert f"{n_docs - n_dated} of {n_docs} documents have no date" in over_time.intro
    pairs = {(r[0], r[1]) for r in by_key["cooccurrence"].rows} | {(r[1], r[0]) for r in by_key["cooccurrence"].rows}
    assert ("United States", "Russia") in pairs


def test_a_corpus_without_dates_says_so_instead_of_drawing() -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("create table documents (doc_id varchar, published date)")
    con.execute("create table statements (doc_id varchar, kind varchar, speaker_name varchar)")
    con.execute("insert into documents values ('d1', null)")
    con.execute("insert into statements values ('d1', 'direct', 'Karen Donfried')")
    section = report.over_time_section(con)
    assert section.rows == [] and section.chart == ""
    page = report.render_html([section], {"warehouse": "wh"})
    assert 'class="empty"' in page and "publication date" in page


@pytest.mark.parametrize(
    ("days", "unit"), [(0, "day"), (45, "day"), (46, "week"), (366, "week"), (400, "month"), (3000, "year")]
)
def test_time_unit_follows_the_span_of_dates(days: int, unit: str) -> None:
    import datetime as dt

    first = dt.date(2022, 1, 1)
    assert report.time_unit(first, first + dt.timedelta(days=days)) == unit


def test_chart_text_is_escaped() -> None:
    svg = report.hbar_chart(["<script>alert(1)</script>"], [("n", [3.0], "#000")])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    flow = report.flow_chart([("A & B", "<C>", 2.0)])
    assert "A &amp; B" in flow and "&lt;C&gt;" in flow


def find_chromium() -> str | None:
    for name in (os.environ.get("PRESSTABLES_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def test_report_renders_in_headless_chromium(html_file: Path, tmp_path: Path) -> None:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (apt-get install -y chromium); CI must run this test")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    url = html_file.resolve().as_uri()

    dom = chromium(binary, tmp_path / "profile-dom", "--enable-logging=stderr", "--v=0", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], "the page wrote to the console:\n" + "\n".join(console)
    body = re.search(r"<body([^>]*)>", dom.stdout)
    assert body is not None, dom.stdout[:500]
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(1)))
    assert attrs.get("data-errors") == "0", attrs
    assert attrs.get("data-charts") == "9", attrs  # the overview's tiles and eight SVG charts
    assert attrs.get("data-charts-rendered") == "9", attrs
    assert dom.stdout.count('data-rendered="yes"') == 9

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    shot = chromium(binary, tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=1200,4800", url)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a drawn page, not a blank one
