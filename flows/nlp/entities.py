"""One entity per real-world thing: mentions clustered by alias within a document, then across.

Within a document (`resolve_entities`), short forms join the fullest form they stand for when only
one form fits: a surname or honorific form ("Donfried", "Mr Blair" → "Tony Blair"), initials
("G. Bush" → "George Bush"), a first name alone ("Karen" → "Karen Donfried"), an acronym ("OSCE" →
"Organization for Security and Co-operation in Europe"), an organization's first word ("the
Church" → "Church of Scientology"); of two people with one surname, a bare surname means the one
named before it, or the one named in full far more often; well-known variants share one name ("US",
"U.S." → "United States"); a name keeps one label in a document.

The entity id is a hash of the label and a normalized key of the name (case, dots, a leading
"the", middle initials and company suffixes ignored), so "George W. Bush" in one document and
"George Bush" in another are one entity, with the same id on every run.

Across documents (`merge_across_documents`), a bare surname or acronym that a document left alone
("Blair said", no "Tony Blair" in it) joins the one full name the corpus gives it, when one
clearly dominates.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flows.nlp.lexicon import FEMALE_HONORIFICS, HONORIFICS, MALE_HONORIFICS
from flows.nlp.mentions import Mention

# Variants that mean the same place or body, with the label they share. Keys are lower-case,
# without dots or a leading "the".
VARIANTS = {
    "us": ("United States", "GPE"),
    "usa": ("United States", "GPE"),
    "united states": ("United States", "GPE"),
    "united states of america": ("United States", "GPE"),
    "america": ("United States", "GPE"),
    "uk": ("United Kingdom", "GPE"),
    "united kingdom": ("United Kingdom", "GPE"),
    "britain": ("United Kingdom", "GPE"),
    "great britain": ("United Kingdom", "GPE"),
    "eu": ("European Union", "ORG"),
    "european union": ("European Union", "ORG"),
    "un": ("United Nations", "ORG"),
    "united nations": ("United Nations", "ORG"),
    "ussr": ("Soviet Union", "GPE"),
    "soviet union": ("Soviet Union", "GPE"),
    "uae": ("United Arab Emirates", "GPE"),
    "united arab emirates": ("United Arab Emirates", "GPE"),
    "nyc": ("New York City", "GPE"),
    "new york city": ("New York City", "GPE"),
}

ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "in", "on", "to", "de", "du", "des", "la", "le", "&"})
# Company suffixes that do not change which company a name means ("Microsoft Corp" = "Microsoft").
COMPANY_SUFFIXES = frozenset("inc corp corporation co ltd limited plc llc ag sa nv".split())
# Labels an acronym and its expansion may carry when the model wavers between them.
ACRONYM_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT"})
# Labels the small model gives people's names by mistake ("Mourinho" as an ORG).
MISLABELLED_PERSON_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})
# Labels that name the same kind of thing when the model wavers between them.
PLACE_LABELS = frozenset({"GPE", "LOC"})

_INITIAL = re.compile(r"^(?:[A-Z]\.?){1,3}$")


@dataclass(frozen=True)
class ResolvedMention:
    mention: Mention
    label: str
    entity_name: str
    entity_id: str


def entity_id_for(label: str, name: str) -> str:
    """The id of the entity `name` with `label`: the same in every document and on every run."""
    return hashlib.sha256(f"{label}|{entity_key(label, name)}".encode()).hexdigest()[:16]


def entity_key(label: str, name: str) -> str:
    """What must match for two names to be one entity: case, dots, a leading "the", a person's
    middle initials and a company suffix do not count."""
    key = _key(name)
    words = key.split()
    if label == "PERSON" and len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not _is_initial_key(w)] + [words[-1]]
    if label == "ORG" and len(words) > 1 and words[-1].strip(",") in COMPANY_SUFFIXES:
        words = words[:-1]
    return " ".join(w.strip(",") for w in words)


def _is_initial_key(word: str) -> bool:
    return len(word) == 1


def _key(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace(".", "").casefold()


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.replace("’", "'")) if w]


def strip_honorifics(text: str) -> str:
    words = _words(text)
    while len(words) > 1 and _is_honorific(words[0]):
        words = words[1:]
    return " ".join(words)


def _honorific(text: str) -> str | None:
    words = _words(text)
    return words[0].casefold() if len(words) > 1 and _is_honorific(words[0]) else None


def _is_honorific(word: str) -> bool:
    return word.casefold().rstrip(".") in HONORIFICS


def acronyms(text: str) -> set[str]:
    """The acronyms a long name may go by: with or without its small words, hyphenated words as
    one word or two ("Co-operation" gives "C" or "CO")."""
    found = set()
    for split in (r"\s+", r"[\s\-]+"):
        words = [w for w in re.split(split, _strip_article(text)) if w and w[0].isalpha()]
        found.add("".join(w[0] for w in words if w.casefold() not in ACRONYM_SKIP).upper())
        found.add("".join(w[0] for w in words).upper())
    return {a for a in found if len(a) >= 2}


def acronym(text: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    return "".join(w[0] for w in words if w.casefold() not in ACRONYM_SKIP and w[0].isalpha()).upper()


def canonical_variant(text: str) -> str | None:
    variant = VARIANTS.get(_key(text))
    return variant[0] if variant else None


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


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
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def resolve_entities(mentions: Sequence[Mention]) -> list[ResolvedMention]:
    """Cluster a document's mentions into entities; return each mention with its entity.

    Every mention of one entity carries the same label, name (the fullest form in the document)
    and id."""
    labels = consistent_labels(mentions)
    persons: list[str] = []  # full names of people, honorifics off, first seen first
    seen = _FullNames()
    long_names: list[tuple[str, str]] = []  # (name, label) of other multi-word names
    for m in mentions:
        label = labels[_key(m.text)]
        if canonical_variant(m.text):
            continue
        if label == "PERSON":
            name = _tidy(strip_honorifics(m.text))
            if len(_words(name)) >= 2 and not _is_initial_key(_key(_words(name)[0])):
                seen.add(name, m.start_char)
                if name not in persons:
                    persons.append(name)
        elif len(_words(m.text)) >= 2 and (_strip_article(_tidy(m.text)), label) not in long_names:
            long_names.append((_strip_article(_tidy(m.text)), label))

    apart = _apart(m for m in mentions if labels[_key(m.text)] == "PERSON")
    assigned: list[tuple[str, str]] = []  # (label, name) per mention
    for m in mentions:
        label = labels[_key(m.text)]
        title = getattr(m, "title", "")
        if label == "PERSON":
            assigned.append((label, _tidy(_person(m.text, persons, apart, title, seen.at(m.start_char)))))
        else:
            assigned.append(_canonical(m.text, label, persons, long_names, apart, title))

    # The entity's name is the fullest form its mentions give in this document.
    fullest: dict[tuple[str, str], str] = {}
    for label, name in assigned:
        group = (label, entity_key(label, name))
        if group not in fullest or len(name) > len(fullest[group]):
            fullest[group] = name
    resolved = []
    for m, (label, name) in zip(mentions, assigned):
        group = (label, entity_key(label, name))
        resolved.append(ResolvedMention(m, label, fullest[group], entity_id_for(label, name)))
    return resolved


def _canonical(
    text: str,
    label: str,
    persons: list[str],
    long_names: list[tuple[str, str]],
    apart: set[str] | None = None,
    title: str = "",
) -> tuple[str, str]:
    """(label, name) of the entity a mention stands for."""
    variant = VARIANTS.get(_key(text))
    if variant:
        return variant[1], variant[0]
    if label == "PERSON":
        return label, _tidy(_person(text, persons, apart, title))
    if _is_acronym(text) and label in ACRONYM_LABELS:
        bare = text.replace(".", "").upper()
        expansions = {
            (name, name_label)
            for name, name_label in long_names
            if name_label in ACRONYM_LABELS and bare in acronyms(name)
        }
        if len({entity_key(lb, n) for n, lb in expansions}) == 1:
            name, name_label = max(expansions, key=lambda e: len(e[0]))
            return name_label, _tidy(name)
    if label == "ORG" and len(_words(text)) == 1:
        # "the Church" for "the Church of Scientology": the one organization the word begins.
        first = _key(text)
        longer = {name for name, name_label in long_names if name_label == "ORG" and _key(_words(name)[0]) == first}
        if len({entity_key("ORG", name) for name in longer}) == 1:
            return label, _tidy(max(longer, key=len))
    return label, _tidy(_strip_article(text))


@dataclass
class _FullNames:
    """Where and how often a document gives people's full names, to tell which of two people
    with one surname a bare surname means ("Mohamed": the boy "Ahmed Mohamed", named in full
    four times, or his father "Mohamed El-Hassan Mohamed", named once, late)."""

    first_at: dict[str, int] = field(default_factory=dict)  # entity key -> first offset
    count: Counter[str] = field(default_factory=Counter)  # entity key -> mentions in full

    def add(self, name: str, start: int) -> None:
        key = entity_key("PERSON", name)
        self.first_at[key] = min(start, self.first_at.get(key, start))
        self.count[key] += 1

    def at(self, start: int) -> _Reader:
        return _Reader(self, start)


@dataclass(frozen=True)
class _Reader:
    """The full names as a reader knows them at one mention."""

    names: _FullNames
    start: int

    def choose(self, keys: set[str]) -> str | None:
        """The one of `keys` a bare surname here means: the only one named before it, else the
        one named in full at least twice, and twice as often as the others together."""
        before = {k for k in keys if self.names.first_at.get(k, self.start) < self.start}
        if len(before) == 1:
            return before.pop()
        counts = sorted(((self.names.count[k], k) for k in keys), reverse=True)
        best, key = counts[0]
        rest = sum(n for n, _ in counts[1:])
        return key if best >= 2 and best >= 2 * rest else None


def _person(
    text: str, persons: list[str], apart: set[str] | None = None, title: str = "", reader: _Reader | None = None
) -> str:
    """The one full name in the document that a person's mention is a short form of, else the
    mention without its honorific."""
    name = strip_honorifics(text)
    words = [w.casefold().rstrip(".") for w in _words(name)]
    apart = apart or set()
    gender = _gender(_honorific(text) or title.casefold() or None)
    matches = []
    for full in persons:
        full_words = [w.casefold().rstrip(".") for w in _words(full)]
        if len(full_words) <= len(words) or full_words[-1] != words[-1]:
            continue
        if _initials_fit(words[:-1], full_words[:-1]):
            matches.append(full)
    if not matches and len(words) == 1 and _honorific(text) is None:
        # A lone first name ("Karen") joins a full name that starts with it; "Prince Charles" does not.
        matches = [full for full in persons if _words(full)[0].casefold() == words[0]]
    if gender is not None and words[-1] in apart:
        # "Mr Howard" and "Mrs Howard" in one document: which is "Michael Howard"?
        return _tidy(f"{title} {name}") if title and not _honorific(text) else _tidy(text)
    keys = {entity_key("PERSON", full) for full in matches}
    if len(keys) > 1 and reader is not None:
        chosen = reader.choose(keys)
        matches = [full for full in matches if entity_key("PERSON", full) == chosen]
        keys = {chosen} if chosen else set()
    if len(keys) == 1:
        return max(matches, key=len)
    return name


def _apart(mentions: Iterable[Mention]) -> set[str]:
    """Surnames that follow both a man's and a woman's honorific in one document ("Mr Howard",
    "Mrs Howard"): there the honorific forms cannot say which full name they are, so they stay
    entities of their own."""
    genders: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        gender = _gender(_honorific_of(m))
        if gender:
            genders[_words(m.text)[-1].casefold().rstrip(".")].add(gender)
    return {surname for surname, seen in genders.items() if len(seen) == 2}


def _honorific_of(m: Mention) -> str | None:
    return _honorific(m.text) or (getattr(m, "title", "") or "").casefold() or None


def _gender(honorific: str | None) -> str | None:
    """Honorifics that tell a woman from a man: "Mrs Blair" is not "Mr Blair"."""
    word = (honorific or "").rstrip(".")
    if word in FEMALE_HONORIFICS:
        return "female"
    if word in MALE_HONORIFICS:
        return "male"
    return None


def _initials_fit(short: list[str], full: list[str]) -> bool:
    """Do the short form's first names ("g", "george w") fit the full name's ("george walker")?"""
    if not short:
        return True
    full_firsts = [w for w in full]
    i = 0
    for word in short:
        while i < len(full_firsts) and not (
            full_firsts[i] == word or (len(word) == 1 and full_firsts[i].startswith(word))
        ):
            i += 1
        if i == len(full_firsts):
            return False
        i += 1
    return True


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One row of the `entities` view, as `merge_across_documents` reads it."""

    entity_id: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    n_documents: int = 1


def merge_across_documents(entities: Iterable[EntityRow], dominance: float = 0.8) -> dict[str, str]:
    """Entity ids that should join another entity across the corpus: {entity_id: joined entity_id}.

    - A document that names a person only by surname ("Blair said") makes an entity "Blair"; it
      joins the full name ending in that surname ("Tony Blair") when the corpus gives exactly one
      such full name, or one found in at least `dominance` of the documents any of them is in.
    - The same goes for a surname the model labelled as something else ("Mourinho" as an ORG),
      when the person is in at least twice as many documents (and three or more), and for a
      person's full name with another label, when the person is in at least twice as many.
    - A bare acronym ("OSCE") joins the multi-word entity that has it as an alias, if only one does.

    Ids in the result never point at an id that is itself merged.
    """
    rows = list(entities)
    full_by_surname: dict[str, list[EntityRow]] = defaultdict(list)
    person_by_key: dict[str, EntityRow] = {}
    expansions: dict[tuple[str, str], list[EntityRow]] = defaultdict(list)
    for row in rows:
        words = _words(row.name)
        if row.label == "PERSON" and len(words) >= 2 and not _is_honorific(words[0]):
            full_by_surname[_key(words[-1])].append(row)
            person_by_key[entity_key("PERSON", row.name)] = row
        if len(words) >= 2:
            for alias in row.aliases:
                if _is_acronym(alias):
                    expansions[(row.label, alias.replace(".", "").upper())].append(row)

    merges: dict[str, str] = {}
    for row in rows:
        words = _words(row.name)
        target = None
        if (
            len(words) == 1
            and not _is_acronym(row.name)
            and (row.label == "PERSON" or row.label in MISLABELLED_PERSON_LABELS)
        ):
            target = _dominant(full_by_surname.get(_key(row.name), []), dominance)
            if target is not None and row.label != "PERSON" and target.n_documents < max(3, 2 * row.n_documents):
                target = None
        elif len(words) >= 2 and row.label in MISLABELLED_PERSON_LABELS:
            person = person_by_key.get(entity_key("PERSON", row.name))
            if person is not None and person.n_documents >= 2 * row.n_documents:
                target = person
        if target is None and len(words) == 1 and _is_acronym(row.name):
            target = _dominant(expansions.get((row.label, row.name.replace(".", "").upper()), []), 1.0)
        if target is not None and target.entity_id != row.entity_id:
            merges[row.entity_id] = target.entity_id
    return merges


def _dominant(candidates: list[EntityRow], dominance: float) -> EntityRow | None:
    if not candidates:
        return None
    unique = {row.entity_id: row for row in candidates}
    best = max(unique.values(), key=lambda row: (row.n_documents, row.entity_id))
    total = sum(row.n_documents for row in unique.values())
    return best if best.n_documents >= dominance * total else None
