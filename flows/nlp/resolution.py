"""Resolve speakers to names without a coreference model.

A speaker span that holds a named entity takes that entity; a name the model did not tag (a bare
surname) takes the document's person of that name. A pronoun takes the person it most likely
refers to: the nearest earlier person who agrees ("Putin blamed the west ... He added"), else the
last speaker who agrees, else any earlier person who agrees. Agreement (he or she) is learned from
the document itself: honorifics ("Mr", "Mrs") and the pronouns that follow each person's mentions.
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
        named = _person_by_alias(written, mentions)
        if named is not None:
            return named
        return Resolution(_as_written(written), None)
    if gender in ("m", "f"):
        speaker_ids = {res.entity_id for _, res in previous if res.entity_id is not None}
        nearest = _nearest_agreeing_person(speaker, text, mentions, genders, gender, speaker_ids)
        if nearest is not None:
            return nearest
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
        if (
            res.entity_id is not None
            and span.start < speaker.start
            and _label_of(res.entity_id, mentions) in GROUP_LABELS
        ):
            return res
    groups = [m for m in mentions if m.label in GROUP_LABELS and m.mention.end_char <= speaker.start]
    if groups and gender == "neuter":
        return Resolution(groups[-1].entity_name, groups[-1].entity_id)
    return Resolution(None, None)


# How far back (in characters) a pronoun looks for the person it names before falling back on
# the last speaker: about the previous two or three sentences of news prose.
ANTECEDENT_WINDOW = 400
_PREPOSITION_BEFORE = re.compile(
    r"\b(about|of|to|with|for|against|by|on|at|from|than|like|as|and|or)\s+$", re.IGNORECASE
)
_TITLE_WORDS = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?|Senator|President|Governor)\s+")


def _nearest_agreeing_person(
    speaker: Span,
    text: str,
    mentions: Sequence[ResolvedMention],
    genders: dict[str, str],
    gender: str,
    speaker_ids: set[str],
) -> Resolution | None:
    """The closest person before the pronoun whose pronoun is known to agree.

    "Putin blamed the west ... He added": the nearest "he" is Putin, not an earlier speaker. Names
    inside quotations or after a preposition ("talked about Obama") are rarely what a following
    "he" refers to, so they are skipped."""
    quoted = _quoted_spans(text, speaker.start)
    # A one-word name ("Kyiv" tagged as a person) may owe its learned gender to this very
    # pronoun; only people named in full, or who spoke before, are trusted here.
    for m in reversed(mentions):
        start, end = m.mention.start_char, m.mention.end_char
        if end > speaker.start:
            continue
        if speaker.start - end > ANTECEDENT_WINDOW:
            break
        if m.label != PERSON or genders.get(m.entity_id) != gender:
            continue
        if len(m.entity_name.split()) < 2 and m.entity_id not in speaker_ids:
            continue
        if any(q_start <= start < q_end for q_start, q_end in quoted):
            continue
        if _PREPOSITION_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        return Resolution(m.entity_name, m.entity_id)
    return None


def _quoted_spans(text: str, end: int) -> list[tuple[int, int]]:
    from flows.nlp.quotes import find_quotes

    window_start = max(0, end - ANTECEDENT_WINDOW - 200)
    return [(q.start + window_start, q.end + window_start) for q in find_quotes(text[window_start:end])]


def _person_by_alias(written: str, mentions: Sequence[ResolvedMention]) -> Resolution | None:
    """A speaker the model did not tag, written as a surname or name the document gives a person
    elsewhere ("Donfried", "Mr. Donfried", "spokesman Brian Fallon")."""
    words = _TITLE_WORDS.sub("", _as_written(written)).split()
    if not words or not words[-1][:1].isupper():
        return None
    for m in reversed(mentions):
        if m.label != PERSON:
            continue
        name_words = m.entity_name.split()
        if not name_words:
            continue
        # The speaker ends with the person's full name, or is their surname alone.
        if words[-len(name_words) :] == name_words or (len(words) == 1 and words[0] == name_words[-1]):
            return Resolution(m.entity_name, m.entity_id)
    return None


def _label_of(entity_id: str, mentions: Sequence[ResolvedMention]) -> str | None:
    return next((m.label for m in mentions if m.entity_id == entity_id), None)


def _is_descriptive(written: str, mention: ResolvedMention) -> bool:
    """An anonymous description ("a State Department official") names an anonymous person, not the State Department."""
    tail = written[written.find(mention.mention.text) + len(mention.mention.text) :].strip()
    return bool(tail) and tail[0].islower()


def _as_written(written: str) -> str:
    return re.sub(r"\s+", " ", written).strip()
