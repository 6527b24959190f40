"""The quoted words of a statement, and the keys that group the same quotation across documents.

A statement's `quote` is what its quotation marks enclose, fragments joined, never the
attribution between them (`"I love cats!" insists Burton. "I absolutely do."` → `I love cats! I
absolutely do.`). Its keys, computed once when the document is parsed, let the `quotations`
view group occurrences with one hash join, whatever the corpus size:

- the first key is a hash of the normalized words (case, quotation marks, punctuation,
  ellipses and spacing set aside): equal keys are the same quotation;
- the others are winnowed fingerprints of its 4-word shingles (the smallest shingle hash of each
  window of 4, as plagiarism detectors do): a trimmed or lightly edited quote keeps most of
  them. Quotes under `MIN_WORDS` words get none, so "fake news" joins only the same two words.
"""

from __future__ import annotations

import hashlib
import re

# Opening and closing marks of a quotation: typographic and straight double quotes, guillemets,
# low-9 quotes. Single quotes are left out: apostrophes are far more frequent than they are.
_QUOTED = re.compile(
    r"“([^”“]*)(?:”|$)"
    r'|"([^"]*)(?:"|$)'
    r"|«\s*([^»«]*?)\s*(?:»|$)"
    r"|„([^“”„]*)(?:[“”]|$)"
)
_NOT_WORD = re.compile(r"[^\w]+")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[\s*\.\.\.\s*\]")

MIN_WORDS = 4  # fewer words: grouped on the exact words only
SHINGLE = 4  # words per shingle
WINDOW = 4  # shingles per winnowing window
MAX_WORDS = 2_000  # a whole article in quotation marks: its first words stand for it


def quote_of(content: str | None, kind: str | None) -> str | None:
    """The quoted words of a direct or mixed statement (None for indirect speech, or when the
    content holds no words in quotation marks; a direct statement without marks is its content)."""
    if not content or kind not in ("direct", "mixed"):
        return None
    fragments = [next(g for g in match.groups() if g is not None).strip() for match in _QUOTED.finditer(content)]
    fragments = [f for f in fragments if normalize(f)]
    if fragments:
        return " ".join(fragments)
    if kind == "direct" and normalize(content):
        return content.strip()
    return None


def normalize(quote: str) -> str:
    """Lower case words only: marks, punctuation, ellipses and spacing set aside."""
    return " ".join(_NOT_WORD.sub(" ", _ELLIPSIS.sub(" ", quote.lower())).split())


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def quote_keys(quote: str | None) -> list[int] | None:
    """The quote's keys: the hash of its normalized words, then its winnowed fingerprints."""
    if quote is None:
        return None
    words = normalize(quote).split()[:MAX_WORDS]
    if not words:
        return None
    keys = [_hash(" ".join(words))]
    if len(words) < MIN_WORDS:
        return keys
    shingles = [_hash(" ".join(words[i : i + SHINGLE])) for i in range(max(1, len(words) - SHINGLE + 1))]
    chosen: set[int] = set()
    for start in range(max(1, len(shingles) - WINDOW + 1)):
        chosen.add(min(shingles[start : start + WINDOW]))
    keys += sorted(chosen)
    return keys
