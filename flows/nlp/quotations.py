"""The quoted words of a statement, and the keys that group the same quotation across documents.

A statement's `quote` is what its quotation marks enclose, fragments joined, never the
attribution between them (`"I love cats!" insists Burton. "I absolutely do."` → `I love cats! I
absolutely do.`). Its keys, computed once when the document is parsed, let the `quotations`
view group occurrences with one hash join, whatever the corpus size:

- the first key is a hash of the normalized words (case, quotation marks, punctuation,
  ellipses and spacing set aside): equal keys are the same words;
- the others are the hashes of its 4-word shingles, every one: the number two quotes share
  measures how many words they have in common, run by run (a common run of n words shares
  n - 3 shingles), which is what tells a trimmed or lightly edited quote from two quotes that
  only share a phrase. Quotes under `MIN_WORDS` words have none.

How the view uses them (measured on hand-checked PolNeAR and BBC samples: see README): a form
joins a longer form that contains its words (under `CONTAINED_MIN_WORDS` words, only when their
speakers do not disagree), or one it shares `NEAR_MIN_SHINGLES` shingles with (ten words or more
in common); under `CONTAINED_MIN_WORDS` words ("fake news", "make America great again") the same
words group only by the same speaker.
"""

from __future__ import annotations

import hashlib
import re

from flows.nlp.spans import trim

# Opening and closing marks of a quotation: typographic and straight double quotes, guillemets,
# low-9 quotes. Single quotes are left out: apostrophes are far more frequent than they are.
_QUOTED = re.compile(
    r"“([^”“]*)(?:”|$)"
    r'|"([^"]*)(?:"|$)'
    r"|«\s*([^»«]*?)\s*(?:»|$)"
    r"|„([^“”„]*)(?:[“”]|$)"
)
_NOT_WORD = re.compile(r"[^\w]+")
# What str.strip takes off (no whitespace character lies above U+3000).
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\s*\.\.\.\s*\]")

MIN_WORDS = 4  # fewer words: no shingles
SHINGLE = 4  # words per shingle
MAX_WORDS = 2_000  # a whole article in quotation marks: its first words stand for it
# The view's thresholds (sql/quotation_occurrences.sql), kept here with the keys they read.
CONTAINED_MIN_WORDS = 7
NEAR_MIN_SHINGLES = 7


def quote_fragments(content: str | None, kind: str | None) -> list[tuple[int, int]]:
    """Where the quoted words of a direct or mixed statement lie in its content: one (start, end)
    per fragment in quotation marks, marks and edge spaces left out; the whole content for a
    direct statement without marks; none for indirect speech or marks around no words."""
    if not content or kind not in ("direct", "mixed"):
        return []
    spans = []
    for match in _QUOTED.finditer(content):
        group = next(i for i, g in enumerate(match.groups(), start=1) if g is not None)
        start, end = trim(content, *match.span(group), _SPACES)
        if normalize(content[start:end]):
            spans.append((start, end))
    if not spans and kind == "direct" and normalize(content):
        spans.append(trim(content, 0, len(content), _SPACES))
    return spans


def quote_of(content: str | None, kind: str | None) -> str | None:
    """The quoted words of a direct or mixed statement, fragments joined (None for indirect
    speech, or when the content holds no words in quotation marks)."""
    fragments = quote_fragments(content, kind)
    if not fragments or content is None:
        return None
    return " ".join(content[start:end] for start, end in fragments)


def normalize(quote: str) -> str:
    """Lower case words only: marks, punctuation, ellipses and spacing set aside."""
    return " ".join(_NOT_WORD.sub(" ", _ELLIPSIS.sub(" ", quote.lower())).split())


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def quote_keys(quote: str | None) -> list[int] | None:
    """The quote's keys: the hash of its normalized words, then its distinct shingles' hashes."""
    if quote is None:
        return None
    words = normalize(quote).split()[:MAX_WORDS]
    if not words:
        return None
    keys = [_hash(" ".join(words))]
    if len(words) < MIN_WORDS:
        return keys
    shingles = {_hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}
    return keys + sorted(shingles)
