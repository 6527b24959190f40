"""Runs over the inputs news corpora come in: a bucket served by a real S3 API server on loopback
(moto's), and a folder mixing archives, dumps and the bad inputs that once stopped a run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sources import ARTICLE_TEXTS, compress, jsonl_bytes, write_parquet, write_warc

from flows.views import connect, fetch
from flows.warehouse import Warehouse

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

S3_SETTINGS = {
    "AWS_ACCESS_KEY_ID": "presstables-test",
    "AWS_SECRET_ACCESS_KEY": "presstables-test",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a loopback port, and the standard AWS variables pointing at it."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    saved = {key: os.environ.get(key) for key in [*S3_SETTINGS, "AWS_ENDPOINT_URL"]}
    os.environ.update(S3_SETTINGS, AWS_ENDPOINT_URL=endpoint)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _rows(warehouse: Path, sql: str) -> list[tuple[object, ...]]:
    con = connect(Warehouse(warehouse))
    try:
        return fetch(con, sql)[1]
    finally:
        con.close()


def test_a_bucket_is_read_and_kept_current_from_its_listing(s3_endpoint: str, tmp_path: Path) -> None:
    import boto3

    from flows.build_warehouse import build_warehouse

    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="newsroom")
    s3.put_object(Bucket="newsroom", Key="2022/talks.txt", Body=ARTICLE_TEXTS[0].encode())
    s3.put_object(Bucket="newsroom", Key="2022/dump.jsonl.gz", Body=compress(jsonl_bytes(), "gz"))
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl)
    s3.put_object(Bucket="newsroom", Key="2022/crawl/crawl.warc.gz", Body=crawl.read_bytes())
    s3.put_object(Bucket="newsroom", Key="2022/scan.pdf", Body=b"%PDF-1.4")
    warehouse = tmp_path / "warehouse"

    first = build_warehouse(paths=["s3://newsroom/2022"], warehouse=warehouse)
    assert first["parsed"] == 5  # one text, three records, two pages; two texts are the same
    sources = [s for (s,) in _rows(warehouse, "select source from sources order by source")]
    assert "s3://newsroom/2022/talks.txt" in sources and "s3://newsroom/2022/dump.jsonl.gz#3" in sources
    assert any(s.startswith("s3://newsroom/2022/crawl/crawl.warc.gz#") for s in sources)
    reasons = dict(_rows(warehouse, "select source, reason from rejects"))
    assert reasons["s3://newsroom/2022/scan.pdf"] == "unsupported_type"

    again = build_warehouse(paths=["s3://newsroom/2022"], warehouse=warehouse)
    assert (again["new"], again["changed"], again["parsed"]) == (0, 0, 0)
    assert again["seconds"].get("read", 0.0) < 1.0

    # The same size, other words: the ETag tells, within the same second.
    replaced = ARTICLE_TEXTS[0].replace("Tuesday", "Thursda")
    assert len(replaced) == len(ARTICLE_TEXTS[0])
    s3.put_object(Bucket="newsroom", Key="2022/talks.txt", Body=replaced.encode())
    s3.delete_object(Bucket="newsroom", Key="2022/scan.pdf")
    third = build_warehouse(paths=["s3://newsroom/2022"], warehouse=warehouse)
    assert (third["changed"], third["parsed"]) == (1, 1)
    texts = [t for (t,) in _rows(warehouse, "select text from documents where source like '%talks.txt'")]
    assert texts == [replaced]
    # The PDF is gone; the crawl's other records stay accounted for: two not HTML, a redirect, a
    # 404, and one row counting the records that hold no page.
    assert _rows(warehouse, "select count(*) from rejects") == [(5,)]


@pytest.mark.parametrize("where", ["missing bucket", "no endpoint"])
def test_a_location_that_cannot_be_listed_is_a_one_line_error(s3_endpoint: str, tmp_path: Path, where: str) -> None:
    url = "s3://no-such-bucket/news" if where == "missing bucket" else "s3://newsroom/2022"
    endpoint = s3_endpoint if where == "missing bucket" else f"http://127.0.0.1:{_free_port()}"
    result = subprocess.run(
        [str(Path(sys.executable).with_name("presstables")), "run", url, "--warehouse", str(tmp_path / "wh")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "1"},
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"presstables: InputUnreachable: could not list {url}: "), lines
    assert not (tmp_path / "wh" / "catalog.json").exists()


def test_archives_dumps_and_bad_inputs_in_one_run(tmp_path: Path) -> None:
    from flows.build_warehouse import build_warehouse

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_warc(corpus / "crawl.warc.gz")
    (corpus / "dump.jsonl.zst").write_bytes(compress(jsonl_bytes(), "zst"))
    write_parquet(corpus / "table.parquet", text_column="story_body")
    (corpus / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (corpus / "surrogate.jsonl").write_text(
        json.dumps({"text": "Officials said \ud800 the talks would resume in January."}) + "\n"
    )
    latin = os.path.join(os.fsencode(corpus), b"latin1-\xe9t\xe9")
    os.mkdir(latin)
    with open(os.path.join(latin, b"d\xe9p\xeache.txt"), "wb") as out:
        out.write(b"Ministers said on Friday that the budget would be published next week.")
    warehouse = tmp_path / "warehouse"

    summary = build_warehouse(paths=[corpus], warehouse=warehouse, fields={"text": "story_body"})
    assert summary["rejects_by_reason"]["bad_json"] == 1
    docs = dict(_rows(warehouse, "select source, text from documents"))
    assert docs[f"{corpus}/surrogate.jsonl#1"] == "Officials said \ufffd the talks would resume in January."
    assert docs[f"{corpus}/latin1-\\xe9t\\xe9/d\\xe9p\\xeache.txt"].startswith("Ministers said on Friday")
    sources = {s for (s,) in _rows(warehouse, "select source from sources")}
    assert {f"{corpus}/table.parquet#3", f"{corpus}/dump.jsonl.zst#3"} <= sources
    assert sum(1 for s in sources if s.startswith(f"{corpus}/crawl.warc.gz#")) == 2
    speakers = [n for (n,) in _rows(warehouse, "select speaker_name from statements")]
    assert "Mick Lynch" in speakers

    # Nothing changed: the printable name finds its file again, and nothing is read.
    again = build_warehouse(paths=[corpus], warehouse=warehouse, fields={"text": "story_body"})
    assert (again["new"], again["changed"], again["removed"], again["parsed"]) == (0, 0, 0, 0)
