"""Rule `fixed-expression`: a verb of saying inside a fixed expression reports nothing.

"That said, the graphics are excellent." "Labour, needless to say, claim his savings don't add up."
The expressions are in `lexicon.FIXED_EXPRESSIONS`; each is a Matcher pattern that holds where a
parenthetical can stand (the start of a sentence, or after a comma, a bracket, a dash or a
conjunction), so "a headline that said, “…”" still reports what the headline said.
"""

from __future__ import annotations

from typing import Any

from flows.nlp.lexicon import CLAUSE_OPENERS, FIXED_EXPRESSIONS


def _patterns() -> tuple[tuple[dict[str, Any], ...], ...]:
    patterns: list[tuple[dict[str, Any], ...]] = []
    for expression in FIXED_EXPRESSIONS:
        words = [{"LOWER": word} for word in expression.split()]
        if not words[0]["LOWER"].isalpha():
            patterns.append(tuple(words))  # ", say ," brings its own comma
            continue
        patterns.append(({**words[0], "IS_SENT_START": True}, *words[1:]))
        patterns.append(({"LOWER": {"IN": sorted(CLAUSE_OPENERS)}}, *words))
    return tuple(patterns)


PATTERNS = _patterns()
