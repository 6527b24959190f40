"""What reading an input produces: articles, rejects, listings and discovered files."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import NamedTuple


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
    itself is read again when its batch is parsed, so a run never holds the whole corpus. `path`
    is the input it came from: a local path or an object-store URL."""

    source: str
    path: str
    doc_id: str
    n_words: int


@dataclass(frozen=True)
class Reject:
    """An input (a file, or a record inside one) that did not become a document, and why."""

    source: str
    reason: str
    detail: str


class FileStat(NamedTuple):
    """A discovered input file: its path, size and modification time, read without opening it.
    (A tuple, not a dataclass: a listing makes one per file, a million for a large corpus.)

    For an object in a store, `mtime_ns` is its modification time to the second with a hash of
    its ETag in the sub-second digits (stores keep whole seconds), so an object rewritten within
    the second it was listed in still shows as changed; None when the store gives neither, and
    such an object is read again by every run."""

    path: str
    size: int
    mtime_ns: int | None


@dataclass(frozen=True)
class Fields:
    """Which record fields (JSON keys, Parquet and CSV columns) hold the text and the metadata:
    a name given by the user, else the first of the common names that the record has."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None


class DecodeError(ValueError):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class CompressionError(Exception):
    """A compressed stream that is corrupt or cut short."""


class InputUnreachable(RuntimeError):
    """An input location that could not be listed at all (a bucket that does not exist or denies
    access, an endpoint that does not answer): the run stops before it changes anything, since
    every document under that location would otherwise count as removed."""


def doc_id_for(text: str) -> str:
    """Stable id of a document: a hash of its normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
