"""Reading inputs: decoding, normalization, titles, JSONL records, discovery."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from flows.inputs import Article, Reject, decode_bytes, discover, normalize_text, read_inputs, title_of

SENTENCE = "Karen Donfried told reporters on Tuesday that the US will “decide on a date” together with Russia."


def read_one(path: Path) -> Article | Reject:
    items = list(read_inputs(path))
    assert len(items) == 1
    return items[0]


def test_valid_utf8_text_is_stored_as_is(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    text = "Talks expected in January\n\n" + SENTENCE + "\n"
    path.write_bytes(text.encode("utf-8"))
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.title == "Talks expected in January"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Café talks\r\nresume.".encode(), "Café talks\nresume."),
        ("Café “talks” resume.".encode("cp1252"), "Café “talks” resume."),
        (codecs.BOM_UTF16_LE + "NATO’s meeting".encode("utf-16-le"), "NATO’s meeting"),
        ("Cafe\u0301 talks".encode(), "Café talks"),  # decomposed é becomes NFC
        ("It donâ€™t matter".encode(), "It don’t matter"),  # mojibake repaired
    ],
)
def test_decoding_and_normalization(data: bytes, expected: str) -> None:
    assert normalize_text(decode_bytes(data)) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"\x00\x01\x02binary\x00", "binary")],
)
def test_bad_files_are_rejected_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    item = read_one(path)
    assert isinstance(item, Reject)
    assert item.reason == reason
    assert item.detail


def test_title_needs_a_blank_line() -> None:
    assert title_of("Headline\n\nBody") == "Headline"
    assert title_of(SENTENCE + "\nSecond paragraph") is None


def test_jsonl_records_each_become_an_article_or_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": SENTENCE, "title": "Talks", "url": "https://example.org/a", "published": "2021-12-21"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": "NATO Secretary General Jens Stoltenberg said he intends to call a meeting.", "id": 7}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_inputs(path))
    by_source = {item.source: item for item in items}
    assert sorted(by_source) == [f"{path}#{n}" for n in (1, 2, 3, 4, 6)]
    first = by_source[f"{path}#1"]
    assert isinstance(first, Article) and first.title == "Talks" and str(first.published) == "2021-12-21"
    assert [by_source[f"{path}#{n}"].reason for n in (2, 3, 4)] == ["bad_json", "no_text", "bad_text"]  # type: ignore[union-attr]
    assert by_source[f"{path}#6"].origin == "id=7"  # type: ignore[union-attr]


def test_discover_walks_folders_and_rejects_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SENTENCE)
    (tmp_path / "b.md").write_text(SENTENCE)
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    files, rejects = discover([tmp_path])
    assert [f.name for f in files] == ["b.md", "a.txt"]
    reasons = {Path(r.source).name: r.reason for r in rejects}
    assert reasons["c.pdf"] == "unsupported_type"
    assert reasons["loop"] == "symlink_loop"


ARTICLE_HTML = (Path(__file__).parent / "data" / "us-russia-talks.html").read_text(encoding="utf-8")


def test_html_article_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.title == "US and Russia to begin security talks in January"
    assert article.url == "https://news.example.org/2021/12/21/us-russia-security-talks"
    assert str(article.published) == "2021-12-21"
    assert article.author == "Jane Reporter"
    assert "Karen Donfried, assistant secretary of State" in article.text
    assert "Subscribe to our newsletter" not in article.text and "Home" not in article.text
