"""Sentence rows: spaCy's sentence boundaries, cut at line breaks, numbered by paragraph."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from flows.nlp.spans import trim

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_CLOSING = "”’\"'»)]"


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs begin: the start, and after every run of line breaks."""
    starts = [0]
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.end() < len(text):
            starts.append(match.end())
    return starts


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character spans without edge whitespace.

    Closing quotation marks that the parser put at the start of the next sentence are moved back
    to the sentence they close.
    """
    text = doc.text
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = trim(text, sent.start_char, sent.end_char, " \t\n\r")
        if start >= end:
            continue
        if bounds and text[start] in _CLOSING:
            # A lone closing mark at a sentence start belongs to the previous sentence.
            mark_end = start
            while mark_end < end and text[mark_end] in _CLOSING:
                mark_end += 1
            # A straight mark glued to the word after it opens a quote (`crowded. "Had it`).
            opens = text[mark_end - 1] in "\"'" and mark_end < end and text[mark_end].isalnum()
            if not opens and "\n" not in text[bounds[-1][1] : start]:
                bounds[-1] = (bounds[-1][0], mark_end)
                start, end = trim(text, mark_end, end, " \t\n\r")
                if start >= end:
                    continue
        bounds.append((start, end))
    return bounds


def paragraph_of(paragraphs: list[int], start: int) -> int:
    """The paragraph (index into `paragraph_starts`) that holds offset `start`."""
    return bisect.bisect_right(paragraphs, start) - 1
