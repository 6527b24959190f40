"""Reliability: hostile input, SIGKILL at the worst moments, concurrent runs, determinism."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.views import connect, fetch
from flows.warehouse import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_harness")

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "Karen Donfried, assistant secretary of State for European and Eurasian Affairs, told reporters on "
    "Tuesday that the US will “decide on a date” together with Russia to begin discussions."
)
FRENCH = (
    "Le ministre des Affaires étrangères a déclaré mardi que les négociations avec la Russie reprendraient "
    "en janvier, selon un communiqué publié à Paris. Les diplomates européens restent prudents."
)
# Times of the run and write batches are the only columns allowed to differ between runs.
RUN_COLUMNS = {"processed_at", "seen_at", "batch_id"}
TABLES = ("documents", "sources", "rejects", "sentences", "mentions", "entities", "statements", "speakers")


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    con = connect(Warehouse(warehouse))
    try:
        tables = {}
        for table in TABLES:
            columns = [c for c in fetch(con, f"select * from {table} limit 0")[0] if c not in RUN_COLUMNS]
            cols = ", ".join(f'"{c}"' for c in columns)
            tables[table] = fetch(con, f"select {cols} from {table} order by all")[1]
        return tables
    finally:
        con.close()


def normalize_sources(tables: dict[str, list[tuple]], root: Path) -> dict[str, list[tuple]]:
    """Source paths differ between two corpus folders; compare them relative to their folder."""
    prefix = str(root)
    return {
        name: [tuple(v.replace(prefix, "<corpus>") if isinstance(v, str) else v for v in row) for row in rows]
        for name, rows in tables.items()
    }


@pytest.fixture()
def hostile_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    (root / "sub").mkdir(parents=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t \n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "cp1252.txt": "The Café Rouge owner said “we will reopen in March,” according to the council.".encode("cp1252"),
        "utf16.txt": codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"),
        "bom-crlf.txt": codecs.BOM_UTF8 + b"Talks in January\r\n\r\n" + PARAGRAPH.encode() + b"\r\n",
        "mojibake.txt": "“I donâ€™t think Russia will invade,” the senator said on Tuesday.".encode(),
        "zero-width.txt": "Jens\u200b Stoltenberg said the alliance\x07 is ready\x1b to talk.".encode(),
        "long-line.txt": (
            " ".join(["the talks between the delegations continued late into the night"] * 3000)
        ).encode(),
        "same-a.txt": PARAGRAPH.encode(),
        "same-b.md": PARAGRAPH.encode(),
        "french.txt": FRENCH.encode(),
        "report.docx": b"PK\x03\x04",
        "x'); drop view documents; --.txt": b"NATO said it would respond to the proposals in writing.",
    }
    # 3 MB: a real paragraph, then an embedded data dump (long tokens, cheap to parse).
    blob = "\n".join("data:image/png;base64," + "QUJD" * 500 for _ in range(1500))
    files["huge.txt"] = (PARAGRAPH + "\n" + blob + "\n" + PARAGRAPH).encode()
    records = [
        json.dumps({"text": PARAGRAPH, "title": "Talks", "published": "2021-12-21", "id": "a1"}),
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": ["a", "list"]}),
        json.dumps({"text": FRENCH, "url": "https://example.org/fr"}),
    ]
    files["records.jsonl"] = "\n".join(records).encode()
    for name, data in files.items():
        (root / name).write_bytes(data)
    os.symlink(root, root / "sub" / "loop")
    return root


def test_hostile_corpus_every_input_is_accounted_for(hostile_corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    warehouse = tmp_path / "wh'); drop view sources; --"
    summary = build_warehouse(paths=[hostile_corpus], warehouse=warehouse)
    assert summary["failed_checks"] == []
    con = connect(Warehouse(warehouse))
    try:
        sources = dict(fetch(con, "select source, doc_id from sources")[1])
        rejects = {row[0]: row[1] for row in fetch(con, "select source, reason, detail from rejects")[1]}
        docs = {row[0]: row[1:] for row in fetch(con, "select doc_id, language, n_sentences, text from documents")[1]}
    finally:
        con.close()

    def name(source: str) -> str:
        return source[len(str(hostile_corpus)) + 1 :]

    assert {name(s): r for s, r in rejects.items()} == {
        "empty.txt": "empty",
        "whitespace.txt": "empty",
        "binary.txt": "binary",
        "report.docx": "unsupported_type",
        "records.jsonl#2": "bad_json",
        "records.jsonl#3": "no_text",
        "records.jsonl#4": "bad_text",
        "sub/loop": "symlink_loop",
    }
    accepted = {name(s) for s in sources}
    assert accepted == {
        "cp1252.txt",
        "utf16.txt",
        "bom-crlf.txt",
        "mojibake.txt",
        "zero-width.txt",
        "long-line.txt",
        "same-a.txt",
        "same-b.md",
        "french.txt",
        "x'); drop view documents; --.txt",
        "huge.txt",
        "records.jsonl#1",
        "records.jsonl#5",
    }
    by_name = {name(s): docs[d] for s, d in sources.items()}
    # Repaired, never dropped.
    assert by_name["cp1252.txt"][2].startswith("The Café Rouge owner said “we will reopen")
    assert "don’t" in by_name["mojibake.txt"][2]
    assert "\r" not in by_name["bom-crlf.txt"][2] and not by_name["bom-crlf.txt"][2].startswith("\ufeff")
    assert "\x07" not in by_name["zero-width.txt"][2]
    # Duplicates share one document; both sources are recorded.
    assert sources[str(hostile_corpus / "same-a.txt")] == sources[str(hostile_corpus / "same-b.md")]
    assert by_name["utf16.txt"] == by_name["same-a.txt"]
    # Non-English text is marked and not parsed as English.
    assert by_name["french.txt"][:2] == ("fr", 0)
    assert by_name["records.jsonl#5"][0] == "fr"
    # The 3 MB text is parsed in pieces: statements at its start and its end.
    huge = by_name["huge.txt"]
    assert len(huge[2]) > 3_000_000 and huge[1] >= 2


def run_cli(args: list[str], env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.fixture()
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for `presstables` subprocesses: the session's Prefect server, no extra startup."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    env["PRESSTABLES_PAUSE_FILE"] = str(tmp_path / "paused")
    return env


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"run ended before the pause point: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("pause point never reached")
        time.sleep(0.1)


@pytest.mark.parametrize("moment", ["parse", "write", "fold", "merge", "compact", "commit"])
def test_sigkill_leaves_previous_state_and_next_run_completes(
    moment: str, corpus: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    from flows.build_warehouse import build_warehouse

    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse)
    before = snapshot(warehouse)

    # Change the corpus: one file edited, one added, one removed.
    korea = corpus / "wikinews-korea.txt"
    korea.write_text(korea.read_text(encoding="utf-8") + "\nSeoul said the broadcasts would go on.\n", encoding="utf-8")
    (corpus / "new.txt").write_text(PARAGRAPH, encoding="utf-8")
    (corpus / "wikinews-flag.txt").unlink()

    # Tiers of two: the run's new segment is merged with the first run's (the compaction pause).
    env = {**cli_env, "PRESSTABLES_PAUSE_AT": moment, "PRESSTABLES_COMPACTION_FANOUT": "2"}
    proc = run_cli(["run", str(corpus), "--warehouse", str(warehouse), "--quiet"], env)
    wait_for(Path(env["PRESSTABLES_PAUSE_FILE"]), proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert snapshot(warehouse) == before, "a killed run changed what the views show"

    resumed = build_warehouse(paths=[corpus], warehouse=warehouse)
    assert resumed["failed_checks"] == []
    fresh = tmp_path / "fresh"
    build_warehouse(paths=[corpus], warehouse=fresh)
    assert snapshot(warehouse) == snapshot(fresh)
    assert check_warehouse(warehouse) == []


def check_warehouse(warehouse: Path) -> list[str]:
    """The names of the data tests `presstables check` fails on."""
    from flows.maintenance import check_warehouse as check

    return [r.name for r in check(warehouse) if not r.passed]


READER = """
import sys, time, duckdb
from pathlib import Path
db, stop, log = sys.argv[1:4]
with open(log, "w") as out:
    while not Path(stop).exists():
        try:
            con = duckdb.connect(db, read_only=True)
            n = con.sql("select (select count(*) from documents), (select count(*) from sentences), "
                        "(select count(*) from sources)").fetchall()[0]
            con.close()
            out.write(f"ok {n[0]} {n[1]} {n[2]}\\n")
        except Exception as exc:
            out.write(f"error {type(exc).__name__}: {str(exc).splitlines()[0]}\\n")
        out.flush()
        time.sleep(0.05)
"""


def test_readers_during_runs_and_compaction_see_one_state_or_the_other(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.build_warehouse import build_warehouse
    from flows.maintenance import compact_warehouse

    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse, batch_docs=1)
    states = {snapshot_counts(warehouse)}
    stop, log = tmp_path / "stop", tmp_path / "reader.log"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse / "presstables.duckdb"), str(stop), str(log)]
    )
    try:
        time.sleep(0.5)
        monkeypatch.setenv("PRESSTABLES_COMPACTION_FANOUT", "2")
        for step in range(3):
            (corpus / f"new-{step}.txt").write_text(f"{PARAGRAPH} ({step})", encoding="utf-8")
            (corpus / "wikinews-flag.txt").unlink(missing_ok=True)
            build_warehouse(paths=[corpus], warehouse=warehouse, batch_docs=1)
            states.add(snapshot_counts(warehouse))
        compact_warehouse(warehouse)
        time.sleep(0.5)
    finally:
        stop.write_text("")
        reader.wait(timeout=30)
    answers = log.read_text().splitlines()
    assert len(answers) > 20
    assert [a for a in answers if a.startswith("error")] == []
    seen = {tuple(int(x) for x in a.split()[1:]) for a in answers}
    assert seen <= states, "a reader saw a state no run committed"
    assert len(seen) >= 2, "the reader saw the runs commit"


def snapshot_counts(warehouse: Path) -> tuple[int, int, int]:
    con = connect(Warehouse(warehouse))
    try:
        return tuple(
            fetch(
                con,
                "select (select count(*) from documents), (select count(*) from sentences), "
                "(select count(*) from sources)",
            )[1][0]
        )  # type: ignore[return-value]
    finally:
        con.close()


def test_a_corrupt_state_file_stops_the_run_and_names_it(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse
    from flows.catalog import CorruptState

    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse)
    (corpus / "new.txt").write_text(PARAGRAPH, encoding="utf-8")
    bucket = next(p for p in (warehouse / "inputs").glob("*-1.parquet"))
    bucket.write_bytes(b"not parquet at all")
    with pytest.raises(CorruptState, match=f"{bucket.name} is not readable Parquet"):
        build_warehouse(paths=[corpus], warehouse=warehouse)
    (warehouse / "catalog.json").write_text("{", encoding="utf-8")
    with pytest.raises(CorruptState, match="catalog.json"):
        build_warehouse(paths=[corpus], warehouse=warehouse)


def test_concurrent_runs_one_refuses_one_waits(corpus: Path, tmp_path: Path, cli_env: dict[str, str]) -> None:
    from flows.build_warehouse import build_warehouse

    warehouse = tmp_path / "wh"
    args = ["run", str(corpus), "--warehouse", str(warehouse), "--quiet"]
    first = run_cli(args, {**cli_env, "PRESSTABLES_PAUSE_AT": "parse", "PRESSTABLES_PAUSE_SECONDS": "3"})
    wait_for(Path(cli_env["PRESSTABLES_PAUSE_FILE"]), first)

    refused = run_cli(args, cli_env)
    out, err = refused.communicate(timeout=60)
    assert refused.returncode == 1
    assert err.strip().count("\n") == 0 and "in use by a run" in err

    waiting = run_cli([*args, "--wait", "120"], cli_env)
    assert first.wait(timeout=120) == 0, first.communicate()
    assert waiting.wait(timeout=120) == 0, waiting.communicate()

    fresh = tmp_path / "fresh"
    build_warehouse(paths=[corpus], warehouse=fresh)
    assert snapshot(warehouse) == snapshot(fresh)


def test_two_runs_from_scratch_are_identical(corpus: Path, tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    build_warehouse(paths=[corpus], warehouse=tmp_path / "one")
    build_warehouse(paths=[corpus], warehouse=tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_failing_data_test_fails_the_run_and_commits_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import parsing
    from flows.build_warehouse import DataTestsFailed, build_warehouse

    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse)
    before = snapshot(warehouse)
    real = parsing.document_rows

    def off_by_one(*args, **kwargs):  # a buggy extractor: one sentence's span ends a character late
        tables = real(*args, **kwargs)
        tables["sentences"][0]["end_char"] += 1
        return tables

    monkeypatch.setattr(parsing, "document_rows", off_by_one)
    (corpus / "new.txt").write_text(PARAGRAPH, encoding="utf-8")
    with pytest.raises(
        DataTestsFailed,
        match="sentences_text_span_slices: 1 rows.*nothing was committed|nothing was committed.*sentences_text_span_slices: 1 rows",
    ):
        build_warehouse(paths=[corpus], warehouse=warehouse)
    assert snapshot(warehouse) == before
    monkeypatch.setattr(parsing, "document_rows", real)
    assert build_warehouse(paths=[corpus], warehouse=warehouse)["parsed"] == 1


def test_check_finds_a_committed_file_corrupted_behind_the_pipelines_back(corpus: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from flows import catalog as catalogs
    from flows import schema
    from flows.build_warehouse import build_warehouse
    from flows.warehouse import write_parquet

    warehouse = tmp_path / "wh"
    build_warehouse(paths=[corpus], warehouse=warehouse)
    assert check_warehouse(warehouse) == []
    part = warehouse / catalogs.load(warehouse).segments[0].file("sentences")
    table = pq.read_table(part).to_pylist()
    table[0]["end_char"] += 1
    write_parquet(part, table, schema.SENTENCES)
    assert check_warehouse(warehouse) == ["sentences_text_span_slices"]


def test_exit_code_is_zero_with_rejects_and_one_line_when_it_cannot_run(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    ok = run_cli(["run", str(tmp_path / "in"), "--warehouse", str(tmp_path / "wh"), "--json"], cli_env)
    out, err = ok.communicate(timeout=120)
    assert ok.returncode == 0, err
    assert json.loads(out)["rejected"] == 1
    # Nothing changed since: answered from the catalog and the files' stats, without a flow run.
    again = run_cli(["run", str(tmp_path / "in"), "--warehouse", str(tmp_path / "wh"), "--json"], cli_env)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert json.loads(out)["up_to_date"] is True and json.loads(out)["rejected"] == 1

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    bad = run_cli(["run", str(tmp_path / "in"), "--warehouse", str(blocker / "wh")], cli_env)
    out, err = bad.communicate(timeout=120)
    assert bad.returncode == 1
    assert err.startswith("presstables: ") and err.strip().count("\n") == 0


def test_an_extractor_failure_keeps_the_document_and_the_batch(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.nlp import analyze

    real = analyze.extract_statements

    def flaky(doc, bounds):
        if "Stoltenberg" in doc.text:
            raise ValueError("a bug in one extractor")
        return real(doc, bounds)

    monkeypatch.setattr(analyze, "extract_statements", flaky)
    texts = [PARAGRAPH, "NATO Secretary General Jens Stoltenberg said the alliance is ready to talk.", PARAGRAPH]
    results = list(analyze.analyze_texts(nlp, texts))
    assert [r.error is None for r in results] == [True, False, True]
    assert "ValueError: a bug in one extractor" in results[1].error
    assert results[1].sentences == [] and results[0].statements and results[2].statements


def test_cli_run_starts_and_stops_its_own_prefect_server(tmp_path: Path) -> None:
    """Without PREFECT_API_URL, `presstables run` brings up a temporary server and stops it. With
    `--workers 2` it parses in two processes forked with the model loaded, and the rows are those of
    a run in one process."""
    from flows.build_warehouse import build_warehouse

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "talks.txt").write_text(PARAGRAPH, encoding="utf-8")
    (tmp_path / "in" / "french.txt").write_text(FRENCH, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "us-russia-security-talks.txt", tmp_path / "in")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")

    def servers() -> set[str]:
        """Prefect server processes on this test's PREFECT_HOME (tests may run side by side)."""
        found = subprocess.run(["pgrep", "-f", "prefect.server.api.server:create_app"], capture_output=True, text=True)
        mine = set()
        for pid in found.stdout.split():
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"PREFECT_HOME={env['PREFECT_HOME']}".encode() in environ:
                mine.add(pid)
        return mine

    before = servers()
    args = ["run", str(tmp_path / "in"), "--warehouse", str(tmp_path / "wh"), "--workers", "2", "--batch-docs", "1"]
    proc = run_cli([*args, "--json"], env)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["parsed"] == 3 and summary["rows"]["statements"] > 10
    assert (tmp_path / "prefect-home").is_dir()  # the server kept its database there
    assert servers() <= before
    build_warehouse(paths=[tmp_path / "in"], warehouse=tmp_path / "one", batch_docs=1)
    assert snapshot(tmp_path / "wh") == snapshot(tmp_path / "one")


def test_a_temporary_prefect_server_that_cannot_start_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PREFECT_HOME that is a file leaves the server without its database: the error names it."""
    from flows import startup as prefect_server

    (tmp_path / "home").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(prefect_server, "START_ATTEMPTS", 2)
    server = prefect_server.TemporaryServer()
    with pytest.raises(prefect_server.ServerStartError, match="unable to open database file"):
        server.wait(120)
    assert server.attempts == 2
    server.stop()
