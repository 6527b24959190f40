"""Rule `perception`: a quotation that a verb of perception or judgement characterizes "as"
something is a view, not words anyone said.

"… may turn what they see as the "anti-radio" into something …", "Marcel Lehel Lazar, 44, known online as “Guccifer,”"
The verbs are `lexicon.PERCEPTION_VERBS`; verbs of saying that characterize ("described the ban
as “ridiculous”") stay with rule `governing-verb`.
"""

from __future__ import annotations

from flows.nlp.lexicon import PERCEPTION_FORMS
from flows.nlp.spans import Span
from flows.nlp.statements.statement import Reading


def characterizes(quote: Span, reading: Reading) -> bool:
    """The quotation hangs on "as" under a verb of perception: verb → prep "as" → … → quotation."""
    tokens = reading.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    for ancestor in tokens.root.ancestors:
        if ancestor.tag_.startswith("VB"):
            return False  # the quotation's own verb, or a verb before any "as"
        if ancestor.lower_ == "as" and ancestor.dep_ == "prep":
            head = ancestor.head
            return head.tag_.startswith("VB") and head.lower_ in PERCEPTION_FORMS
    return False
