"""Discover input files, decode and normalize their text, read articles out of them.

Every input either becomes an `Article` or a `Reject` with a reason code: nothing is dropped.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".jsonl", ".json"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

# Files that are part of a corpus folder's housekeeping, not articles.
IGNORED_NAMES = {"SOURCES.md", "README.md", "LICENSE", "LICENSE.md", ".gitignore", ".DS_Store"}

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Article:
    """One article read from an input, with its normalized text."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: dt.date | None = None
    origin: str | None = None

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.text)


@dataclass(frozen=True)
class Listing:
    """An article as a run lists it before parsing: where it is and the hash of its text. The text
    itself is read again when its batch is parsed, so a run never holds the whole corpus."""

    source: str
    path: Path
    doc_id: str
    n_words: int


@dataclass(frozen=True)
class Reject:
    """An input that did not become a document, and why."""

    source: str
    reason: str
    detail: str


class DecodeError(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def doc_id_for(text: str) -> str:
    """Stable id of a document: a hash of its normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- discovery -------------------------------------------------------------------------------


class FileStat(NamedTuple):
    """A discovered input file: its path, size and modification time, read without opening it.
    (A tuple, not a dataclass: a listing makes one per file, a million for a large corpus.)"""

    path: str
    size: int
    mtime_ns: int


def scan(paths: Iterable[Path | str]) -> Iterator[FileStat | Reject]:
    """Walk the input paths recursively (folders in sorted order, hidden entries and housekeeping
    files skipped, symlinked folders followed once): every supported file with its size and
    modification time, and a reject for everything else. One `stat` per file, no reads."""
    for path in paths:
        path = str(path)
        if os.path.isdir(path):
            yield from _scan_dir(path, set())
        elif os.path.isfile(path):
            yield _classify(path, os.stat(path))
        else:
            yield Reject(path, "not_found", f"{path} does not exist or is not a regular file")


def _scan_dir(root: str, seen: set[str]) -> Iterator[FileStat | Reject]:
    """Folders depth first with an explicit stack (one generator, not one per folder level: a
    listing passes a million files through it), each folder's entries in name order."""
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            yield Reject(folder, "symlink_loop", f"{folder} leads back to {real}; not walked again")
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            yield Reject(folder, "unreadable", f"could not list the folder: {exc.strerror or exc}")
            continue
        folders = []
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(entry.path)
            elif name not in IGNORED_NAMES:
                try:
                    stat = entry.stat()
                except OSError:
                    stat = None
                dot = name.rfind(".")
                if stat is not None and dot > 0 and name[dot:].lower() in SUPPORTED_SUFFIXES and S_ISREG(stat.st_mode):
                    yield FileStat(entry.path, stat.st_size, stat.st_mtime_ns)  # the common case, inline
                else:
                    yield _classify(entry.path, stat)
        stack.extend(reversed(folders))


def _classify(path: str, stat: os.stat_result | None) -> FileStat | Reject:
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return Reject(path, "unsupported_type", f"extension {suffix or '(none)'!r} is not one of {supported}")
    if stat is None or not S_ISREG(stat.st_mode):
        return Reject(path, "not_a_file", f"{path} is a broken link or not a regular file")
    return FileStat(path, stat.st_size, stat.st_mtime_ns)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Reject]]:
    """The supported files of the input paths (sorted) and the rejected ones."""
    files: list[Path] = []
    rejects: list[Reject] = []
    for item in scan(paths):
        if isinstance(item, FileStat):
            files.append(Path(item.path))
        else:
            rejects.append(item)
    return sorted(set(files)), sorted(rejects, key=lambda r: r.source)


# --- decoding and normalization ----------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]|\u00e2[\u0080-\u00bf\u20ac]")


def decode_bytes(data: bytes) -> str:
    """Decode file bytes: BOM-marked UTF-8/16/32, else UTF-8, else the detected legacy encoding."""
    if not data.strip():
        raise DecodeError("empty", "the file is empty or holds only whitespace")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    "undecodable", f"starts with a {codec} byte-order mark but is not valid {codec}: {exc}"
                ) from exc
    if b"\x00" in data[:8192]:
        raise DecodeError("binary", "the file holds NUL bytes: it is binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _as_windows_1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable", "the bytes are not UTF-8 and match no known text encoding")
    return str(best)


def _as_windows_1252(data: bytes) -> str | None:
    """Windows-1252 (the superset of Latin-1 that Western news files use) when the bytes read
    as mostly-ASCII text in it. Text in other scripts decodes to nearly all non-ASCII letters and
    is left to the detector, which guesses poorly between Western code pages on short texts."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    return text if non_ascii / len(letters) < 0.3 else None


def normalize_text(text: str) -> str:
    """BOM removed, CRLF/CR to LF, control characters dropped, mojibake repaired, Unicode NFC.

    Valid UTF-8 text with LF line ends in NFC and no control characters comes back unchanged.
    """
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    # Repair until nothing changes, so normalizing twice gives the same text.
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            break
        import ftfy

        fixed = unicodedata.normalize("NFC", _CONTROL.sub("", ftfy.fix_encoding(text)))
        if fixed == text:
            break
        text = fixed
    return text


def title_of(text: str) -> str | None:
    """The first line is the title when a blank line follows it."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(first.strip()) <= 300:
        return first.strip()
    return None


def parse_date(value: object) -> dt.date | None:
    """A date from metadata: ISO dates and timestamps, or anything dateutil understands."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser

        return date_parser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError, ImportError):
        return None


# --- readers -----------------------------------------------------------------------------------


def read_inputs(path: Path) -> Iterator[Article | Reject]:
    """Read one file into articles (one for a text or HTML file, one per record for JSONL)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Reject(source, "too_large", f"{size} bytes is over the {MAX_FILE_BYTES} byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, "unreadable", f"could not read the file: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        yield from _read_json(source, data, lines=suffix == ".jsonl")
        return
    try:
        raw = decode_bytes(data)
    except DecodeError as exc:
        yield Reject(source, exc.reason, exc.detail)
        return
    if suffix in HTML_SUFFIXES:
        yield _read_html(source, raw)
        return
    yield _article(source, raw)


def _article(source: str, raw: str, **meta: object) -> Article | Reject:
    text = normalize_text(raw)
    if not text.strip():
        return Reject(source, "empty", "no text left after decoding and normalization")
    title = meta.pop("title", None) or title_of(text)
    return Article(
        source=source,
        text=text,
        title=_clean_meta(title),
        url=_clean_meta(meta.get("url")),
        author=_clean_meta(meta.get("author")),
        published=parse_date(meta.get("published")),
        origin=_clean_meta(meta.get("origin")),
    )


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    text = normalize_text(str(value)).strip()
    return text or None


def _read_html(source: str, html: str) -> Article | Reject:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return Reject(source, "bad_html", f"could not extract the article from the HTML: {exc}")
    if extracted is None:
        return Reject(source, "no_text", "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        return Reject(source, "no_text", "no article text found in the HTML")
    return _article(
        source,
        text,
        title=data.get("title"),
        url=data.get("url"),
        author=data.get("author"),
        published=data.get("date"),
    )


def _read_json(source: str, data: bytes, lines: bool) -> Iterator[Article | Reject]:
    try:
        raw = decode_bytes(data)
    except DecodeError as exc:
        yield Reject(source, exc.reason, exc.detail)
        return
    raw = raw.lstrip("\ufeff")
    if lines:
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            record_source = f"{source}#{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Reject(
                    record_source, "bad_json", f"line {number} is not valid JSON: {exc.msg} at column {exc.colno}"
                )
                continue
            yield _record(record_source, record)
        return
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        yield Reject(source, "bad_json", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, start=1):
        yield _record(f"{source}#{number}" if isinstance(document, list) else source, record)


def _record(source: str, record: object) -> Article | Reject:
    if not isinstance(record, dict):
        return Reject(source, "bad_record", f"expected a JSON object, found {type(record).__name__}")
    if "text" not in record or record["text"] is None:
        return Reject(source, "no_text", "the record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        return Reject(source, "bad_text", f"'text' must be a string, found {type(text).__name__}")
    if not text.strip():
        return Reject(source, "empty", "the record's 'text' is empty")
    origin = " ".join(f"{key}={record[key]}" for key in ("source", "id") if isinstance(record.get(key), (str, int)))
    return _article(
        source,
        text,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        author=record.get("author") if isinstance(record.get("author"), str) else None,
        published=record.get("published"),
        origin=origin or None,
    )
