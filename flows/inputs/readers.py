"""Read one input into articles: open it (on disk or in a store), undo its compression, and hand
the stream to the reader of its format.

Streamed formats (JSONL, CSV, Parquet, WARC, tar) are read record by record, so memory follows
the record, not the file; whole-text formats (text, HTML, JSON) are read up to `MAX_FILE_BYTES`.
A fault in the middle of a stream (a cut-short archive, a corrupt compressed block) keeps every
record read before it and adds one reject for the rest of the file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from flows.inputs import archives, tables
from flows.inputs.discovery import printable, real_path
from flows.inputs.formats import Kind, describe_supported, kind_of
from flows.inputs.model import Article, CompressionError, DecodeError, Fields, Reject
from flows.inputs.records import html_article, make_article, record_article
from flows.inputs.remote import RemoteReadError, is_url, open_remote
from flows.inputs.text import decode_bytes, decode_line

MAX_FILE_BYTES = 200 * 1024 * 1024  # a whole-text file (text, HTML, JSON), after decompression
MAX_RECORD_BYTES = 50 * 1024 * 1024  # one JSONL line, CSV field, WARC payload or tar member
READ_SIZE = 1 << 16
WHOLE_TEXT = {"text", "html", "json"}  # formats read whole, up to MAX_FILE_BYTES

Reader = Callable[[str, IO[bytes], Fields], Iterator[Article | Reject]]


def read_inputs(path: Path | str, fields: Fields | None = None, start: int = 0) -> Iterator[Article | Reject]:
    """Read one input (a local path, possibly printable-escaped, or a URL) into articles and
    rejects: one article for a text or HTML file, one per record for the other formats. `start`
    is the offset of a WARC record to start from (a batch that wants the records from there on
    seeks, rather than reading the archive from its beginning)."""
    source = printable(str(path))
    fields = fields or Fields()
    kind = kind_of(os.path.basename(source.rstrip("/")))
    if kind is None:
        yield Reject(source, "unsupported_type", f"not one of {describe_supported()}")
        return
    if kind.format in WHOLE_TEXT and kind.compression is None and not is_url(source):
        try:
            size = os.stat(real_path(source)).st_size
        except OSError:
            size = 0  # the open below says why
        if size > MAX_FILE_BYTES:
            yield Reject(source, "too_large", f"{size} bytes is over the {MAX_FILE_BYTES} byte limit of a whole file")
            return
    try:
        raw = open_remote(source) if is_url(source) else open(real_path(source), "rb")  # noqa: SIM115
    except RemoteReadError as exc:
        yield Reject(source, "unreachable", f"could not read the object: {exc}")
        return
    except OSError as exc:
        yield Reject(source, "unreadable", f"could not read the file: {exc.strerror or exc}")
        return
    with raw:
        if start and kind.format == "warc" and kind.compression in (None, "gzip"):
            raw.seek(start)
        yield from read_stream(source, raw, kind, fields)


def read_stream(source: str, raw: IO[bytes], kind: Kind, fields: Fields) -> Iterator[Article | Reject]:
    """Articles and rejects from an open binary stream of the given kind."""
    try:
        if kind.format == "warc" and kind.compression == "gzip":
            stream = raw  # a WARC's gzip is per record, and the WARC reader undoes it record by record
        else:
            stream = decompress(raw, kind.compression)
        if kind.format == "parquet" and kind.compression is not None:
            # Parquet is read from its footer back: a compressed file is spooled to a temporary
            # file first (on disk, not in memory).
            with tempfile.TemporaryFile() as spooled:
                shutil.copyfileobj(stream, spooled, READ_SIZE)
                spooled.seek(0)
                yield from READERS[kind.format](source, spooled, fields)  # type: ignore[arg-type]
            return
        yield from READERS[kind.format](source, stream, fields)
    except CompressionError as exc:
        yield Reject(source, "bad_compression", f"the {kind.compression} stream is corrupt or cut short: {exc}")
    except RemoteReadError as exc:
        yield Reject(source, "unreachable", f"reading the object failed part-way: {exc}")
    except OSError as exc:  # a disk or network fault in the middle of the file
        yield Reject(source, "unreadable", f"reading the file failed part-way: {exc.strerror or exc}")


def decompress(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression is None:
        return raw
    if compression == "gzip":
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    elif compression == "bz2":
        stream = bz2.BZ2File(raw, mode="rb")
    elif compression == "xz":
        stream = lzma.LZMAFile(raw, mode="rb")
    else:
        stream = _Zstd(raw)  # type: ignore[assignment]
    return io.BufferedReader(_Checked(stream), buffer_size=READ_SIZE)


class _Checked(io.RawIOBase):
    """A decompressed stream whose codec errors all become `CompressionError`."""

    ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError)

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        try:
            # One decompression step at a time, so a fault loses only the step it happens in.
            data = self.stream.read1(len(buffer))  # type: ignore[attr-defined]
        except RemoteReadError:
            raise
        except self.ERRORS as exc:
            raise CompressionError(str(exc) or type(exc).__name__) from None
        buffer[: len(data)] = data
        return len(data)


class _Zstd(io.RawIOBase):
    """A zstd stream of one or more frames. (zstandard's own stream reader ends quietly at a
    frame cut short; this one says so.)"""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self.raw = raw
        self.new = zstandard.ZstdDecompressor().decompressobj
        self.decoder = self.new()
        self.pending = b""
        self.out = b""
        self.started = False

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1) -> bytes:
        if not self.out:
            self.out = self._step()
        if size < 0 or size >= len(self.out):
            data, self.out = self.out, b""
        else:
            data, self.out = self.out[:size], self.out[size:]
        return data

    def _step(self) -> bytes:
        import zstandard

        while True:
            if self.pending:
                data, self.pending = self.pending, b""
            else:
                data = self.raw.read(READ_SIZE)
                if not data:
                    if self.started and not self.decoder.eof:
                        raise CompressionError("the last zstd frame is cut short")
                    return b""
            try:
                out = self.decoder.decompress(data)
            except zstandard.ZstdError as exc:
                raise CompressionError(str(exc)) from None
            self.started = True
            if self.decoder.eof:
                self.pending = self.decoder.unused_data
                self.decoder = self.new()
                self.started = False
            if out:
                return out

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        data = self.read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_capped(stream: IO[bytes], limit: int) -> bytes | None:
    """The whole stream, or None when it holds more than `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit and (chunk := stream.read(min(1 << 20, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


def read_whole(source: str, stream: IO[bytes], what: str) -> str | Reject:
    """A whole-text file's decoded text, or why it has none (over `MAX_FILE_BYTES`, or not text)."""
    data = read_capped(stream, MAX_FILE_BYTES)
    if data is None:
        return Reject(source, "too_large", f"over the {MAX_FILE_BYTES} byte limit of {what}")
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        return Reject(source, exc.reason, exc.detail)


def read_text(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    raw = read_whole(source, stream, "a text file")
    yield raw if isinstance(raw, Reject) else make_article(source, raw)


def read_html(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    raw = read_whole(source, stream, "an HTML file")
    yield raw if isinstance(raw, Reject) else html_article(source, raw)


def read_json(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    """A JSON object, or a list of them (the n-th item's source is `path#n`)."""
    raw = read_whole(source, stream, "a JSON file")
    if isinstance(raw, Reject):
        yield raw
        return
    try:
        document = json.loads(raw.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        yield Reject(source, "bad_json", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Reject(source, "bad_json", "nested too deeply to read (thousands of levels)")
        return
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, start=1):
        yield record_article(f"{source}#{number}" if isinstance(document, list) else source, record, fields)


def read_jsonl(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    """One record per line (`path#line`), streamed; blank lines are skipped but counted."""
    buffered = stream if isinstance(stream, io.BufferedIOBase) else io.BufferedReader(stream)  # type: ignore[arg-type,type-var]
    number = 0
    while True:
        line = buffered.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        number += 1
        record_source = f"{source}#{number}"
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while (rest := buffered.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield Reject(record_source, "too_large", f"line {number} is over the {MAX_RECORD_BYTES} byte limit")
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        try:
            record = json.loads(decode_line(line))
        except DecodeError as exc:
            yield Reject(record_source, exc.reason, f"line {number}: {exc.detail}")
            continue
        except json.JSONDecodeError as exc:
            yield Reject(record_source, "bad_json", f"line {number} is not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Reject(record_source, "bad_json", f"line {number} is nested too deeply to read")
            continue
        yield record_article(record_source, record, fields)


def _read_tar(source: str, stream: IO[bytes], fields: Fields) -> Iterator[Article | Reject]:
    return archives.read_tar(source, stream, fields, read_stream)


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": tables.read_csv,
    "parquet": tables.read_parquet,
    "warc": archives.read_warc,
    "tar": _read_tar,
}
