"""Rule `nominal-cue`: a noun of saying with a named holder and the clause it introduces.

"Mr. Trump's claim that his net worth exceeds $10 billion", "claims by intelligence agencies that
some of her messages should be classified". A pronoun holder ("his promise to …") or a noun that is
a verb's object ("repeated her claim that …") leaves the words to the verb's subject, as news
annotators do; without a holder there is nobody to attribute them to.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flows.nlp.lexicon import SAYING_NOUN_FORMS
from flows.nlp.spans import Span, doc_text, trim
from flows.nlp.statements.content import cut_trailing_aside
from flows.nlp.statements.speaker import SUBJECT_DEPS, speaker_span
from flows.nlp.statements.statement import CONTENT_EDGES, Reading, Statement, inside_quote, kind_of


def find(token: Token, sent: SpacySpan, reading: Reading) -> Statement | None:
    """A statement from the noun of saying at `token`: its holder speaks, its clause was said."""
    if token.tag_ not in ("NN", "NNS") or token.dep_ == "dobj" or inside_quote(reading.quotes, token.idx):
        return None
    clause = next((c for c in token.rights if _said_clause(c)), None)
    speaker = _holder(token)
    if clause is None or speaker is None:
        return None
    text = doc_text(token.doc)
    right = clause.right_edge
    content = Span(*trim(text, clause.left_edge.idx, right.idx + len(right), CONTENT_EDGES + "."))
    content = cut_trailing_aside(token.doc, content, reading.quotes)
    if len(content) == 0:
        return None
    cue = Span(token.idx, token.idx + len(token))
    return Statement(
        sentence_idx=reading.sentence_idx(sent.start_char),
        content=content,
        kind=kind_of(text, content, reading.quotes, cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=SAYING_NOUN_FORMS[token.lower_],
    )


def _said_clause(child: Token) -> bool:
    """A clause completing the noun: "that" with a subject of its own (not a relative clause,
    "the claim that he made"), or an infinitive ("promise to build")."""
    if child.dep_ not in ("acl", "ccomp", "relcl") or not child.tag_.startswith("VB"):
        return False
    first = child.left_edge
    if first.lower_ == "to":
        return child.tag_ == "VB"
    if first.lower_ != "that" or first.dep_ != "mark":
        return False
    return any(c.dep_ in SUBJECT_DEPS for c in child.children)


def _holder(noun: Token) -> Span | None:
    """Whose words: a named possessor ("Trump's claim") or the "by" phrase ("claims by
    intelligence agencies"); not a pronoun."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        if owner.tag_ in ("PRP", "PRP$", "WP$"):
            return None
        span = speaker_span(owner)
        text = doc_text(noun.doc)
        end = span.end - 2 if text[span.start : span.end].endswith(("'s", "’s")) else span.end
        return Span(span.start, end) if end > span.start else None
    by = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "by"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if agent is None or agent.tag_.startswith("PRP"):
        return None
    return speaker_span(agent)
