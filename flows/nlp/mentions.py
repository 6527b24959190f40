"""Entity mentions: the model's named entities, repaired with rules that hold across news text.

The small model's entities are a starting point, not the answer. Over one document:

1. Each entity is cut where a name cannot continue: at line breaks, spaced dashes, brackets,
   "v"/"vs", commas, numbers in names of people, places and organizations ("Millwall 2 Burnley 1"
   is two clubs, "Gordon Durie 75th" is a person), and lower-case words that are not name particles
   ("Interfax news" → "Interfax"). A leading "the" and a possessive "'s" are kept out of names.
2. Initials before a surname make a person ("M. McCague", "J.J. Kenny").
3. Lines in capitals (headlines, datelines, table headers) defeat a cased model, so there a name
   is kept only when the document names it elsewhere in normal case, or when it opens a dateline
   ("LONDON 1996-08-30").
4. A name found once is found everywhere in the document: unlabelled occurrences of a name (or of a
   person's surname) the document labels elsewhere become mentions too.
5. Names that the model cut or glued wrongly are mended: two lone words side by side ("Valeska"
   "Paris") are one person's name; a person glued to the organization before it ("... Islamic
   Relations Alia Salem said") is cut off it; a photo caption's "Image:" is no part of a name.
6. Context corrects labels the model gets wrong: a bare surname of a person the document names
   in full is that person ("Paris claims", for "Valeska Paris") unless the document uses it as a
   place ("in Paris"); a lone "person" listed with places is a place ("visited Kyiv, Moscow and
   Brussels"); a lone "person" that is only ever the object of a preposition and never acts like
   a person ("on Twitter") is not one.
7. What the context says a name is, where the model could not tell (`flows.nlp.entity_rules`, one
   table of rules): teams in results lines and sports reports ("Pohang 3 Ulsan 2", "Surrey captain
   Chris Lewis"), an acronym defined in brackets, companies, news agencies and places.

Labels are made consistent per document later, in `flows.nlp.entities`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from flows.nlp.entity_rules import (
    Candidate,
    Context,
    acronym_definitions,
    apply_context_rules,
    replace,
    results_lines,
)
from flows.nlp.lexicon import COURTESY_TITLES, CUE_LEMMAS
from flows.nlp.spans import doc_text, trim

# Named things. Dates, times, numbers, money and quantities are not entities an analyst groups by.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Labels whose names may carry numbers ("Boeing 747", "Windows 95", "1998 World Cup").
NUMBERED_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC"})

_LEADING = ("the ", "The ", "THE ")
_POSSESSIVE = ("'s", "’s", "'", "’")

# Lower-case words that may stand inside a name ("Party of God", "Bank of England", "al-Ram").
NAME_PARTICLES = frozenset(
    "of for and in on at de du des da di del della dos das van von der den ter la le el al bin ibn y e "
    "& 's ’s upon und".split()
)
# Lower-case words that may open a name ("de Gaulle", "van Gogh", "al-Assad").
LEADING_PARTICLES = frozenset("de du da di del van von der den ter la le el al bin ibn".split())
# Tokens that separate two names inside one model entity.
_BREAK_TOKENS = frozenset(
    {"(", ")", "[", "]", "{", "}", "/", "|", ";", ":", '"', "“", "”", "v", "v.", "vs", "vs.", "V", "VS"}
)
_DASHES = frozenset({"-", "–", "—", "--"})
# Words that follow a comma inside one name ("Acme, Inc.", "Martin Luther King, Jr.").
_COMMA_SUFFIXES = frozenset("inc inc. ltd ltd. llc plc co co. corp corp. jr jr. sr sr. lp ag sa nv".split())
_NUMBER = re.compile(r"^[+\-]?\d[\d.,:\-/]*(?:st|nd|rd|th|s)?$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")
# Abbreviations written like initials that are not a person's ("U.S. Open" is no person).
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "E.U.", "N.Y.", "D.C.", "L.A.", "S.A.", "A.G.", "N.V."})
# Longest name, in tokens, looked for when finding a document's names again.
MAX_NAME_TOKENS = 8
# Photo captions and credits glued to the end of a name ("Ahmed Mohamed Image: Twitter").
CAPTION_WORDS = frozenset({"Image", "Photo", "Photograph", "Picture", "Video", "Credit", "Caption", "File"})
NEWS_AGENCIES = frozenset({"Reuters", "AP", "AFP", "Getty"})
# Words the model takes for a name on their own that only ever qualify one ("Emeritus Professor").
NOT_NAMES = frozenset(
    "emeritus acting deputy former interim ex late image images photo photograph picture video credit".split()
)
# Last words of organizations' names: a person named right after one was glued to it
# ("the Council on American-Islamic Relations Alia Salem said").
ORG_HEADS = frozenset(
    "relations council association committee commission department ministry agency institute university "
    "college party foundation corporation authority bureau office service police court union federation "
    "league organization organisation network society center centre board bank fund trust church club "
    "army navy front movement alliance coalition times news post press journal herald tribune".split()
)
# Verbs whose subject is a person (speech, thought, birth and death), as written: the pipeline
# has no lemmatizer.
PERSON_VERBS = frozenset(
    "say says said saying tell tells told add adds added claim claims claimed explain explains explained "
    "believe believes believed feel feels felt want wants wanted think thinks thought insist insists "
    "insisted deny denies denied admit admits admitted argue argues argued ask asks asked reply replies "
    "replied recall recalls recalled write writes wrote tweet tweets tweeted born died marry married "
    "testify testified allege alleges alleged complain complains complained warn warns warned urge urges "
    "urged".split()
)
# Prepositions before a place ("in Paris"); a person is rarely their object.
PLACE_PREPOSITIONS = frozenset("in at near into outside across throughout around".split())
# Labels the model gives a person's first or last name by mistake.
_NAME_WORD_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class Mention:
    mention_idx: int
    sentence_idx: int
    start_char: int
    end_char: int
    text: str
    label: str
    # The honorific right before a person's name ("Mr", "Mrs"), kept apart from the span.
    title: str = ""


# A candidate mention over tokens: [start, end) and a label.
_Candidate = Candidate


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation, a leading "the" and a possessive "'s" off a name's span."""
    start, end = trim(text, start, end, ' \t\n,;:"“”‘()[]')
    for article in _LEADING:
        if text.startswith(article, start) and end - start > len(article):
            start += len(article)
            break
    for suffix in _POSSESSIVE:
        if text.endswith(suffix, start, end) and end - start > len(suffix) + 1:
            end -= len(suffix)
            break
    # A trailing full stop belongs to the name only in an abbreviation ("U.S.", "Corp.").
    return trim(text, start, end, " \t\n,;:\"“”‘’'()[]-")


def extract_mentions(doc: Doc, sentence_starts: list[int]) -> list[Mention]:
    """Mentions of named things in `doc`, in text order, each with the sentence it starts in."""
    text = doc_text(doc)
    caps = capital_lines(doc)
    model: list[_Candidate] = []
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            for s, e in split_name(doc, ent.start, ent.end, ent.label_):
                model.extend(person_after_org(doc, s, e, ent.label_))
    model = [c for c in join_org_in_region(doc, join_first_and_last(doc, model)) if not _not_a_name(doc, c)]
    ctx = Context.of(doc, caps)
    candidates = _with_initials(doc, model, caps)
    candidates = acronym_definitions(ctx, candidates)
    structural = set(results_lines(ctx, candidates))
    candidates = replace(candidates, structural)
    names = document_names(doc, [c for c in candidates if not caps[c[0]] or c in structural])
    kept = [c for c in candidates if not caps[c[0]] or c in structural or _key(doc, c[0], c[1]) in names]
    kept.extend(datelines(doc, caps))
    kept = _drop_overlaps(kept)
    by_model = {s for s, _, _ in kept}
    kept.extend(find_names(doc, names, kept, caps))
    kept = relabel_by_context(doc, kept, caps, by_model)
    kept = apply_context_rules(ctx, sorted(kept))

    rows: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for s, e, label in sorted(kept):
        start, end = clean_span(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
        if end - start < 1 or not any(ch.isalpha() for ch in text[start:end]) or (start, end) in seen:
            continue
        seen.add((start, end))
        sentence_idx = max(bisect.bisect_right(sentence_starts, start) - 1, 0)
        title = _title_before(doc, s) if label == "PERSON" else ""
        rows.append(Mention(len(rows), sentence_idx, start, end, text[start:end], label, title))
    return rows


def _title_before(doc: Doc, start: int) -> str:
    """The honorific before a name ("Mr" in "Mr Blair") when the model left it out of the name."""
    i = start - 1
    if i >= 0 and doc[i].text == ".":
        i -= 1
    if i >= 0 and doc[i].lower_.rstrip(".") in COURTESY_TITLES and "\n" not in doc[i].whitespace_:
        return doc[i].text.rstrip(".")
    return ""


def capital_lines(doc: Doc) -> list[bool]:
    """For each token: is it on a line written in capitals (a headline, dateline or table header)?"""
    text = doc_text(doc)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    in_capitals = []
    for n, start in enumerate(line_starts):
        end = line_starts[n + 1] - 1 if n + 1 < len(line_starts) else len(text)
        letters = [ch for ch in text[start:end] if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters)
        in_capitals.append(upper >= 2 and upper >= 0.9 * len(letters))
    return [in_capitals[bisect.bisect_right(line_starts, t.idx) - 1] for t in doc]


def split_name(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """Cut one model entity [start, end) into the names it runs together."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for i in range(start, end):
        token = doc[i]
        if i > start and "\n" in doc[i - 1].whitespace_ + doc[i - 1].text:
            pieces.append((piece_start, i))
            piece_start = i
        if _breaks_name(doc, i, start, end, label):
            lower = token.is_alpha and token.is_lower
            pieces.append((piece_start, _before_common_noun(doc, piece_start, i) if lower else i))
            piece_start = i + 1
        elif token.is_space:
            pieces.append((piece_start, i))
            piece_start = i + 1
    last_end = end
    if end < len(doc) and doc[end].is_alpha and doc[end].is_lower:
        # The model stopped before the common noun, but not before its adjective ("French television").
        last_end = _before_common_noun(doc, piece_start, end)
    pieces.append((piece_start, last_end))
    trimmed = (_trim_piece(doc, s, e, label) for s, e in pieces)
    return [(s, e) for s, e in trimmed if s < e and _has_capital(doc, s, e)]


def _breaks_name(doc: Doc, i: int, start: int, end: int, label: str) -> bool:
    token = doc[i]
    word = token.text
    spaced = bool(token.whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))
    if word in _BREAK_TOKENS:
        return True
    if word in _DASHES:
        # A hyphenated adjective written with spaces stays in an organization's name ("Council
        # on American - Islamic Relations").
        compound = (
            label == "ORG" and i > start and doc[i - 1].tag_ == "JJ" and i + 1 < end and _is_capitalized(doc[i + 1])
        )
        return spaced and not compound
    if word == ",":
        nxt = doc[i + 1].lower_ if i + 1 < end else ""
        return nxt not in _COMMA_SUFFIXES
    if _NUMBER.match(word):
        return label not in NUMBERED_LABELS
    if word.isalpha() and word.islower() and word not in NAME_PARTICLES:
        # A lower-case part of a hyphenated word stays ("Co-operation", "Kurdish-controlled").
        return not (
            i - 2 >= start and doc[i - 1].text in _DASHES and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_
        )
    return False


def _before_common_noun(doc: Doc, start: int, i: int) -> int:
    """Where a name cut by the lower-case word at `i` ends: before adjectives that qualify that
    word and follow a particle ("Scientology on French television" → "Scientology")."""
    j = i
    while j > start + 1 and doc[j - 1].tag_ == "JJ" and _is_capitalized(doc[j - 1]):
        j -= 1
    if j < i and doc[j - 1].lower_ in NAME_PARTICLES:
        return j - 1
    return i


def _trim_piece(doc: Doc, start: int, end: int, label: str = "") -> tuple[int, int]:
    """Drop edge tokens that cannot begin or end a name: particles, punctuation, spaces, and a
    photo caption or credit after it."""
    while start < end and not _can_start(doc[start], doc, start, end):
        start += 1
    while end > start and not _can_end(doc, end - 1):
        end -= 1
    while end - start > 1 and _is_caption(doc, end - 1, label):
        end -= 1
        while end > start and not _can_end(doc, end - 1):
            end -= 1
    return start, end


def _is_caption(doc: Doc, i: int, label: str) -> bool:
    """Is token `i`, at the end of a name, a caption or credit ("Image:", "Reuters")?"""
    word = doc[i].text
    after = doc[i + 1].text if i + 1 < len(doc) else "\n"
    ends_line = "\n" in doc[i].whitespace_ or after in (":", "\n") or after.startswith("\n")
    if word in CAPTION_WORDS:
        return ends_line or label == "PERSON"
    return word in NEWS_AGENCIES and label == "PERSON"


def _can_start(token: Token, doc: Doc, start: int, end: int) -> bool:
    if token.is_space or token.is_punct and token.text not in ("'", "’"):
        return False
    word = token.text
    if word.islower() and word.isalpha():
        return word in LEADING_PARTICLES and start + 1 < end
    return not (word.startswith("'") and word[1:].isalpha() and word.islower())


def _can_end(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.is_space:
        return False
    word = token.text
    if token.is_punct:
        return word == "." or word.endswith(".")
    # A headline's verb is no part of the name before it ("Obama Says African-American Museum ...").
    # Only a word the parser reads as a verb: "States" in "United States" is a name's.
    if token.tag_ == "VBZ" and word[:1].isupper() and word.lower() in CUE_LEMMAS:
        return False
    # A lower-case part of a hyphenated name may end it ("Kim Jong-un").
    return not (word.isalpha() and word.islower()) or _in_hyphenated_word(doc, i)


def _in_hyphenated_word(doc: Doc, i: int) -> bool:
    return i >= 2 and doc[i - 1].text in _DASHES and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


def _has_capital(doc: Doc, start: int, end: int) -> bool:
    return any(ch.isupper() for t in doc[start:end] for ch in t.text)


def _is_capitalized(token: Token) -> bool:
    word = token.text
    return bool(word) and word[0].isupper() and any(ch.isalpha() for ch in word)


def person_after_org(doc: Doc, start: int, end: int, label: str) -> list[_Candidate]:
    """Cut a person's name off the organization the model glued it to: "Islamic Relations Alia
    Salem said" is an organization's tail and the person "Alia Salem".

    The person is the two or three capitalized words after the last word that ends organizations'
    names, at the end of the span; for an entity the model calls an organization, only when a
    verb of speech follows, as it does after a speaker introduced by their organization."""
    head = max((i for i in range(start, end - 2) if doc[i].lower_ in ORG_HEADS), default=None)
    if head is None or not 2 <= end - head - 1 <= 3:
        return [(start, end, label)]
    tail = doc[head + 1 : end]
    if not all(_is_surname_word(t) and t.lower_ not in ORG_HEADS and t.tag_ == "NNP" for t in tail):
        return [(start, end, label)]
    if label != "PERSON" and not (end < len(doc) and _is_person_verb(doc[end])):
        return [(start, end, label)]
    return [(start, head + 1, "ORG"), (head + 1, end, "PERSON")]


def _join_neighbours(
    candidates: list[_Candidate], join: Callable[[_Candidate, _Candidate], _Candidate | None]
) -> list[_Candidate]:
    """Candidates in text order, each pair next to each other that `join` merges made one."""
    ordered = sorted(candidates)
    joined: list[_Candidate] = []
    i = 0
    while i < len(ordered):
        both = join(ordered[i], ordered[i + 1]) if i + 1 < len(ordered) else None
        joined.append(both or ordered[i])
        i += 2 if both else 1
    return joined


def join_first_and_last(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Two lone capitalized words the model took for two names side by side ("Valeska" "Paris",
    "Natalia" "Karimova") are one person's first and last name: English does not put two names
    next to each other without a comma or a word between."""
    return _join_neighbours(
        candidates, lambda first, last: (first[0], last[1], "PERSON") if _first_and_last(doc, first, last) else None
    )


def _first_and_last(doc: Doc, first: _Candidate, last: _Candidate) -> bool:
    if first[1] != last[0] or first[1] - first[0] != 1 or last[1] - last[0] != 1:
        return False
    if first[2] not in _NAME_WORD_LABELS or last[2] not in _NAME_WORD_LABELS:
        return False
    a, b = doc[first[0]], doc[last[0]]
    return a.whitespace_ == " " and all(t.is_alpha and t.is_title and t.tag_ == "NNP" for t in (a, b))


# Words that open the names of bodies whose full name ends "... in Europe", "... in Asia".
INSTITUTION_HEADS = frozenset(
    "organization organisation conference council commission bank agency union forum committee "
    "institute office centre center federation association alliance assembly court".split()
)


def join_org_in_region(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """An institution's name the model cut before "in <region>" ("the Organization for Security
    and Cooperation" + "in" + "Europe") is one name. Only regions (LOC: continents, seas) join:
    "the Bank of England in London" names a bank and a city."""

    def join(org: _Candidate, region: _Candidate) -> _Candidate | None:
        if (
            org[2] == "ORG"
            and region[2] == "LOC"
            and region[0] == org[1] + 1
            and doc[org[1]].lower_ == "in"
            and org[1] - org[0] >= 3
            and any(doc[k].lower_ in INSTITUTION_HEADS for k in range(org[0], min(org[0] + 2, org[1])))
        ):
            return (org[0], region[1], "ORG")
        return None

    return _join_neighbours(candidates, join)


def _not_a_name(doc: Doc, candidate: _Candidate) -> bool:
    """A lone word that only ever qualifies a name ("Emeritus" in "Emeritus Professor ...")."""
    s, e, _ = candidate
    return e - s == 1 and doc[s].lower_ in NOT_NAMES


def relabel_by_context(
    doc: Doc, candidates: list[_Candidate], caps: list[bool], by_model: set[int]
) -> list[_Candidate]:
    """Labels corrected by what the document says about a name (see the module's rule 6).

    `by_model` holds the first tokens of the candidates the model labelled itself: only those uses
    tell how the model came to call a word a person."""
    persons = {doc[e - 1].lower_ for s, e, label in candidates if label == "PERSON" and e - s >= 2 and not caps[s]}
    lone = [c for c in candidates if c[1] - c[0] == 1 and not caps[c[0]]]
    as_place = {doc[s].lower_ for s, _, _ in lone if _in_place_context(doc, s)}
    as_person = {doc[s].lower_ for s, _, _ in lone if _acts_as_person(doc, s)}
    places = {i for s, e, label in candidates if label in PLACE_LABELS for i in range(s, e)}
    by_word: dict[str, list[int]] = {}
    for s, _, _ in lone:
        if s in by_model:
            by_word.setdefault(doc[s].lower_, []).append(s)

    relabelled = []
    for s, e, label in candidates:
        word = doc[s].lower_
        if e - s == 1 and not caps[s]:
            if label != "PERSON" and word in persons and (word not in as_place or _acts_as_person(doc, s)):
                label = "PERSON"
            elif label == "PERSON" and word not in persons and word not in as_person:
                label = _not_a_person(doc, s, places, by_word.get(word, [])) or label
        relabelled.append((s, e, label))
    return relabelled


def _acts_as_person(doc: Doc, i: int) -> bool:
    """Does the name at token `i` act as a person here: after an honorific, or the subject of
    saying, thinking, being born ("Paris claims", "Mr Paris")?"""
    token = doc[i]
    if _title_before(doc, i):
        return True
    return token.dep_ in ("nsubj", "nsubjpass") and _is_person_verb(token.head)


def _is_person_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") and token.lower_ in PERSON_VERBS


def _in_place_context(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in PLACE_PREPOSITIONS


def _not_a_person(doc: Doc, i: int, places: set[int], uses: list[int]) -> str | None:
    """The label of a lone name the model called a person that the document never treats as one:
    a place when listed with places ("Kyiv, Moscow and Brussels"); an organization when, used
    at least twice, it is mostly the object of a preposition ("on Twitter", "to Twitter")."""
    if any(c.i in places for c in doc[i].conjuncts):
        return "GPE"
    objects = sum(doc[u].dep_ == "pobj" for u in uses)
    if len(uses) >= 2 and objects * 3 >= len(uses) * 2:
        return "GPE" if any(_in_place_context(doc, u) for u in uses) else "ORG"
    return None


def _with_initials(doc: Doc, candidates: list[_Candidate], caps: list[bool]) -> list[_Candidate]:
    """Add "M. McCague"-style persons; they replace other labels' entities they overlap."""
    persons: list[_Candidate] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if caps[i] or not _INITIALS.match(token.text) or token.text in _NOT_INITIALS:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i <= 3 and _is_surname_word(doc[j]):
            j += 1
        if j > i + 1:
            persons.append((i, j, "PERSON"))
        i = max(j, i + 1)
    if not persons:
        return candidates
    kept = []
    for c in candidates:
        overlapping = [p for p in persons if p[0] < c[1] and c[0] < p[1]]
        if overlapping and not (c[2] == "PERSON" and all(c[0] <= p[0] and p[1] <= c[1] for p in overlapping)):
            continue
        kept.append(c)
    for p in persons:
        if not any(c[0] <= p[0] and p[1] <= c[1] for c in kept):
            kept.append(p)
    return kept


def _is_surname_word(token: Token) -> bool:
    word = token.text
    return word[:1].isupper() and word.isalpha() and not word.isupper() and not token.is_stop


def _key(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc[start:end] if not t.is_space)


def document_names(doc: Doc, candidates: list[_Candidate]) -> dict[tuple[str, ...], str]:
    """The names a document gives in normal case, by their lower-case tokens, with their usual label.

    A person's surname counts as a name of that person ("Hoddle" for "Glenn Hoddle")."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for s, e, label in candidates:
        votes.setdefault(_key(doc, s, e), Counter())[label] += 1
    for s, e, label in candidates:
        if label == "PERSON" and e - s >= 2 and _is_surname_word(doc[e - 1]) and len(doc[e - 1]) > 1:
            votes.setdefault((doc[e - 1].lower_,), Counter())["PERSON"] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def datelines(doc: Doc, caps: list[bool]) -> list[_Candidate]:
    """A place in capitals opening a line that goes on with a date: "LONDON 1996-08-30",
    "WASHINGTON, Aug 30"."""
    found = []
    for i in range(len(doc)):
        if not caps[i] or not (i == 0 or "\n" in doc[i - 1].text + doc[i - 1].whitespace_):
            continue
        j = i
        while j < len(doc) and j - i < 4 and doc[j].text.isalpha() and doc[j].text.isupper():
            j += 1
        if j == i:
            continue
        k = j + 1 if j < len(doc) and doc[j].text == "," else j
        if k < len(doc) and doc[k].ent_type_ == "DATE":
            found.append((i, j, "GPE"))
    return found


def _drop_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the earliest, then longest, of overlapping candidates."""
    kept: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if kept and c[0] < kept[-1][1]:
            continue
        kept.append(c)
    return kept


def find_names(
    doc: Doc, names: dict[tuple[str, ...], str], taken: list[_Candidate], caps: list[bool]
) -> list[_Candidate]:
    """Occurrences of the document's names that no candidate covers, longest first at each token.

    In normal text a name matches with its case as written; on lines in capitals, in any case."""
    covered = [False] * len(doc)
    for s, e, _ in taken:
        for i in range(s, e):
            covered[i] = True
    longest = max((len(k) for k in names), default=0)
    found: list[_Candidate] = []
    i = 0
    while i < len(doc):
        if covered[i] or not _is_capitalized(doc[i]):
            i += 1
            continue
        match = None
        for n in range(min(longest, MAX_NAME_TOKENS, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if any(covered[j] or doc[j].is_space for j in range(i, i + n)):
                continue
            key = tuple(t.lower_ for t in span)
            if key not in names or not _is_capitalized(span[-1]):
                continue
            if n == 1 and (doc[i].is_stop or (not caps[i] and doc[i].text.isupper() and len(doc[i]) <= 1)):
                continue
            if not caps[i] and any(caps[j] for j in range(i, i + n)):
                continue
            match = (i, i + n, names[key])
            break
        if match is None:
            i += 1
            continue
        if match[2] == "PERSON" and match[1] - match[0] == 1 and not caps[i]:
            match = (_first_names(doc, match[0], covered, found), match[1], "PERSON")
        found.append(match)
        i = match[1]
    return found


def _first_names(doc: Doc, start: int, covered: list[bool], found: list[_Candidate]) -> int:
    """Where a person found by surname begins: "Tony" in "Tony Blair" when the model missed both,
    if the words before are proper nouns of the same line that no other name covers."""
    taken = {j for s, e, _ in found for j in range(s, e)}
    first = start
    while (
        first > 0
        and start - first < 2
        and not covered[first - 1]
        and first - 1 not in taken
        and doc[first - 1].tag_ == "NNP"
        and _is_surname_word(doc[first - 1])
        and "\n" not in doc[first - 1].whitespace_
    ):
        first -= 1
    return first
