"""Cues: the verbs that attribute words, their lemmas, and a second cue that goes on an attribution."""

from __future__ import annotations

from spacy.tokens import Token

from flows.nlp.lexicon import ATTRIBUTION_VERBS, CUE_LEMMAS, lemma_of


def is_cue(token: Token) -> bool:
    """A form of a reporting verb, tagged as a verb ("said", not "the said company")."""
    return token.tag_.startswith("VB") and token.lower_ in CUE_LEMMAS


def guess_lemma(verb: Token) -> str:
    """A verb's lemma without the lemmatizer (see `lexicon.lemma_of`)."""
    return lemma_of(verb.lower_, third_person=verb.tag_ == "VBZ")


# Words that join a second cue to the attribution before it: ", adding", "and added", "but did
# not suggest" (`content.cut_before_next_cue` leaves them out of the first cue's content).
JOINING_WORDS = frozenset({",", "and", "but", "—", "–"})


def continues_attribution(token: Token) -> bool:
    """A participle or second verb of saying after a comma, "and" or "but": ", adding", ", and
    added", "but did not suggest"."""
    if not (is_cue(token) or guess_lemma(token) in ATTRIBUTION_VERBS):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i for c in token.children):
        return False  # "“…,” James B. Comey Jr., the director of the FBI, said": a speaker of its own
    previous = token.doc[token.i - 1] if token.i > 0 else None
    while (
        previous is not None and (previous.tag_ in ("RB", "''") or previous.dep_ in ("aux", "neg")) and previous.i > 0
    ):
        previous = token.doc[previous.i - 1]
    if previous is None or previous.lower_ not in JOINING_WORDS:
        return False
    if token.tag_ == "VBG":
        return True
    # "but did not suggest", "and has said"; a modal belongs to what was said ("said it would attack
    # … and would respond").
    auxiliary = any(c.dep_ == "aux" for c in token.children) and not any(c.tag_ == "MD" for c in token.children)
    return token.dep_ == "conj" and (token.tag_ in ("VBD", "VBZ") or (auxiliary and token.tag_ in ("VB", "VBN")))
