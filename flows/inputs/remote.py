"""Inputs in object storage (`s3://`, `gs://`, `az://`, ...) and single files over `https://`.

Read through fsspec with each store's usual credential chain (environment, then profile); an
S3-compatible store is reached through the standard `AWS_ENDPOINT_URL` variable, which botocore
reads itself. A listing asks the store for each object's size, modification time and ETag and
opens nothing, as a local listing does with `stat`.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from flows.inputs.formats import IGNORED_NAMES, kind_of
from flows.inputs.model import FileStat, InputUnreachable, Reject

# Where each fsspec store keeps an object's modification time and its ETag (or content hash).
MODIFIED_KEYS = ("LastModified", "last_modified", "updated", "mtime", "modified", "created")
ETAG_KEYS = ("ETag", "etag", "md5Hash", "content_md5", "Content-MD5")
ENDPOINT_SETTINGS = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE", "AWS_ACCESS_KEY_ID")


def is_url(path: str) -> bool:
    """Whether an input path names a remote location (any fsspec protocol but `file`)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme != "file"


# One filesystem per protocol and endpoint settings: fsspec's own instance cache does not look
# at the environment, so a changed AWS_ENDPOINT_URL would still reach the old endpoint.
_filesystems: dict[tuple[str, ...], Any] = {}


def filesystem(url: str) -> tuple[Any, str]:
    import fsspec

    protocol = url.split("://", 1)[0]
    key = (protocol, *(os.environ.get(name, "") for name in ENDPOINT_SETTINGS))
    try:
        fs = _filesystems.get(key)
        if fs is None:
            fs = _filesystems[key] = fsspec.filesystem(protocol, skip_instance_cache=True)
        return fs, fs._strip_protocol(url)
    except (ImportError, ValueError) as exc:
        raise InputUnreachable(f"cannot read {url}: {exc}") from None


def scan_remote(url: str) -> Iterator[FileStat | Reject]:
    """Every object under a URL (or the one object it names), with its size and change stamp.
    A location that cannot be listed raises `InputUnreachable`: the run stops, rather than count
    every document under it as removed."""
    fs, root = filesystem(url)
    protocol = url.split("://", 1)[0]
    try:
        fs.invalidate_cache()  # a long-lived process (a worker, `serve`) lists afresh each run
        info = fs.info(root)
        if info.get("type") == "directory":
            found = fs.find(root, detail=True)
            objects = [found[key] for key in sorted(found)]
        else:
            objects = [info]
    except Exception as exc:  # each store raises its own kinds: not found, denied, no route
        raise InputUnreachable(f"could not list {url}: {_reason(exc)}") from None
    for obj in objects:
        name = obj.get("name") or root
        full = name if "://" in name else f"{protocol}://{name.lstrip('/')}"
        if protocol in ("http", "https"):
            full = url  # the store names an HTTP file by its URL already
        base = posixpath.basename(name.rstrip("/"))
        if obj.get("type") == "directory" or not base or base.startswith(".") or base in IGNORED_NAMES:
            continue
        if kind_of(base) is None:
            yield Reject(full, "unsupported_type", f"{base!r} is not a format presstables reads")
            continue
        yield FileStat(full, int(obj.get("size") or 0), stamp(obj))


def check_listable(urls: Iterable[str]) -> None:
    """Raise `InputUnreachable` (one line) for the first remote location that does not answer,
    before a run starts."""
    for url in urls:
        if is_url(url):
            fs, root = filesystem(url)
            try:
                fs.info(root)
            except Exception as exc:
                raise InputUnreachable(f"could not list {url}: {_reason(exc)}") from None


def stamp(info: dict[str, Any]) -> int | None:
    """An object's change stamp: its modification time in whole seconds, in nanoseconds, plus a
    hash of its ETag below the second (see `FileStat`)."""
    modified = next((info[key] for key in MODIFIED_KEYS if info.get(key) is not None), None)
    etag = next((str(info[key]) for key in ETAG_KEYS if info.get(key)), None)
    if modified is None and etag is None:
        return None
    seconds = _epoch_seconds(modified) if modified is not None else 0
    below = zlib.crc32(etag.encode()) % 1_000_000_000 if etag else 0
    return seconds * 1_000_000_000 + below


def _epoch_seconds(value: object) -> int:
    if isinstance(value, dt.datetime):
        return int(value.replace(tzinfo=value.tzinfo or dt.UTC).timestamp())
    if isinstance(value, int | float):
        return int(value)
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return 0
    return int(parsed.replace(tzinfo=parsed.tzinfo or dt.UTC).timestamp())


def open_remote(url: str) -> IO[bytes]:
    """The object as a seekable binary file, read in ranges as it is consumed."""
    fs, path = filesystem(url)
    try:
        return fs.open(path, "rb")  # type: ignore[no-any-return]
    except Exception as exc:
        raise RemoteReadError(_reason(exc)) from None


class RemoteReadError(OSError):
    """An object that was listed but could not be read."""


def _reason(exc: BaseException) -> str:
    """A store's error in one line: its class and first line, without the request dump."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text}"[:300] if text else name
