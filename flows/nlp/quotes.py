"""Quotation spans in raw text: curly and straight marks, unbalanced marks end at the paragraph."""

from __future__ import annotations

import re

from flows.nlp.spans import Span

OPENING = "“«„"
CLOSING = "”»‟"
STRAIGHT = '"'

_PARAGRAPH_END = re.compile(r"\n")


def find_quotes(text: str) -> list[Span]:
    """Spans of double-quoted passages, marks included.

    Curly marks pair as opening and closing; straight marks alternate. A quote left open ends at
    the end of its paragraph, unless the next paragraph opens a new quote (the news convention
    for a quotation that runs over several paragraphs), in which case it continues there.
    """
    spans: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPENING or (ch == STRAIGHT and _opens(text, i)):
            end = _close(text, i)
            spans.append(Span(i, end))
            i = end
        else:
            i += 1
    return spans


def _opens(text: str, i: int) -> bool:
    """A straight mark opens a quote when it is not glued to the end of a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and not before.isspace() and before not in "([{—–-":
        return False
    return True


def _close(text: str, start: int) -> int:
    """End offset (exclusive) of the quote opened at `start`."""
    opener = text[start]
    closers = CLOSING if opener in OPENING else STRAIGHT
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in closers:
            return i + 1
        if ch in OPENING and opener in OPENING:
            # A new opening mark before any closing one: the previous quote ran unclosed.
            return _trim_back(text, start, i)
        if ch == "\n":
            # An unclosed quote ends at its paragraph, unless the next paragraph continues it.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] == opener and _quote_continues(text, start, i):
                i = j + 1
                continue
            return _trim_back(text, start, i)
        i += 1
    return _trim_back(text, start, n)


def _quote_continues(text: str, start: int, paragraph_end: int) -> bool:
    # Only long quotations run over paragraphs; a short open mark is more likely a typo.
    return paragraph_end - start > 80


def _trim_back(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
