"""Rule `fixed-expression`: a verb of saying inside a fixed expression reports nothing.

"That said, the graphics are excellent." "Labour, needless to say, claim his savings don't add up."
The expressions are in `lexicon.FIXED_EXPRESSIONS`, the rule's phrases; one counts where a
parenthetical can stand (the start of a sentence, or after a comma, a bracket, a dash or a
conjunction), so "a headline that said, “…”" still reports what the headline said.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from flows.nlp.lexicon import CLAUSE_OPENERS


def parenthetical(words: SpacySpan) -> bool:
    """The expression opens its sentence or follows a comma, bracket, dash or conjunction; one
    that brings its own comma (", say ,") stands anywhere."""
    first = words[0]
    if not first.is_alpha or first.is_sent_start or first.i == 0:
        return True
    return words.doc[first.i - 1].lower_ in CLAUSE_OPENERS
