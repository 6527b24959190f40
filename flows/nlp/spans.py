"""Character spans shared by the extractors."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

# Characters trimmed from the edges of extracted spans.
EDGE_PUNCT = " \t\n,;:-–—"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def trim(text: str, start: int, end: int, chars: str = EDGE_PUNCT) -> tuple[int, int]:
    """Shrink [start, end) past the given characters at both edges."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access."""
    cached = doc.user_data.get("presstables_text")
    if cached is None:
        cached = doc.user_data["presstables_text"] = doc.text
    return cached
