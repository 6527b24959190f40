"""Resolve speakers to names without a coreference model.

A speaker span that holds a named entity takes that entity. A pronoun takes the person it most
likely refers to: the last speaker when the pronoun agrees with them, else the nearest earlier
person who agrees. Agreement (he or she) is learned from the document itself: honorifics ("Mr",
"Mrs") and the pronouns that follow each person's mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flows.nlp.entities import ResolvedMention
from flows.nlp.spans import Span

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "we", "us", "our"})
SINGULAR_NEUTER = frozenset({"it", "its"})
PRONOUNS = MALE | FEMALE | PLURAL | SINGULAR_NEUTER | {"i", "me", "my", "you"}

_MALE_TITLES = re.compile(r"\b(Mr|Mister|Sir|Lord|King|Prince|Father)\.?\s*$")
_FEMALE_TITLES = re.compile(r"\b(Mrs|Ms|Miss|Madam|Dame|Lady|Queen|Princess|Sister)\.?\s*$")
_WORD = re.compile(r"[A-Za-z]+")

PERSON = "PERSON"
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})


@dataclass(frozen=True)
class Resolution:
    name: str | None
    entity_id: str | None


def learn_genders(text: str, mentions: Sequence[ResolvedMention]) -> dict[str, str]:
    """Each person entity's pronoun, "m" or "f", where the text tells."""
    votes: dict[str, Counter[str]] = {}
    persons = [m for m in mentions if m.label == PERSON]
    for i, m in enumerate(persons):
        counter = votes.setdefault(m.entity_id, Counter())
        before = text[max(0, m.mention.start_char - 12) : m.mention.start_char]
        if _MALE_TITLES.search(before) or m.mention.text.startswith(("Mr ", "Mr. ")):
            counter["m"] += 3
        if _FEMALE_TITLES.search(before) or m.mention.text.startswith(("Mrs ", "Ms ", "Mrs. ", "Ms. ")):
            counter["f"] += 3
        # The first personal pronoun after the mention, before the next person, most often
        # refers back to it.
        stop = persons[i + 1].mention.start_char if i + 1 < len(persons) else len(text)
        window = text[m.mention.end_char : min(stop, m.mention.end_char + 250)]
        for word in _WORD.findall(window):
            lower = word.lower()
            if lower in MALE:
                counter["m"] += 1
                break
            if lower in FEMALE:
                counter["f"] += 1
                break
    genders = {}
    for entity_id, counter in votes.items():
        if counter and counter.most_common(1)[0][1] > 0:
            top = counter.most_common(2)
            if len(top) == 1 or top[0][1] > top[1][1]:
                genders[entity_id] = top[0][0]
    return genders


def pronoun_gender(word: str) -> str | None:
    lower = word.lower()
    if lower in MALE:
        return "m"
    if lower in FEMALE:
        return "f"
    if lower in PLURAL:
        return "plural"
    if lower in SINGULAR_NEUTER:
        return "neuter"
    return None


def is_pronoun(text: str) -> bool:
    return text.strip().lower() in PRONOUNS


def resolve_speaker(
    speaker: Span,
    text: str,
    mentions: Sequence[ResolvedMention],
    genders: dict[str, str],
    previous: Sequence[tuple[Span, Resolution]],
) -> Resolution:
    """Resolve one speaker span.

    `previous` holds the earlier statements' speaker spans and resolutions, in document order.
    """
    written = text[speaker.start : speaker.end]
    inside = [m for m in mentions if speaker.start <= m.mention.start_char and m.mention.end_char <= speaker.end]
    if inside:
        # A person named in the span is the speaker ("NATO Secretary General Jens Stoltenberg");
        # otherwise the last named thing, which is the head of the phrase in English.
        persons = [m for m in inside if m.label == PERSON]
        chosen = persons[-1] if persons else inside[-1]
        if persons or not _is_descriptive(written, chosen):
            return Resolution(chosen.entity_name, chosen.entity_id)
        return Resolution(written, None)
    gender = pronoun_gender(written)
    if gender is None:
        if is_pronoun(written):
            return Resolution(None, None)
        return Resolution(_as_written(written), None)
    if gender in ("m", "f"):
        for span, res in reversed(previous):
            if res.entity_id is not None and genders.get(res.entity_id) == gender and span.start < speaker.start:
                return res
        candidates = [m for m in mentions if m.label == PERSON and m.mention.end_char <= speaker.start]
        for m in reversed(candidates):
            if genders.get(m.entity_id) == gender:
                return Resolution(m.entity_name, m.entity_id)
        for span, res in reversed(previous):
            if res.entity_id is not None and res.entity_id not in genders and span.start < speaker.start:
                return res
        for m in reversed(candidates):
            if m.entity_id not in genders:
                return Resolution(m.entity_name, m.entity_id)
        return Resolution(None, None)
    # "they", "it", "we": the last group that spoke, else the nearest group mentioned before.
    for span, res in reversed(previous):
        if res.entity_id is not None and span.start < speaker.start and _label_of(res.entity_id, mentions) in GROUP_LABELS:
            return res
    groups = [m for m in mentions if m.label in GROUP_LABELS and m.mention.end_char <= speaker.start]
    if groups and gender == "neuter":
        return Resolution(groups[-1].entity_name, groups[-1].entity_id)
    return Resolution(None, None)


def _label_of(entity_id: str, mentions: Sequence[ResolvedMention]) -> str | None:
    return next((m.label for m in mentions if m.entity_id == entity_id), None)


def _is_descriptive(written: str, mention: ResolvedMention) -> bool:
    """"a State Department official" names an anonymous person, not the State Department."""
    tail = written[written.find(mention.mention.text) + len(mention.mention.text) :].strip()
    return bool(tail) and tail[0].islower()


def _as_written(written: str) -> str:
    return re.sub(r"\s+", " ", written).strip()
