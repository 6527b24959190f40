"""The statement record, the document as the rules read it, and the span helpers every rule uses."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.nlp.quotes import find_quotes
from flows.nlp.spans import Span, doc_text

# Characters trimmed from the edges of a statement's content.
CONTENT_EDGES = " \t\n,;:-–—"


# A quotation this long stands as content even when it is not right next to its cue.
MIN_QUOTE_WORDS = 4


# Most characters between a quotation and its cue for them to belong together in a sentence.
MAX_ATTRIBUTION_GAP = 80


@dataclass(frozen=True)
class Reading:
    """One parsed piece of a document as the rules see it: the parse, its text, its sentences'
    character bounds and its quotations (sorted and disjoint, as `find_quotes` gives them)."""

    doc: Doc
    text: str
    bounds: list[tuple[int, int]]
    quotes: list[Span]

    @classmethod
    def of(cls, doc: Doc, bounds: list[tuple[int, int]]) -> Reading:
        text = doc_text(doc)
        quotes = [q for q in find_quotes(text) if word_count(text, q) >= 1]
        return cls(doc, text, bounds, quotes)

    def sentence_idx(self, start: int) -> int:
        return sentence_index(self.bounds, start)


@dataclass
class Statement:
    """Who said what: character spans into the piece's text, found by one rule of the table.

    `kind` is direct (only quoted words), mixed (quoted and reported words) or indirect; `speaker`
    is None for a passive attribution ("it was reported that ..."); `cue` is the verb or phrase that
    attributes ("said", "told reporters", "according to", a colon, a dash)."""

    sentence_idx: int
    content: Span
    kind: str
    speaker: Span | None = None
    cue: Span | None = None
    cue_lemma: str | None = None
    addressee: Span | None = None
    # The rule of the table that found it (rules.py).
    rule: str = ""


def sentence_index(bounds: list[tuple[int, int]], start: int) -> int:
    """The sentence that holds offset `start` (or the next one, when it falls between two)."""
    for i, (s, e) in enumerate(bounds):
        if s <= start < e or start < s:
            return i
    return max(len(bounds) - 1, 0)


def word_count(text: str, span: Span) -> int:
    return len(text[span.start : span.end].split())


def inside_quote(quotes: list[Span], offset: int) -> bool:
    """`offset` falls inside one of the quotations (sorted and disjoint, as `find_quotes` gives)."""
    i = bisect.bisect_right([q.start for q in quotes], offset) - 1
    return i >= 0 and offset < quotes[i].end


def touches(text: str, quote: Span, sentence: Span) -> bool:
    """The quotation stands right next to the sentence, in the same paragraph."""
    gap = text[quote.end : sentence.start] if quote.end <= sentence.start else text[sentence.end : quote.start]
    return not gap.strip() and "\n" not in gap


def holds(content: Span, speaker: Span | None) -> bool:
    """The content holds the speaker: a parse that ran the clause on into the name."""
    return speaker is not None and content.contains(speaker)


def kind_of(text: str, content: Span, quotes: Sequence[Span], cue: Span | None) -> str:
    """direct: only quoted words (and the attribution between quoted parts); mixed: quoted and
    reported words; indirect: no quotation."""
    inside = [q for q in quotes if content.contains(q)]
    if not inside:
        return "indirect"
    outside = list(text[content.start : content.end])
    for q in inside:
        for i in range(q.start, q.end):
            outside[i - content.start] = " "
    # The attribution between two quoted parts ("“…,” she said, “…”") does not make it mixed.
    for first, second in zip(inside, inside[1:]):
        if cue is not None and first.end <= cue.start and cue.end <= second.start:
            for i in range(first.end, second.start):
                outside[i - content.start] = " "
    if not any(ch.isalnum() for ch in outside):
        return "direct"
    return "mixed"
