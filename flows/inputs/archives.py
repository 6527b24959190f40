"""Web archives (WARC) and tar archives of articles, read record by record.

A WARC `response` (or `resource`) record holding an HTML page becomes an article read with
trafilatura; its source is `file#offset`, the record's byte offset in the file (for a `.warc.gz`,
where its gzip member starts). Every other response (PDF, image, redirect, error status) is a
reject with its reason; records that hold no page (request, metadata, warcinfo, revisit) are not
articles and are counted in one `not_pages` reject per archive, so each record is accounted for.
"""

from __future__ import annotations

import os
import tarfile
from collections import Counter
from collections.abc import Callable, Iterator
from typing import IO

from flows.inputs.discovery import printable
from flows.inputs.formats import IGNORED_NAMES, Kind, kind_of
from flows.inputs.model import Article, CompressionError, DecodeError, Fields, Reject
from flows.inputs.records import html_article
from flows.inputs.text import decode_bytes

PAGE_RECORDS = {"response", "resource"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAYLOAD_BYTES = 50 * 1024 * 1024
READ_SIZE = 1 << 16


def read_warc(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    from warcio.archiveiterator import ArchiveIterator

    skipped: Counter[str] = Counter()
    n_records = 0
    records = ArchiveIterator(stream)
    try:
        for record in records:
            if record.rec_type in PAGE_RECORDS:
                # Where the record starts: what `get_record_offset()` returns, which reads the
                # record to its end first, before its payload could be read.
                page = _page(f"{source}#{records.offset}", record)
            else:
                page = None
            if _cut_short(record):
                raise EOFError(f"record {n_records + 1} ends before its Content-Length")
            n_records += 1
            if page is None:
                skipped[record.rec_type] += 1
            else:
                yield page
        if _left_over(stream, records.offset):
            raise EOFError(f"the bytes after record {n_records} are not a whole record")
    except CompressionError:
        raise
    except Exception as exc:  # warcio raises its own and zlib's errors on a corrupt archive
        yield Reject(
            source,
            "bad_archive",
            f"the archive is corrupt or cut short after {n_records} records: {type(exc).__name__}: {exc}",
        )
    if skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield Reject(f"{source}#not_pages", "not_pages", f"{kinds} records: they hold no page")


def _cut_short(record) -> bool:  # type: ignore[no-untyped-def]
    """Whether the record's block ends before the length its header gives. (warcio ends the
    iteration quietly at a cut-short gzip member; reading the block to its end tells.)"""
    if record.rec_headers.get_header("Content-Length") is None:
        return True  # the header itself is cut short
    block = record.raw_stream
    while block.read(READ_SIZE):
        pass
    return getattr(block, "limit", 0) > 0


def _left_over(stream: IO[bytes], end: int) -> bool:
    """Whether the file goes on after the end of its last whole record: the start of a record
    cut short, which warcio does not report when it is a gzip member."""
    try:
        size = stream.tell()
    except (OSError, ValueError):
        return False  # a decompressed stream: a cut there is the codec's error
    if size <= end:
        return False
    stream.seek(end)
    return bool(stream.read(min(size - end, READ_SIZE)).strip())


def _page(source: str, record) -> Article | Reject:  # type: ignore[no-untyped-def]
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    crawled = headers.get_header("WARC-Date")
    where = f" ({uri})" if uri else ""
    if record.rec_type == "response" and record.http_headers is not None:
        status = str(record.http_headers.get_statuscode() or "")
        content_type = record.http_headers.get_header("Content-Type") or ""
        if status.startswith("3"):
            target = record.http_headers.get_header("Location") or "?"
            return Reject(source, "redirect", f"HTTP {status} to {target}{where}")
        if not status.startswith("2"):
            return Reject(source, "http_error", f"HTTP {status or 'status missing'}{where}")
    else:
        content_type = headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return Reject(source, "not_html", f"{content_type or 'no content type'}{where}")
    payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    if len(payload) > MAX_PAYLOAD_BYTES:
        return Reject(source, "too_large", f"the page is over {MAX_PAYLOAD_BYTES} bytes{where}")
    try:
        html = _decode_page(payload, content_type)
    except DecodeError as exc:
        return Reject(source, exc.reason, f"{exc.detail}{where}")
    origin = " ".join(part for part in (f"crawled={crawled}" if crawled else "", f"uri={uri}" if uri else "") if part)
    return html_article(source, html, url=uri, origin=origin or None)


def _decode_page(payload: bytes, content_type: str) -> str:
    """A page's text in the charset its HTTP header names, else as a file's bytes are decoded."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                return payload.decode(value.strip("\"' "))
            except (LookupError, UnicodeDecodeError):
                break
    return decode_bytes(payload)


def read_tar(
    source: str,
    stream: IO[bytes],
    fields: Fields,
    read_member: Callable[[str, IO[bytes], Kind, Fields], Iterator[Article | Reject]],
) -> Iterator[Article | Reject]:
    """Each file in a tar archive read by its own format; its source is `archive#member`."""
    n_members = 0
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                n_members += 1
                name = printable(member.name)
                base = os.path.basename(name)
                if not member.isfile() or not base or base.startswith(".") or base in IGNORED_NAMES:
                    continue
                member_source = f"{source}#{name}"
                kind = kind_of(base)
                if kind is None:
                    yield Reject(member_source, "unsupported_type", f"{base!r} is not a format presstables reads")
                    continue
                data = archive.extractfile(member)
                if data is not None:
                    yield from read_member(member_source, data, kind, fields)
    except tarfile.TarError as exc:
        yield Reject(source, "bad_archive", f"the tar archive is corrupt or cut short after {n_members} members: {exc}")
