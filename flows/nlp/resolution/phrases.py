"""Noun phrases from the parse, kept for speaker resolution: where each begins and ends, its head
word, whether it is plural and whether it is the subject of its clause.

Resolution runs over the whole document after its pieces are parsed, so it cannot look at the
parse itself; these few facts per phrase are what it needs from it. A subject is the most salient
thing a sentence names (the classic resolvers weigh it first), and a plural noun phrase ("the
protesters") is what a following "they" most often means when no organisation is named.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Doc

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PLURAL_TAGS = frozenset({"NNS", "NNPS"})


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    head: str  # the head word in lower case: "protesters"
    plural: bool
    subject: bool
    # Another phrase joined to this one by "and" ("Smith and Jones"): the whole is plural.
    coordinated: bool = False
    # Headed by a proper noun ("Walz"), which the model may not have tagged as a name.
    proper: bool = False

    def shifted(self, offset: int) -> Phrase:
        return dataclasses.replace(self, start=self.start + offset, end=self.end + offset)


NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# Dependencies of a noun that heads its own phrase (a conjunct joins its first conjunct's phrase,
# a compound is part of the next noun's).
PHRASE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "dative", "ROOT", "oprd"})
# Heads that count what their "of" phrase names.
QUANTITIES = frozenset(
    "hundreds thousands dozens millions scores tens number group majority minority most many some "
    "all both several few handful couple".split()
)
# An "of" phrase longer than this stays out of its head's phrase.
MAX_OF_TOKENS = 5


def noun_phrases(doc: Doc) -> list[Phrase]:
    """The document's noun phrases (not pronouns): from the first word of the head's left side to
    the head ("the angry protesters"), through a short "of" phrase after a plural head ("hundreds
    of farmers"), and through the last conjunct of a coordination ("Smith and Jones").

    spaCy's own `doc.noun_chunks` needs the part-of-speech tags the pipeline leaves out, so the
    phrases are read off the fine tags and the dependencies instead."""
    phrases = []
    for token in doc:
        if token.tag_ not in NOUN_TAGS or token.dep_ not in PHRASE_DEPS:
            continue
        start = token.left_edge.idx
        last = token
        conjuncts = [t for t in token.children if t.dep_ == "conj" and t.tag_ in NOUN_TAGS]
        if conjuncts:
            last = conjuncts[-1]
        head = token.lower_
        if not conjuncts and (token.tag_ in PLURAL_TAGS or token.lower_ in QUANTITIES):
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None and of.right_edge.i - of.i < MAX_OF_TOKENS:
                last = of.right_edge
                # "Hundreds of farmers" are farmers.
                objects = [c for c in of.children if c.dep_ == "pobj"]
                if token.lower_ in QUANTITIES and objects:
                    head = objects[0].lower_
        phrases.append(
            Phrase(
                start=start,
                end=last.idx + len(last.text),
                head=head,
                plural=token.tag_ in PLURAL_TAGS or bool(conjuncts),
                # An apposition to a subject names the subject too ("Another pollster, David
                # Woodard, said").
                subject=token.dep_ in SUBJECT_DEPS or (token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS),
                coordinated=bool(conjuncts),
                proper=token.tag_ in ("NNP", "NNPS"),
            )
        )
    return phrases
