"""When it was said: date mentions resolved against the publication date; datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.nlp.analyze import analyze_doc
from flows.nlp.dates import dateline_date, is_when, resolve_date

PUBLISHED = dt.date(2021, 12, 22)  # a Wednesday


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Tuesday", dt.date(2021, 12, 21)),
        ("on Wednesday", dt.date(2021, 12, 22)),
        ("Thursday", dt.date(2021, 12, 16)),
        ("yesterday", dt.date(2021, 12, 21)),
        ("last week", dt.date(2021, 12, 15)),
        ("Dec. 21", dt.date(2021, 12, 21)),
        ("January 10, 2022", dt.date(2022, 1, 10)),
        ("the new year", None),
    ],
)
def test_resolve_date(written: str, expected: dt.date | None) -> None:
    assert resolve_date(written, PUBLISHED) == expected


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_date("Tuesday", None) is None
    assert resolve_date("July 21, 2017", None) == dt.date(2017, 7, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "After visa snags, Afghan team honored\n\nFriday, July 21, 2017\n\nA group of Afghan teenagers",
            dt.date(2017, 7, 21),
        ),
        ("WASHINGTON, Dec. 21, 2021 — Bilateral talks are expected to begin in January.", dt.date(2021, 12, 21)),
        ("Bilateral talks between the United States and Russia are expected to begin in January.", None),
    ],
)
def test_dateline(text: str, expected: dt.date | None) -> None:
    assert dateline_date(text) == expected


def test_ages_are_not_dates() -> None:
    assert not is_when("age seventeen") and is_when("last week") and is_when("Dec. 21")


def test_statement_date_is_outside_the_content(nlp, seed_text: str) -> None:
    statements = analyze_doc(nlp(seed_text)).statements
    donfried = next(s for s in statements if s["cue"] == "told reporters")
    assert donfried["date_text"] == "Tuesday"
    # "who last week visited Kyiv" dates the visit, not what she added.
    added = [s for s in statements if s["speaker"] == "Donfried" and s["cue_lemma"] == "add"]
    assert added and all(s["date_text"] is None for s in added)
