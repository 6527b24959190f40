"""Find the input files under the input paths, with their sizes and modification times.

A listing opens no file: one `stat` per local file, one listing request per remote prefix. File
names that are not valid UTF-8 (common in old archives) are kept under a printable name (the
undecodable bytes as `\\xNN`) that `real_path` turns back into the name on disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISREG

from flows.inputs.formats import IGNORED_NAMES, LAST_SUFFIXES, describe_supported, kind_of
from flows.inputs.model import FileStat, Reject
from flows.inputs.remote import is_url, scan_remote

_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def printable(path: str) -> str:
    """A path as valid UTF-8 text: bytes that are not UTF-8 (which Python keeps as lone
    surrogates) written as `\\xNN`, so the name is stable and every Parquet writer accepts it."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def real_path(path: str) -> str:
    """The name on disk of a path that `printable` may have rewritten."""
    if "\\x" not in path or os.path.lexists(path):
        return path
    return _ESCAPED_BYTE.sub(lambda match: chr(0xDC00 + int(match.group(1), 16)), path)


def absolute_input(path: Path | str) -> str:
    """An input path as a run records it: a URL as given, a local path absolute and printable."""
    text = str(path)
    return text if is_url(text) else printable(str(Path(real_path(text)).resolve()))


def scan(paths: Iterable[Path | str]) -> Iterator[FileStat | Reject]:
    """Walk the input paths recursively (folders in sorted order, hidden entries and housekeeping
    files skipped, symlinked folders followed once): every supported file with its size and
    modification time, and a reject for everything else. One `stat` per file, no reads. A remote
    location that cannot be listed raises `InputUnreachable`."""
    for given in paths:
        path = real_path(str(given))
        if is_url(path):
            yield from scan_remote(path)
        elif os.path.isdir(path):
            yield from _scan_dir(path, set())
        elif os.path.isfile(path):
            yield _classify(path, os.stat(path))
        else:
            yield Reject(printable(path), "not_found", f"{printable(path)} does not exist or is not a regular file")


def _scan_dir(root: str, seen: set[str]) -> Iterator[FileStat | Reject]:
    """Folders depth first with an explicit stack (one generator, not one per folder level: a
    listing passes a million files through it), each folder's entries in name order."""
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            yield Reject(printable(folder), "symlink_loop", f"{printable(folder)} leads back to {printable(real)}")
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            yield Reject(printable(folder), "unreadable", f"could not list the folder: {exc.strerror or exc}")
            continue
        folder_printable = printable(folder) == folder
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
                suffix = name[dot:].lower() if dot > 0 else ""
                if (
                    stat is not None
                    and folder_printable
                    and name.isascii()
                    and suffix in LAST_SUFFIXES
                    and S_ISREG(stat.st_mode)
                    and kind_of(name) is not None
                ):
                    yield FileStat(entry.path, stat.st_size, stat.st_mtime_ns)  # the common case, inline
                else:
                    yield _classify(entry.path, stat)
        stack.extend(reversed(folders))


def _classify(path: str, stat: os.stat_result | None) -> FileStat | Reject:
    shown = printable(path)
    if kind_of(os.path.basename(path)) is None:
        suffix = os.path.splitext(shown)[1].lower()
        return Reject(
            shown, "unsupported_type", f"extension {suffix or '(none)'!r} is not one of {describe_supported()}"
        )
    if stat is None or not S_ISREG(stat.st_mode):
        return Reject(shown, "not_a_file", f"{shown} is a broken link or not a regular file")
    return FileStat(shown, stat.st_size, stat.st_mtime_ns)


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[Reject]]:
    """The supported local files of the input paths (sorted) and the rejected ones."""
    files: list[Path] = []
    rejects: list[Reject] = []
    for item in scan(paths):
        if isinstance(item, FileStat):
            files.append(Path(item.path))
        else:
            rejects.append(item)
    return sorted(set(files)), sorted(rejects, key=lambda r: r.source)
