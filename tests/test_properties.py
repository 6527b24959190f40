"""Property tests: for any text, normalization and extraction never raise and spans slice back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.inputs import normalize_text
from flows.nlp.analyze import analyze_texts

NEWS_WORDS = [
    "Karen Donfried",
    "said",
    "told reporters",
    "“",
    "”",
    '"',
    "NATO",
    "she",
    "according to",
    "the U.S.",
    "Moscow",
    ",",
    ".",
    "\n",
    "\n\n",
    "that",
    "He added that",
]

news_like = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(news_like, st.text(max_size=200)))
def test_every_span_slices_back_to_its_text(nlp, raw: str) -> None:
    text = normalize_text(raw)
    analysis = next(analyze_texts(nlp, [text]))
    for row in analysis.sentences + analysis.mentions:
        assert text[row["start_char"] : row["end_char"]] == row["text"]
    for row in analysis.statements:
        for part in ("speaker", "cue", "content"):
            if row[f"{part}_start"] is not None:
                assert text[row[f"{part}_start"] : row[f"{part}_end"]] == row[part]
