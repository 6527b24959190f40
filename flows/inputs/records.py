"""Articles from decoded text, HTML pages and records (JSON objects, Parquet and CSV rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flows.inputs.model import Article, Fields, Reject
from flows.inputs.text import clean_meta, normalize_text, parse_date, title_of

# The common names of each field in news datasets (news-please, CC-News, scrapers' dumps), in
# the order they are tried when the user names none.
FIELD_NAMES = {
    "text": ("text", "maintext", "content", "body", "article", "story", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url", "uri"),
    "published": ("published", "date_publish", "publish_date", "published_at", "pub_date", "date", "timestamp"),
    "author": ("author", "authors", "byline"),
}
# Record fields kept in `documents.origin`, as `key=value`.
ORIGIN_FIELDS = ("source", "id")


def field_names(fields: Fields, available: Sequence[str]) -> dict[str, str]:
    """For each field, the name it has in records with these keys or columns: the name the user
    gave when the records have it, else the first common name they have (absent when none), so
    one run can read a corpus that mixes layouts."""
    present = set(available)
    chosen: dict[str, str] = {}
    for field, candidates in FIELD_NAMES.items():
        named = getattr(fields, field)
        name = next((c for c in (named, *candidates) if c is not None and c in present), None)
        if name is not None:
            chosen[field] = name
    return chosen


def describe_text_field(fields: Fields) -> str:
    names = (fields.text, *FIELD_NAMES["text"]) if fields.text is not None else FIELD_NAMES["text"]
    return "any of " + ", ".join(repr(name) for name in names)


def make_article(source: str, raw: str, **meta: object) -> Article | Reject:
    text = normalize_text(raw)
    if not text.strip():
        return Reject(source, "empty", "no text left after decoding and normalization")
    title = meta.pop("title", None) or title_of(text)
    return Article(
        source=source,
        text=text,
        title=clean_meta(title),
        url=clean_meta(meta.get("url")),
        author=clean_meta(meta.get("author")),
        published=parse_date(meta.get("published")),
        origin=clean_meta(meta.get("origin")),
    )


def record_article(
    source: str, record: object, fields: Fields, names: Mapping[str, str] | None = None
) -> Article | Reject:
    """An article from one record. `names` maps fields to the record's keys (a table's columns,
    resolved once per file); by default they are resolved for this record."""
    if not isinstance(record, dict):
        return Reject(source, "bad_record", f"expected a JSON object, found {type(record).__name__}")
    if names is None:
        names = field_names(fields, list(record))
    key = names.get("text")
    if key is None or record.get(key) is None:
        return Reject(source, "no_text", f"the record has no text field ({describe_text_field(fields)})")
    text = record[key]
    if not isinstance(text, str):
        return Reject(source, "bad_text", f"{key!r} must be a string, found {type(text).__name__}")
    if not text.strip():
        return Reject(source, "empty", f"the record's {key!r} is empty")
    meta: dict[str, Any] = {}
    for field in ("title", "url", "author", "published"):
        value = record.get(names[field]) if field in names else None
        if field != "published" and not isinstance(value, str | list):
            value = None
        meta[field] = value
    origin = " ".join(f"{k}={record[k]}" for k in ORIGIN_FIELDS if isinstance(record.get(k), str | int))
    return make_article(source, text, origin=origin or None, **meta)


def html_article(source: str, html: str, url: str | None = None, origin: str | None = None) -> Article | Reject:
    """The main text and metadata of an HTML page, extracted with trafilatura; `url` is the
    page's address when the page does not give its own."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return Reject(source, "bad_html", f"could not extract the article from the HTML: {exc}")
    if extracted is None:
        return Reject(source, "no_text", "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    if not text.strip():
        return Reject(source, "no_text", "no article text found in the HTML")
    return make_article(
        source,
        text,
        title=data.get("title"),
        url=data.get("url") or url,
        author=data.get("author"),
        published=data.get("date"),
        origin=origin,
    )
