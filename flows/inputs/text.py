"""Decoding and normalization of text, titles and dates from metadata."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata

from flows.inputs.model import DecodeError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf]|\u00e2[\u0080-\u00bf\u20ac]")
# Lone UTF-16 surrogates: JSON can escape them ("\ud800"), and no UTF-8 writer accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")

# Files whose first bytes say they are not text (PDF, images, archives, executables, databases).
BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"\x28\xb5\x2f\xfd",
    b"PAR1",
    b"SQLite format 3",
    b"\x7fELF",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"\xd0\xcf\x11\xe0",  # old Office documents
)
# A text file may carry a few stray NUL bytes (broken exports); when NULs and other control bytes
# are more than this share of a file, it is binary.
MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def decode_bytes(data: bytes) -> str:
    """Decode file bytes: BOM-marked UTF-8/16/32, else UTF-8, else the detected legacy encoding.
    A few stray NUL bytes among text are dropped; a file with a binary signature, or with more
    NUL and control bytes than `MAX_CONTROL_SHARE`, is `binary`."""
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
    if data.startswith(BINARY_SIGNATURES):
        raise DecodeError("binary", "the file starts with the signature of a binary format, not text")
    if b"\x00" in data:
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if controls > MAX_CONTROL_SHARE * len(data):
            raise DecodeError("binary", f"{controls} of its {len(data)} bytes are NUL or control bytes: it is binary")
        data = data.replace(b"\x00", b"")
        if not data.strip():
            raise DecodeError("empty", "the file holds only NUL bytes and whitespace")
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


def decode_line(data: bytes) -> str:
    """One line of a text stream: UTF-8, else as `decode_bytes` decides for the line alone."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(data)


def normalize_text(text: str) -> str:
    """BOM removed, CRLF/CR to LF, control characters dropped, lone surrogates replaced by U+FFFD,
    mojibake repaired, Unicode NFC.

    Valid UTF-8 text with LF line ends in NFC and no control characters comes back unchanged.
    """
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
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


def clean_meta(value: object) -> str | None:
    """A metadata value as normalized text (a list, as authors often are, joined by commas)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):  # only its plain values: a nested one is not a name
        value = ", ".join(str(v) for v in value if isinstance(v, str | int | float))
    text = normalize_text(str(value)).strip()
    return text or None


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
