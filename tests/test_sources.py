"""Inputs in the formats news corpora come in: web archives, compressed dumps, Parquet, CSV, tar;
and the bad inputs that once stopped a whole run."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from sources import (
    ARTICLE_TEXTS,
    STRIKE_HTML,
    TALKS_HTML,
    compress,
    jsonl_bytes,
    records,
    write_parquet,
    write_warc,
)

from flows.inputs import Article, Fields, Reject, kind_of, read_inputs, scan


def split(items: list[Article | Reject]) -> tuple[list[Article], list[Reject]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Reject)]


# --- web archives --------------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_a_crawl_gives_one_article_per_html_page_and_accounts_for_every_other_record(
    tmp_path: Path, gzipped: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    uris = write_warc(path, gzip_records=gzipped)
    articles, rejects = split(list(read_inputs(path)))

    assert [a.title for a in articles] == [
        "US and Russia to begin security talks in January",
        "Rail workers to strike over pay, union says",
    ]
    talks, strike = articles
    assert "Karen Donfried, assistant secretary of State" in talks.text
    assert "Subscribe to our newsletter" not in strike.text and "Home" not in strike.text
    # The page's own canonical URL wins; a page without one takes the record's target URI.
    assert talks.url == "https://news.example.org/2021/12/21/us-russia-security-talks"
    assert strike.url == uris["strike"]
    assert str(strike.published) == "2022-06-14" and strike.author == "Sam Fielding"
    assert strike.origin == f"crawled=2022-06-15T08:30:00Z uri={uris['strike']}"

    reasons = {r.reason: r for r in rejects}
    assert sorted(reasons) == ["http_error", "not_html", "not_pages", "redirect"]
    assert [r.reason for r in rejects].count("not_html") == 2  # the PDF and the image
    assert uris["redirect"] in reasons["redirect"].detail and "301" in reasons["redirect"].detail
    assert "404" in reasons["http_error"].detail
    assert reasons["not_pages"].detail == "6 metadata, 6 request, 1 warcinfo records: they hold no page"

    # Each record's source is the file and the record's offset: reading from there gives the page.
    offsets = [int(a.source.rsplit("#", 1)[1]) for a in articles]
    assert offsets[0] < offsets[1] and all(a.source.startswith(f"{path}#") for a in articles)
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        stream.seek(offsets[1])
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == uris["strike"]


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_a_crawl_cut_short_keeps_the_pages_before_the_cut(tmp_path: Path, suffix: str) -> None:
    whole = tmp_path / f"whole{suffix}"
    write_warc(whole, gzip_records=suffix.endswith(".gz"))
    data = whole.read_bytes()
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    articles, rejects = split(list(read_inputs(cut)))
    assert [a.title for a in articles] == [
        "US and Russia to begin security talks in January",
        "Rail workers to strike over pay, union says",
    ]
    assert any(r.reason == "bad_archive" and r.source == str(cut) for r in rejects)


# --- compressed dumps ----------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["gz", "bz2", "zst", "xz"])
def test_compressed_dumps_read_as_the_uncompressed_file(tmp_path: Path, codec: str) -> None:
    plain = tmp_path / "dump.jsonl"
    plain.write_bytes(jsonl_bytes())
    packed = tmp_path / f"dump.jsonl.{codec}"
    packed.write_bytes(compress(jsonl_bytes(), codec))
    text = tmp_path / f"story.txt.{codec}"
    text.write_bytes(compress(ARTICLE_TEXTS[0].encode(), codec))
    as_json = tmp_path / f"list.json.{codec}"
    as_json.write_bytes(compress(json.dumps(records()).encode(), codec))

    expected = [(a.text, a.title, a.url, a.published) for a in read_inputs(plain)]  # type: ignore[union-attr]
    got = list(read_inputs(packed))
    assert [(a.text, a.title, a.url, a.published) for a in got] == expected  # type: ignore[union-attr]
    assert [a.source for a in got] == [f"{packed}#{n}" for n in (1, 2, 3)]
    assert [a.text for a in read_inputs(text)] == [ARTICLE_TEXTS[0]]  # type: ignore[union-attr]
    assert len([a for a in read_inputs(as_json) if isinstance(a, Article)]) == 3


@pytest.mark.parametrize("codec", ["gz", "zst"])
def test_a_truncated_stream_keeps_the_records_before_the_fault(tmp_path: Path, codec: str) -> None:
    many = b"".join(
        json.dumps({"text": f"Story number {n}. {ARTICLE_TEXTS[n % 3]}"}).encode() + b"\n" for n in range(3000)
    )
    data = compress(many, codec)
    path = tmp_path / f"dump.jsonl.{codec}"
    path.write_bytes(data[: len(data) // 2])
    articles, rejects = split(list(read_inputs(path)))
    assert 100 < len(articles) < 3000
    assert [a.source for a in articles[:2]] == [f"{path}#1", f"{path}#2"]
    assert [r.reason for r in rejects][-1] == "bad_compression"
    assert rejects[-1].source == str(path)


def test_names_say_the_format_and_compression() -> None:
    assert kind_of("crawl.warc.gz") == ("warc", "gzip")
    assert kind_of("Dump.JSONL.ZST") == ("jsonl", "zstd")
    assert kind_of("articles.tgz") == ("tar", "gzip")
    assert kind_of("table.parquet") == ("parquet", None)
    assert kind_of("table.parquet.gz") == ("parquet", "gzip")
    assert kind_of("scan.pdf.gz") is None
    assert kind_of("archive.gz") is None


# --- Parquet, CSV and tar ------------------------------------------------------------------------


def test_parquet_rows_become_articles_with_common_column_names(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    write_parquet(path)
    articles = list(read_inputs(path))
    assert [a.source for a in articles] == [f"{path}#{n}" for n in (1, 2, 3)]
    first = articles[0]
    assert isinstance(first, Article)
    assert first.text == ARTICLE_TEXTS[0] and first.title == "Story 1" and str(first.published) == "2022-06-14"
    assert first.author == "Sam Fielding, Jo Park"  # a list of authors, joined


def test_a_compressed_parquet_file_is_read_too(tmp_path: Path) -> None:
    plain = tmp_path / "news.parquet"
    write_parquet(plain)
    packed = tmp_path / "news.parquet.zst"
    packed.write_bytes(compress(plain.read_bytes(), "zst"))
    assert [a.text for a in read_inputs(packed)] == ARTICLE_TEXTS  # type: ignore[union-attr]


def test_the_text_column_can_be_named_and_a_file_without_it_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    write_parquet(path, text_column="story_body")
    (missing,) = list(read_inputs(path))
    assert isinstance(missing, Reject) and missing.reason == "no_text_column"
    assert "story_body" in missing.detail and "--text-column" in missing.detail
    named = list(read_inputs(path, Fields(text="story_body")))
    assert [a.text for a in named] == ARTICLE_TEXTS  # type: ignore[union-attr]


def test_a_corrupt_parquet_footer_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    write_parquet(path)
    path.write_bytes(path.read_bytes()[:-12])
    (reject,) = list(read_inputs(path))
    assert isinstance(reject, Reject) and reject.reason == "bad_parquet"


def test_csv_rows_become_articles(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "news.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["headline", "story_text", "link"])
        for n, text in enumerate(ARTICLE_TEXTS, start=1):
            writer.writerow([f"Story {n}", text, f"https://news.example.org/{n}"])
    (missing,) = list(read_inputs(path))
    assert isinstance(missing, Reject) and missing.reason == "no_text_column"
    articles = list(read_inputs(path, Fields(text="story_text")))
    assert [(a.text, a.title, a.url) for a in articles] == [  # type: ignore[union-attr]
        (text, f"Story {n}", f"https://news.example.org/{n}") for n, text in enumerate(ARTICLE_TEXTS, start=1)
    ]
    assert articles[1].source == f"{path}#2"


def test_a_tar_archive_is_read_member_by_member(tmp_path: Path) -> None:
    path = tmp_path / "articles.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [
            ("news/talks.html", TALKS_HTML),
            ("news/strike.html", STRIKE_HTML),
            ("news/dump.jsonl", jsonl_bytes()),
            ("news/photo.jpg", b"\xff\xd8\xff"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    articles, rejects = split(list(read_inputs(path)))
    assert [a.source for a in articles] == [
        f"{path}#news/talks.html",
        f"{path}#news/strike.html",
        f"{path}#news/dump.jsonl#1",
        f"{path}#news/dump.jsonl#2",
        f"{path}#news/dump.jsonl#3",
    ]
    assert [(r.source, r.reason) for r in rejects] == [(f"{path}#news/photo.jpg", "unsupported_type")]


# --- repairs and bad input -----------------------------------------------------------------------


def test_stray_nul_bytes_are_dropped_but_a_mostly_nul_or_signed_binary_file_is_rejected(tmp_path: Path) -> None:
    text = ARTICLE_TEXTS[0] + "\n\n" + ARTICLE_TEXTS[1] + "\n"
    stray = tmp_path / "export.txt"
    stray.write_bytes(text[:40].encode() + b"\x00" + text[40:].encode() + b"\x00\x00")
    (article,) = list(read_inputs(stray))
    assert isinstance(article, Article) and article.text == text
    mostly = tmp_path / "mostly.txt"
    mostly.write_bytes(b"\x00" * 200 + b"Some text" + b"\x00" * 200)
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.7\n" + text.encode())
    assert [r.reason for r in read_inputs(mostly)] == ["binary"]  # type: ignore[union-attr]
    assert [r.reason for r in read_inputs(pdf)] == ["binary"]  # type: ignore[union-attr]


def test_json_nested_thousands_deep_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"text": "One good line."}\n' + "[" * 5000 + "]" * 5000 + "\n")
    assert [(r.reason) for r in read_inputs(deep)] == ["bad_json"]  # type: ignore[union-attr]
    good, bad = list(read_inputs(lines))
    assert isinstance(good, Article) and isinstance(bad, Reject) and bad.reason == "bad_json"


def test_a_lone_surrogate_escape_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "Officials said \\ud800 talks would resume.", "title": "Talks \\udfff"}\n')
    (article,) = list(read_inputs(path))
    assert isinstance(article, Article)
    assert article.text == "Officials said \ufffd talks would resume."
    assert article.title == "Talks \ufffd"
    article.text.encode("utf-8")


def test_a_name_that_is_not_utf8_is_kept_under_a_printable_stable_name(tmp_path: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"latin1-\xe9t\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"r\xe9sum\xe9.txt"), "wb") as out:
        out.write(ARTICLE_TEXTS[0].encode())
    (found,) = list(scan([tmp_path]))
    assert found.path == f"{tmp_path}/latin1-\\xe9t\\xe9/r\\xe9sum\\xe9.txt"
    assert list(scan([tmp_path])) == [found]  # stable
    (article,) = list(read_inputs(found.path))
    assert isinstance(article, Article) and article.source == found.path and article.text == ARTICLE_TEXTS[0]


def test_a_batch_of_an_archive_is_read_from_its_first_record_on(tmp_path: Path) -> None:
    from flows.inputs import Listing
    from flows.parsing import first_offset, reread_articles

    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    _, strike = [a for a in read_inputs(path) if isinstance(a, Article)]
    wanted = [Listing(strike.source, str(path), strike.doc_id, len(strike.text.split()))]
    assert first_offset(str(path), [strike.source]) == int(strike.source.rsplit("#", 1)[1]) > 0
    changed: list[Reject] = []
    assert list(reread_articles(wanted, changed)) == [strike] and not changed


def test_a_file_over_the_whole_file_limit_is_rejected_without_being_read(tmp_path: Path, monkeypatch) -> None:
    from flows.inputs import readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE_TEXTS[0] * 3)
    packed = tmp_path / "big.txt.gz"
    packed.write_bytes(compress((ARTICLE_TEXTS[0] * 3).encode(), "gz"))  # told only once decompressed
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(jsonl_bytes())  # streamed: no whole-file limit
    assert [r.reason for r in read_inputs(big)] == ["too_large"]  # type: ignore[union-attr]
    assert [r.reason for r in read_inputs(packed)] == ["too_large"]  # type: ignore[union-attr]
    assert len([a for a in read_inputs(dump) if isinstance(a, Article)]) == 3
