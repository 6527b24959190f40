"""One entity per real-world thing: mentions clustered by alias within a document.

Short forms join the fullest form they abbreviate ("Donfried" → "Karen Donfried", "Mr Blair" →
"Tony Blair", "OSCE" → "Organization for Security and Co-operation in Europe"), well-known variants
share one name ("US", "U.S." → "United States"), and a name keeps one label in a document.
The entity id is a hash of label and canonical name, so the same entity gets the same id in every
document and on every run.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flows.nlp.mentions import Mention

HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prof prof. professor rev rev. "
    "president senator sen. sen rep. rep governor gov. gov mayor judge justice chancellor "
    "minister secretary general gen. gen. col. capt. captain sgt. sheriff pope king queen prince "
    "princess premier ambassador chairman chairwoman chief commissioner coach manager".split()
)

# Variants that mean the same place or body. Keys are lower-case, without dots or a leading "the".
VARIANTS = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "eu": "European Union",
    "european union": "European Union",
    "un": "United Nations",
    "united nations": "United Nations",
    "ussr": "Soviet Union",
    "soviet union": "Soviet Union",
    "uae": "United Arab Emirates",
    "nyc": "New York City",
    "prc": "China",
}

ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "in", "on", "to", "de", "du", "des", "la", "le", "&"})

# Labels that name the same kind of thing when the model wavers between them.
PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class ResolvedMention:
    mention: Mention
    label: str
    entity_name: str
    entity_id: str


def entity_id_for(label: str, name: str) -> str:
    return hashlib.sha256(f"{label}|{name.casefold()}".encode()).hexdigest()[:16]


def _key(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace(".", "").casefold()


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s]+", text.replace("’", "'")) if w]


def strip_honorifics(text: str) -> str:
    words = _words(text)
    while len(words) > 1 and words[0].casefold() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def acronym(text: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    return "".join(w[0] for w in words if w.casefold() not in ACRONYM_SKIP and w[0].isalpha()).upper()


def canonical_variant(text: str) -> str | None:
    return VARIANTS.get(_key(text))


def consistent_labels(mentions: Sequence[Mention]) -> dict[str, str]:
    """The label each surface form keeps in this document: its most frequent, first seen on ties.

    A person's full name also votes PERSON for its surname, so "Quinn" is the person "Niall Quinn"
    even where the model took it for a place."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        votes.setdefault(_key(m.text), Counter())[m.label] += 1
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = _words(strip_honorifics(m.text))
        if len(words) >= 2 and _key(words[-1]) in votes:
            votes[_key(words[-1])]["PERSON"] += 1
    labels = {}
    for key, counter in votes.items():
        labels[key] = counter.most_common(1)[0][0]
    return labels


def resolve_entities(mentions: Sequence[Mention]) -> list[ResolvedMention]:
    """Cluster a document's mentions into entities; return each mention with its entity."""
    labels = consistent_labels(mentions)
    # Full forms seen in the document, by label: candidates for short forms to join.
    persons: list[str] = []
    long_names: dict[str, list[str]] = {}
    for m in mentions:
        label = labels[_key(m.text)]
        name = strip_honorifics(m.text) if label == "PERSON" else m.text
        if label == "PERSON" and len(_words(name)) >= 2 and name not in persons:
            persons.append(name)
        if label != "PERSON" and len(_words(name)) >= 2:
            long_names.setdefault(label, [])
            if name not in long_names[label]:
                long_names[label].append(name)

    resolved: list[ResolvedMention] = []
    for m in mentions:
        label = labels[_key(m.text)]
        name = _canonical(m.text, label, persons, long_names)
        if label in PLACE_LABELS and canonical_variant(name):
            label = "GPE"
        resolved.append(ResolvedMention(m, label, name, entity_id_for(label, name)))
    return resolved


def _canonical(text: str, label: str, persons: list[str], long_names: dict[str, list[str]]) -> str:
    variant = canonical_variant(text)
    if variant:
        return variant
    if label == "PERSON":
        name = strip_honorifics(text)
        words = _words(name)
        folded = [w.casefold() for w in words]
        # The fullest person whose name ends with (or is) this short form.
        best = name
        for full in persons:
            full_words = [w.casefold() for w in _words(full)]
            if len(full_words) > len(folded) and full_words[-len(folded) :] == folded:
                if len(_words(full)) > len(_words(best)):
                    best = full
        if best == name and len(words) == 1:
            # A lone first name ("Karen") joins a full name that starts with it, if only one does.
            starts = [full for full in persons if _words(full)[0].casefold() == folded[0]]
            if len(starts) == 1:
                best = starts[0]
        return _tidy(best)
    key = _key(text)
    if text.isupper() or (len(key) <= 6 and " " not in key):
        for full in long_names.get(label, []):
            if acronym(full) == text.replace(".", "").upper() and len(_words(full)) >= 2:
                return _tidy(_strip_article(full))
    return _tidy(_strip_article(text))


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
