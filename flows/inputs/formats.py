"""The input formats presstables reads, told by file name: one table of suffixes.

A name is a format suffix, optionally followed by a compression suffix (`dump.jsonl.zst`,
`crawl.warc.gz`, `articles.tar.xz`); `.tgz` is `.tar.gz`.
"""

from __future__ import annotations

import os
from typing import NamedTuple

FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".warc": "warc",
    ".tar": "tar",
}
COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd", ".zstd": "zstd", ".xz": "xz"}
SHORTHANDS = {".tgz": (".tar", "gzip")}

# Files that are part of a corpus folder's housekeeping, not articles.
IGNORED_NAMES = {"SOURCES.md", "README.md", "LICENSE", "LICENSE.md", ".gitignore", ".DS_Store"}
# Suffixes a name may end with: the fast path of a listing checks the last one only.
LAST_SUFFIXES = frozenset(FORMATS) | frozenset(COMPRESSIONS) | frozenset(SHORTHANDS)


class Kind(NamedTuple):
    format: str
    compression: str | None


def kind_of(name: str) -> Kind | None:
    """The format and compression a file name says, or None when presstables does not read it."""
    stem, suffix = os.path.splitext(name.lower())
    if suffix in SHORTHANDS:
        inner, packed = SHORTHANDS[suffix]
        return Kind(FORMATS[inner], packed)
    compression: str | None = COMPRESSIONS.get(suffix)
    if compression is not None:
        suffix = os.path.splitext(stem)[1]
    fmt = FORMATS.get(suffix)
    if fmt is None:
        return None
    return Kind(fmt, compression)


def describe_supported() -> str:
    compressions = "/".join(sorted(COMPRESSIONS))
    return f"{', '.join(sorted(FORMATS))} (also inside {compressions}, and .tgz)"
