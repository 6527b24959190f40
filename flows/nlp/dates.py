"""When something was said: dates as written in news ("on Tuesday", "last week", "Dec. 21"),
resolved against the article's publication date; and datelines that give that date."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": -1}
_RELATIVE_SPANS = {"last week": -7, "last month": -30, "last year": -365, "earlier this week": -2}
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_HAS_DAY_NUMBER = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
# "Friday, July 21, 2017" or "21 July 2017" standing as a line of its own, or a dateline prefix
# such as "WASHINGTON, Dec. 21, 2021 —".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]{1,40},\s*)?"
    r"(?P<date>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}))"
    r"\s*(?:$|[—–-]|\()",
    re.IGNORECASE,
)


_WHEN_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|"
    r"morning|afternoon|evening|night|week|weekend|month|year|(1[89]|20)\d\d)\b",
    re.IGNORECASE,
)


def is_when(written: str) -> bool:
    """Whether a DATE mention says when (a day, a month, a week, a year) rather than an age or
    a duration the model also labels DATE ("age seventeen")."""
    return bool(_WHEN_WORDS.search(written) or _MONTH.search(written)) and not written.lower().startswith("age")


def _parse(text: str, default: dt.date | None = None) -> dt.date | None:
    from dateutil import parser

    try:
        base = dt.datetime.combine(default or dt.date(2000, 1, 1), dt.time())
        return parser.parse(text, default=base, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def dateline_date(text: str, max_paragraphs: int = 3) -> dt.date | None:
    """The publication date a dateline gives, from the article's first paragraphs."""
    for line in [p.strip() for p in text.split("\n") if p.strip()][:max_paragraphs]:
        match = _DATELINE.match(line)
        if match:
            return _parse(match.group("date"))
    return None


def resolve_date(written: str, published: dt.date | None) -> dt.date | None:
    """A date mention as a calendar date: absolute when it names month and day (and year, or
    the publication year), relative ("Tuesday", "yesterday", "last week") to `published`."""
    lower = written.lower().strip()
    has_year = bool(_HAS_YEAR.search(lower))
    if _MONTH.search(lower) and _HAS_DAY_NUMBER.search(_HAS_YEAR.sub("", lower)):
        if has_year:
            return _parse(written)
        if published is None:
            return None
        guess = _parse(written, default=published)
        # "Dec. 30" in an article of Jan. 2 is last year's.
        if guess and guess > published + dt.timedelta(days=31):
            guess = guess.replace(year=guess.year - 1)
        return guess
    if published is None:
        return None
    for phrase, days in _RELATIVE_DAYS.items():
        if phrase in lower:
            return published + dt.timedelta(days=days)
    for phrase, days in _RELATIVE_SPANS.items():
        if phrase in lower:
            return published + dt.timedelta(days=days)
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", lower):
            # News uses a bare weekday for the most recent one, on or before publication.
            back = (published.weekday() - i) % 7
            return published - dt.timedelta(days=back)
    return None
