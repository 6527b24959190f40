"""Sentences: spaCy's boundaries, cut at paragraph breaks, closing quotes kept with their sentence."""

from __future__ import annotations

from flows.nlp.analyze import analyze_doc, split_text
from flows.nlp.sentences import paragraph_starts


def test_seed_article_sentences(nlp, seed_text: str) -> None:
    sentences = analyze_doc(nlp(seed_text)).sentences
    texts = [s["text"] for s in sentences]
    # Every paragraph (one per line) starts a sentence; none spans a line break.
    assert all("\n" not in t for t in texts)
    assert texts[0].startswith("Bilateral talks between the United States and Russia")
    # The closing quote ends the quoted sentence instead of opening the next one.
    assert "“There are other things in those documents that the Russians know will be unacceptable.”" in texts
    assert any(t.startswith("Donfried, who last week visited Kyiv") for t in texts)
    assert [s["paragraph_idx"] for s in sentences][:4] == [0, 1, 2, 3]
    for s in sentences:
        assert seed_text[s["start_char"] : s["end_char"]] == s["text"]


def test_paragraph_starts_skip_blank_lines() -> None:
    text = "Headline\n\nFirst paragraph.\nSecond paragraph.\n"
    assert paragraph_starts(text) == [0, 10, 27]


def test_long_texts_are_split_at_paragraph_breaks() -> None:
    paragraph = "Russia last week released draft security agreements for the U.S. and NATO.\n"
    text = paragraph * 40
    pieces = split_text(text, limit=1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
