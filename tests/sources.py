"""Test inputs in the formats news corpora come in, built with the libraries that write them: a
Common Crawl-style WARC written with warcio from real article pages, dumps compressed with each
codec, Parquet written with pyarrow."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
from pathlib import Path

DATA = Path(__file__).parent / "data"
TALKS_HTML = (DATA / "us-russia-talks.html").read_bytes()

# A second real-looking article page without a canonical URL of its own: the record's
# WARC-Target-URI becomes its URL.
STRIKE_HTML = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rail workers to strike over pay, union says</title>
<meta name="author" content="Sam Fielding"><meta name="date" content="2022-06-14"></head>
<body><nav><a href="/">Home</a> | <a href="/business">Business</a></nav>
<article><h1>Rail workers to strike over pay, union says</h1>
<p>Rail workers will walk out on three days next week after talks with train operators broke down,
their union said on Tuesday.</p>
<p>"We have been left with no choice," said Mick Lynch, the union's general secretary. He said members
had not had a pay rise in three years.</p>
<p>The Department for Transport said the strikes would hurt the passengers the railway depends on.
Officials added that talks could resume at any time.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>
"""

ARTICLE_TEXTS = [
    "NATO Secretary General Jens Stoltenberg said on Tuesday that he intends to call a meeting of the "
    "NATO-Russia Council in January.",
    "Karen Donfried told reporters that the US will “decide on a date” together with Russia.",
    "Rail workers will walk out next week, their union said. “We have been left with no choice,” said Mick Lynch.",
]


def records() -> list[dict[str, object]]:
    return [
        {"text": text, "title": f"Story {n}", "url": f"https://news.example.org/{n}", "published": "2022-06-14"}
        for n, text in enumerate(ARTICLE_TEXTS, start=1)
    ]


def jsonl_bytes() -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()).encode()


def compress(data: bytes, codec: str) -> bytes:
    if codec == "gz":
        return gzip.compress(data)
    if codec == "bz2":
        return bz2.compress(data)
    if codec == "xz":
        return lzma.compress(data)
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def write_warc(path: Path, gzip_records: bool = True) -> dict[str, str]:
    """A crawl of two article pages with everything else a crawl holds: a warcinfo record, a
    request and a metadata record for each page, a PDF, an image, a redirect and a 404. Returns
    the target URI of each kind of record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    uris = {
        "talks": "https://news.example.org/2021/12/21/us-russia-security-talks",
        "strike": "https://rail.example.com/news/strike-over-pay",
        "pdf": "https://news.example.org/report.pdf",
        "image": "https://news.example.org/logo.png",
        "redirect": "http://news.example.org/old-story",
        "missing": "https://news.example.org/gone",
    }
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "presstables tests"}))

        def response(uri: str, status: str, content_type: str, body: bytes, extra: list[tuple[str, str]] = []) -> None:  # noqa: B006
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", uri.split("/")[2])], protocol="HTTP/1.1", is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request)
            )
            headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2022-06-15T08:30:00Z"},
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "metadata",
                    payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields",
                )
            )

        response(uris["talks"], "200 OK", "text/html; charset=utf-8", TALKS_HTML)
        response(uris["pdf"], "200 OK", "application/pdf", b"%PDF-1.4 report")
        response(uris["strike"], "200 OK", "text/html", STRIKE_HTML)
        response(uris["image"], "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        response(uris["redirect"], "301 Moved Permanently", "text/html", b"", [("Location", uris["talks"])])
        response(uris["missing"], "404 Not Found", "text/html", b"<html><body>Not found</body></html>")
    return uris


def write_parquet(path: Path, text_column: str = "text") -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = records()
    table = pa.table(
        {
            text_column: [r["text"] for r in rows],
            "title": [r["title"] for r in rows],
            "url": [r["url"] for r in rows],
            "date": pa.array([dt.datetime(2022, 6, 14, 9, n) for n in range(len(rows))], pa.timestamp("us")),
            "authors": [["Sam Fielding", "Jo Park"], None, ["Sam Fielding"]],
        }
    )
    pq.write_table(table, path, row_group_size=2)
