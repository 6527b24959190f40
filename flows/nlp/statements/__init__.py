"""Attributed speech: who said what, to whom, from the dependency parse and the quotation marks.

Start at rules.py: the table of every rule, in the order they run, with what triggers each, an
example from news and what it overrides. One module per rule (fixed_expression.py, headline.py,
reporting_verb.py, according_to.py, perception.py, governing_verb.py, trailing_attribution.py,
colon.py, signature.py); speaker.py reads who speaks, content.py what was said, cues.py which
verbs attribute, collisions.py keeps statements apart (and places borrowed quotations) and
continuation.py runs a quotation on over the quotations after it. extract.py runs the table.
Word lists live in flows/nlp/lexicon.py. Speakers are kept as written; flows/nlp/resolution/
resolves them to names.
"""

from flows.nlp.statements.cues import guess_lemma, is_cue
from flows.nlp.statements.extract import extract_statements
from flows.nlp.statements.rules import RULES, Rule
from flows.nlp.statements.statement import Statement

__all__ = ["RULES", "Rule", "Statement", "extract_statements", "guess_lemma", "is_cue"]
