"""Resolve each statement's speaker, as written, to a name: a sieve of rules, first match wins.

| rule          | the speaker as written                      | resolves to                                 | how        |
|---------------|---------------------------------------------|---------------------------------------------|------------|
| coordinated   | "Burton and Nick"                           | both names, joined, no entity               | named      |
| named         | "NATO chief Jens Stoltenberg", "Mr Blair"   | the person (else the last entity) it holds  | named      |
| surname       | "Donfried", "Mr. Donfried" (untagged)       | the article's one person of that name       | surname    |
| title         | "the chancellor", "the spokesman"           | the person introduced with that title       | surname    |
| company       | "the firm", "the company", "the bank"       | the organisation last named as a subject    | group      |
| relative      | "who", "which" ("Smith, who said")          | what the clause hangs on                    | as it      |
| he / she      | "he", "she"                                 | the most salient person who agrees          | pronoun    |
| they / we     | "they", "we"                                | the most salient group, organisation or     | group      |
|               |                                             | plural noun phrase ("the protesters")       |            |
| it            | "it"                                        | the most salient organisation or institution| group      |
| plural phrase | "analysts", "the ministers"                 | itself, no entity                           | group      |
| as written    | "a spokesman", "the report"                 | itself, no entity                           | unresolved |

A second statement of the same speaker span ("told reporters that …, adding that …") carries the
first one's name, and says so: `continuation`.

A rule earlier in the table overrides the ones after it: a span that names a person is that person,
even when it begins with "the". Pronouns are weighed as the classic rule-based resolvers do (Hobbs;
Lappin and Leass; the Stanford sieve): salience falls by half with every sentence back, a subject
counts more than an object, the last speaker more than a name in passing, and a name inside a
quotation or after a preposition counts less. Gender is a filter: a person whose gender is known
never takes the other pronoun; unknown agrees with both but ranks below a known match.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flows.nlp.entities import ResolvedMention
from flows.nlp.lexicon import HONORIFICS
from flows.nlp.resolution.genders import entity_genders, first_name_gender, honorific_gender
from flows.nlp.resolution.phrases import Phrase
from flows.nlp.resolution.words import COMPANY_NOUNS, INSTITUTION_NOUNS, names_people
from flows.nlp.spans import Span

MALE = frozenset({"he", "him", "himself"})
FEMALE = frozenset({"she", "her", "herself"})
PLURAL = frozenset({"they", "them", "we", "us"})
NEUTER = frozenset({"it"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
PRONOUNS = MALE | FEMALE | PLURAL | NEUTER | RELATIVE | {"i", "me", "you"}

PERSON = "PERSON"
# Candidates that are noun phrases rather than entities.
PLURAL_PHRASE = "PLURAL_PHRASE"
INSTITUTION = "INSTITUTION"
# Labels of the things "they", "we" and "it" may stand for.
GROUP_LABELS = frozenset({"ORG", "GPE", "NORP"})

# Suffixes that make a different person of the same name ("Donald Trump Jr." is not his father).
GENERATIONS = re.compile(r"^,?\s*(Jr|Sr|Junior|Senior|II|III|IV)\b\.?")

# Salience weights, after Lappin and Leass: recency halves per sentence back; the rest add.
RECENCY = 100.0
SUBJECT = 80.0
LAST_SPEAKER = 25.0
EARLIER_SPEAKER = 10.0
KNOWN_GENDER = 15.0
PLACE = -30.0
# "The firm": each earlier mention of an organisation adds this, for its first few mentions, and a
# name ending in the noun ("Lloyds Bank" for "the bank") adds more.
PER_MENTION = 10.0
MENTIONS_COUNTED = 5
NAMED_BY_NOUN = 30.0
# Two people sharing a surname ("Clinton") must differ by this much in salience for the more
# salient to be meant.
SURNAME_MARGIN = 25.0
IN_QUOTATION = -70.0
AFTER_PREPOSITION = -40.0
POSSESSIVE = -40.0
# A pronoun looks this many sentences back for its antecedent; further back only an earlier
# speaker who agrees can be meant.
SENTENCES_BACK = 5

_PREPOSITION_BEFORE = re.compile(
    r"\b(about|of|to|with|for|against|by|on|at|from|than|like|as|into|over|under|between)\s+$", re.IGNORECASE
)
_POSSESSIVE_AFTER = re.compile(r"^[’']s?\b")
# Honorifics and titles before a name ("Mr.", "Senator"), up to the name.
_TITLE_WORDS = re.compile(
    r"^(?:(?:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r")\.?\s+)+", re.IGNORECASE
)
_ARTICLE = re.compile(r"^(?:the|a|an|its|their)\s+", re.IGNORECASE)
# A speaker that is two or more capitalised names joined by "and" ("Burton and Nick").
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_COORDINATED_NAMES = re.compile(rf"{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|&)\s+{_NAME}")
_COORDINATION = re.compile(r"^\s*(?:,|and|&|, and)\s*$")


@dataclass(frozen=True)
class Resolution:
    name: str | None
    entity_id: str | None
    how: str = "unresolved"  # named, surname, pronoun, group, continuation, unresolved


UNRESOLVED = Resolution(None, None, "unresolved")


@dataclass
class _Candidate:
    resolution: Resolution
    start: int
    end: int
    sentence: int
    subject: bool
    label: str
    # The mention's own salience before it fades with distance (recency, subject, and the
    # penalties for a quotation, a preposition or a possessive); weighed when first needed.
    weight: float | None = None


class SpeakerResolver:
    """Resolves the speakers of one document, in document order (each knows the ones before)."""

    def __init__(
        self,
        text: str,
        sentence_starts: Sequence[int],
        mentions: Sequence[ResolvedMention],
        phrases: Sequence[Phrase],
    ) -> None:
        self.text = text
        self.starts = list(sentence_starts)
        self.mentions = list(mentions)
        self.phrases = list(phrases)
        self.genders = entity_genders(text, mentions)
        self.previous: list[tuple[Span, Resolution]] = []
        self._quoted: list[tuple[int, int]] | None = None
        self.mention_starts = sorted(m.mention.start_char for m in mentions)
        self.mention_ends = {(m.mention.start_char, m.mention.end_char) for m in mentions}
        self.labels = {m.entity_id: m.label for m in reversed(mentions)}
        subject_spans = [(p.start, p.end, p.coordinated) for p in phrases if p.subject]
        self.candidates = [self._candidate_of(m, subject_spans) for m in mentions]
        # Noun phrases that name no entity as their head: plural ones for "they" ("the protesters"),
        # singular institutions for "it" ("a report by the think-tank").
        persons_by_word = self._persons_by_word()
        for p in phrases:
            if p.proper and not p.plural and not self._holds_entity(p):
                # A surname the model did not tag ("Walz approaches it ...") still names the
                # article's one person of that name.
                person = persons_by_word.get(_TITLE_WORDS.sub("", _as_written(text[p.start : p.end])))
                if person is not None:
                    self.candidates.append(
                        self._candidate(
                            Resolution(person.entity_name, person.entity_id, "named"), p.start, p.end, p.subject, PERSON
                        )
                    )
                continue
            if p.coordinated:
                name = self._coordination_name(p)
            elif self._headed_by_entity(p):
                continue
            elif (p.plural and names_people(p.head)) or (not p.plural and p.head in INSTITUTION_NOUNS):
                name = _as_written(text[p.start : p.end])
            else:
                continue
            if name:
                self.candidates.append(
                    self._candidate(
                        Resolution(name, None, "group"),
                        p.start,
                        p.end,
                        p.subject,
                        PLURAL_PHRASE if p.plural else INSTITUTION,
                    )
                )
        self.candidates.sort(key=lambda c: c.start)
        self.candidate_starts = [c.start for c in self.candidates]

    def resolve(self, speaker: Span) -> Resolution:
        written = _as_written(self.text[speaker.start : speaker.end])
        if self.previous and self.previous[-1][0] == speaker:
            # A second cue of the same speaker ("…, adding that …") carries the first one's name.
            first = self.previous[-1][1]
            resolution = Resolution(first.name, first.entity_id, "continuation" if first.name else "unresolved")
            self.previous.append((speaker, resolution))
            return resolution
        resolution = self._resolve(speaker, written)
        self.previous.append((speaker, resolution))
        if resolution.name is not None and resolution.how != "unresolved":
            # A resolved speaker is a mention of its referent, and the subject of its cue.
            if resolution.entity_id:
                label = self._label_of(resolution.entity_id) or PERSON
            elif written.lower() in PLURAL or self._is_plural_phrase(speaker) or " and " in resolution.name:
                label = PLURAL_PHRASE
            elif resolution.how in ("named", "surname"):
                label = PERSON  # a person with no entity of their own ("Donald Trump Jr.")
            else:
                label = INSTITUTION
            mention = self._candidate(resolution, speaker.start, speaker.end, True, label)
            at = bisect.bisect_right(self.candidate_starts, mention.start)
            self.candidates.insert(at, mention)
            self.candidate_starts.insert(at, mention.start)
        return resolution

    # --- the sieve ---------------------------------------------------------------------------------
    def _resolve(self, speaker: Span, written: str) -> Resolution:
        lower = written.lower()
        inside = [
            m for m in self.mentions if speaker.start <= m.mention.start_char and m.mention.end_char <= speaker.end
        ]
        if inside:
            return self._named(speaker, written, inside)
        if lower in MALE:
            return self._pronoun(speaker, "m")
        if lower in FEMALE:
            return self._pronoun(speaker, "f")
        if lower in PLURAL:
            return self._group(speaker, plural=True)
        if lower in NEUTER:
            return self._group(speaker, plural=False)
        if lower in RELATIVE:
            return self._relative(speaker, written)
        if lower in PRONOUNS:
            return UNRESOLVED
        named = self._person_by_alias(written)
        if named is not None:
            return named
        words = _ARTICLE.sub("", lower).split()
        if lower.startswith("the ") and words and words[-1] in COMPANY_NOUNS and len(words) <= 2:
            company = self._company(speaker, words[-1])
            if company is not None:
                return company
        # "the chancellor", and an organisation's "its secretary general".
        if lower.startswith(("the ", "its ", "their ")) and words:
            titled = self._titled_person(speaker, " ".join(words))
            if titled is not None:
                return titled
        if self._is_plural_phrase(speaker):
            return Resolution(written, None, "group")
        return Resolution(written, None, "unresolved")

    def _named(self, speaker: Span, written: str, inside: list[ResolvedMention]) -> Resolution:
        persons = [m for m in inside if m.label == PERSON]
        # "Smith's lawyer" is not Smith.
        heads = [m for m in persons if not _POSSESSIVE_AFTER.match(self.text[m.mention.end_char : speaker.end])]
        if len(heads) >= 2 and self._coordinated(heads):
            return Resolution(" and ".join(m.entity_name for m in heads), None, "named")
        if _COORDINATED_NAMES.fullmatch(written):
            # "Burton and Nick", where the model tagged one of them: the names as written, each
            # tagged one in full.
            name = self.text[speaker.start : speaker.end]
            for m in sorted(inside, key=lambda m: -m.mention.start_char):
                at = m.mention.start_char - speaker.start
                name = name[:at] + m.entity_name + name[at + len(m.mention.text) :]
            return Resolution(_as_written(name), None, "named")
        if persons and not heads:
            return Resolution(written, None, "unresolved")
        chosen = heads[-1] if heads else inside[-1]
        if not heads and _is_descriptive(written, chosen):
            # "a State Department official" is an anonymous person, not the State Department.
            return Resolution(written, None, "unresolved")
        suffix = GENERATIONS.match(self.text[chosen.mention.end_char : speaker.end])
        if suffix and not GENERATIONS.search(chosen.entity_name.split()[-1]):
            name = f"{chosen.entity_name} {suffix.group(1)}."
            if suffix.group(1) in ("II", "III", "IV"):
                name = name[:-1]
            # Not the father's entity; the son has none of his own in the mentions, so none here.
            return Resolution(name, None, "named")
        holder = self._holder_of_surname(speaker, chosen)
        if holder is not None:
            return holder
        how = "named"
        if chosen.label == PERSON and len(_TITLE_WORDS.sub("", chosen.mention.text).split()) < len(
            chosen.entity_name.split()
        ):
            how = "surname"
        return Resolution(chosen.entity_name, chosen.entity_id, how)

    def _holder_of_surname(self, speaker: Span, chosen: ResolvedMention) -> Resolution | None:
        """A bare surname the article gives in full is that person: the one an honorific agrees
        with ("Mrs Clinton" with Bill and Hillary Clinton), else the most salient. The model's label
        does not decide: a speaker named "Trump" is a person even where "Trump" was tagged ORG."""
        words = _TITLE_WORDS.sub("", chosen.entity_name).split()
        if chosen.label not in (PERSON, "ORG") or len(words) != 1:
            return None
        holders = {
            m.entity_id
            for m in self.mentions
            if m.mention.start_char < speaker.start and m.entity_id != chosen.entity_id and surname(m) == words[0]
        }
        title = _TITLE_WORDS.match(self.text[chosen.mention.start_char : speaker.end])
        before = self.text[max(0, chosen.mention.start_char - 6) : chosen.mention.start_char]
        gender = _honorific_gender((title.group(0) if title else "") + " " + before)
        if gender is not None:
            holders = {h for h in holders if self.genders.get(h) in (gender, None)}
        if not holders:
            return None
        ranked = self._ranked(speaker, lambda c: c.resolution.entity_id in holders, gender or "any")
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < SURNAME_MARGIN:
            return None  # two people of that name are as salient: do not guess
        best = ranked[0][1] if ranked and ranked[0][0] > 0 else None
        if best is None:
            # None spoke or was named lately: the one the article names most.
            counts = Counter(m.entity_id for m in self.mentions if m.entity_id in holders)
            top = counts.most_common(2)
            if len(top) == 2 and top[0][1] == top[1][1]:
                return None
            chosen_id = top[0][0]
            best = next(Resolution(m.entity_name, m.entity_id) for m in self.mentions if m.entity_id == chosen_id)
        return Resolution(best.name, best.entity_id, "surname")

    def _coordinated(self, persons: list[ResolvedMention]) -> bool:
        return all(
            _COORDINATION.match(self.text[a.mention.end_char : b.mention.start_char])
            for a, b in zip(persons, persons[1:])
        )

    def _pronoun(self, speaker: Span, gender: str) -> Resolution:
        def agrees(c: _Candidate) -> bool:
            return c.label == PERSON and self.genders.get(c.resolution.entity_id or "") in (gender, None)

        best = self._most_salient(speaker, agrees, gender)
        if best is not None:
            return Resolution(best.name, best.entity_id, "pronoun")
        # Further back, only an earlier speaker who agrees.
        for span, res in reversed(self.previous):
            if res.entity_id and span.start < speaker.start and self.genders.get(res.entity_id) in (gender, None):
                if self._label_of(res.entity_id) == PERSON:
                    return Resolution(res.name, res.entity_id, "pronoun")
        return UNRESOLVED

    def _group(self, speaker: Span, plural: bool) -> Resolution:
        def agrees(c: _Candidate) -> bool:
            # A place is "it" ("The city of Phoenix ... it said"), hardly ever "they".
            if c.label == "GPE":
                return not plural
            return c.label in GROUP_LABELS or c.label == (PLURAL_PHRASE if plural else INSTITUTION)

        best = self._most_salient(speaker, agrees, "plural" if plural else "neuter")
        if best is not None:
            return Resolution(best.name, best.entity_id, "group")
        return UNRESOLVED

    def _most_salient(self, speaker: Span, agrees: Callable[[_Candidate], bool], gender: str) -> Resolution | None:
        ranked = self._ranked(speaker, agrees, gender)
        return ranked[0][1] if ranked and ranked[0][0] > 0 else None

    def _ranked(
        self, speaker: Span, agrees: Callable[[_Candidate], bool], gender: str
    ) -> list[tuple[float, Resolution]]:
        """The referents that agree, most salient first, with their salience."""
        here = self._sentence(speaker.start)
        last = next((res for span, res in reversed(self.previous) if span.start < speaker.start), None)
        spoke = {res.entity_id or res.name for span, res in self.previous if span.start < speaker.start}
        scores: dict[str | None, tuple[float, Resolution]] = {}
        first = bisect.bisect_left(
            self.candidate_starts, self.starts[max(0, here - SENTENCES_BACK)] if self.starts else 0
        )
        for c in self.candidates[first:]:
            if c.end > speaker.start:
                break
            back = here - c.sentence
            if back > SENTENCES_BACK or not agrees(c):
                continue
            # Every factor of a mention fades by half with each sentence back; being the last
            # speaker is a state of the conversation, and does not.
            score = self._weight(c) / 2**back
            key = c.resolution.entity_id or c.resolution.name
            if last is not None and key == (last.entity_id or last.name):
                score += LAST_SPEAKER
            elif key in spoke:
                score += EARLIER_SPEAKER
            if gender in ("m", "f") and self.genders.get(c.resolution.entity_id or "") == gender:
                score += KNOWN_GENDER
            if c.label == "GPE" and gender == "neuter":
                # A country that speaks is named as its government far more often than as "it".
                score += PLACE
            # A referent is as salient as its most salient mention.
            if key not in scores or score > scores[key][0]:
                scores[key] = (score, c.resolution)
        return sorted(scores.values(), key=lambda pair: -pair[0])

    def _relative(self, speaker: Span, written: str) -> Resolution:
        """ "Smith, who said ...": the nearest person (for "who") or thing before the relative pronoun
        in its sentence, passing over names after a preposition ("the daughter of King Michael of
        Romania, who")."""
        here = self._sentence(speaker.start)
        for c in reversed(self.candidates):
            if c.end > speaker.start:
                continue
            if c.sentence != here:
                break
            if (c.label == PERSON) != (written.lower() in ("who", "whom")):
                continue
            if _PREPOSITION_BEFORE.search(self.text[max(0, c.start - 14) : c.start]):
                continue
            how = "named" if c.resolution.entity_id else c.resolution.how
            return Resolution(c.resolution.name, c.resolution.entity_id, how)
        return UNRESOLVED

    def _company(self, speaker: Span, noun: str) -> Resolution | None:
        """ "the firm" → the most salient organisation before it. A business story is about one
        company, named again and again, so each earlier mention adds to its salience (up to
        `MENTIONS_COUNTED`); a name that ends in the noun ("Lloyds Bank" for "the bank") adds more."""

        def agrees(c: _Candidate) -> bool:
            return c.label == "ORG"

        counts = Counter(m.entity_id for m in self.mentions if m.label == "ORG" and m.mention.end_char <= speaker.start)
        ranked = [
            (
                score
                + PER_MENTION * min(counts[res.entity_id or ""], MENTIONS_COUNTED)
                + (NAMED_BY_NOUN if (res.name or "").lower().endswith(noun) else 0.0),
                res,
            )
            for score, res in self._ranked(speaker, agrees, "neuter")
        ]
        if not ranked:
            return None
        best = max(ranked, key=lambda pair: pair[0])[1]
        return Resolution(best.name, best.entity_id, "group")

    def _titled_person(self, speaker: Span, title: str) -> Resolution | None:
        """ "the chancellor" → the person the article introduced as "Chancellor Gordon Brown" or
        "Gordon Brown, the chancellor"."""
        pattern = re.compile(r"\b" + re.escape(title).replace(r"\ ", r"\s+") + r"\s*,?\s*$", re.IGNORECASE)
        apposition = re.compile(r"^\s*,\s*(?:the|a|its|his|her)?\s*" + re.escape(title) + r"\b", re.IGNORECASE)
        for m in reversed(self.mentions):
            if m.label != PERSON or m.mention.end_char > speaker.start:
                continue
            before = self.text[max(0, m.mention.start_char - len(title) - 40) : m.mention.start_char]
            after = self.text[m.mention.end_char : m.mention.end_char + len(title) + 20]
            if pattern.search(before) or apposition.match(after):
                return Resolution(m.entity_name, m.entity_id, "surname")
        return None

    def _person_by_alias(self, written: str) -> Resolution | None:
        """A speaker the model did not tag, written as a surname or name the document gives a
        person elsewhere ("Donfried", "Mr. Donfried", "spokesman Brian Fallon")."""
        words = _TITLE_WORDS.sub("", written).split()
        if not words or not words[-1][:1].isupper():
            return None
        found = None
        for m in reversed(self.mentions):
            if m.label != PERSON:
                continue
            name_words = m.entity_name.split()
            if words[-len(name_words) :] == name_words:
                return Resolution(m.entity_name, m.entity_id, "named")
            if len(words) == 1 and words[0] in (name_words[-1], name_words[0]) and len(name_words) > 1:
                if found is not None and found.entity_id != m.entity_id:
                    return None  # two people hold the name: do not guess
                found = Resolution(m.entity_name, m.entity_id, "surname")
        return found

    def _is_plural_phrase(self, speaker: Span) -> bool:
        return any(p.plural and speaker.start <= p.start and p.end <= speaker.end for p in self.phrases)

    # --- helpers -----------------------------------------------------------------------------------
    def _candidate(self, resolution: Resolution, start: int, end: int, subject: bool, label: str) -> _Candidate:
        return _Candidate(resolution, start, end, self._sentence(start), subject, label)

    def _weight(self, c: _Candidate) -> float:
        if c.weight is None:
            weight = RECENCY + (SUBJECT if c.subject else 0.0)
            if any(q_start <= c.start < q_end for q_start, q_end in self._quotations()):
                weight += IN_QUOTATION
            if _PREPOSITION_BEFORE.search(self.text[max(0, c.start - 14) : c.start]):
                weight += AFTER_PREPOSITION
            if _POSSESSIVE_AFTER.match(self.text[c.end : c.end + 3]):
                weight += POSSESSIVE
            c.weight = weight
        return c.weight

    def _quotations(self) -> list[tuple[int, int]]:
        """The document's quotations, found only for a document with a speaker to weigh."""
        if self._quoted is None:
            self._quoted = _quoted_spans(self.text)
        return self._quoted

    def _candidate_of(self, m: ResolvedMention, subject_spans: list[tuple[int, int, bool]]) -> _Candidate:
        start, end = m.mention.start_char, m.mention.end_char
        # The mention heads a subject, or is one of a coordinated subject's names.
        subject = any(s <= start and end <= e and (e - end <= 1 or both) for s, e, both in subject_spans)
        return self._candidate(Resolution(m.entity_name, m.entity_id, "named"), start, end, subject, m.label)

    def _coordination_name(self, phrase: Phrase) -> str:
        """ "Carly Fiorina and Ben Carson" for "Fiorina and Carson" when every part is a person the
        article named; else the words as written."""
        inside = [m for m in self.mentions if phrase.start <= m.mention.start_char and m.mention.end_char <= phrase.end]
        written = _as_written(self.text[phrase.start : phrase.end])
        if len(inside) >= 2 and all(m.label == PERSON for m in inside) and self._coordinated(inside):
            return " and ".join(m.entity_name for m in inside)
        return written

    def _persons_by_word(self) -> dict[str, ResolvedMention]:
        """Each surname and first name of the article's people named in full, when one person holds it."""
        holders: dict[str, dict[str, ResolvedMention]] = {}
        for m in self.mentions:
            last = surname(m)
            if m.label == PERSON and last is not None:
                for word in (m.entity_name.split()[0], last):
                    holders.setdefault(word, {})[m.entity_id] = m
        return {word: next(iter(people.values())) for word, people in holders.items() if len(people) == 1}

    def _holds_entity(self, phrase: Phrase) -> bool:
        at = bisect.bisect_left(self.mention_starts, phrase.start)
        return at < len(self.mention_starts) and self.mention_starts[at] < phrase.end

    def _headed_by_entity(self, phrase: Phrase) -> bool:
        """ "the Environmental Audit Committee" is the entity; "hundreds of Labour supporters" is not."""
        if not self._holds_entity(phrase):
            return False
        return any(
            (start, end) in self.mention_ends
            for start in self.mention_starts[bisect.bisect_left(self.mention_starts, phrase.start) :]
            if start < phrase.end
            for end in (phrase.end, phrase.end - 1, phrase.end + 1)
        )

    def _sentence(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def _label_of(self, entity_id: str) -> str | None:
        return self.labels.get(entity_id)


def surname(m: ResolvedMention) -> str | None:
    """The surname of a person named in full ("Biden" for "Joseph R. Biden Jr."); a name the model
    did not tag as a person counts when it begins with a known first name ("Ava DuVernay")."""
    words = m.entity_name.split()
    if len(words) > 1 and GENERATIONS.match(words[-1]):
        words = words[:-1]
    if len(words) < 2:
        return None
    if m.label != PERSON and first_name_gender(words[0]) is None:
        return None
    return words[-1].rstrip(",")


def _honorific_gender(words: str) -> str | None:
    return next((g for g in map(honorific_gender, words.split()) if g is not None), None)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    from flows.nlp.quotes import find_quotes

    return [(q.start, q.end) for q in find_quotes(text)]


def _is_descriptive(written: str, mention: ResolvedMention) -> bool:
    tail = written[written.find(mention.mention.text) + len(mention.mention.text) :].strip()
    return bool(tail) and tail[0].islower()


def _as_written(written: str) -> str:
    return re.sub(r"\s+", " ", written).strip()
