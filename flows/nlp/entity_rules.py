"""Entity rules from the context news gives a name: what a name is, where the model could not tell.

The small model labels a name mostly by its spelling, so a town is a place even when it plays
football, and a company with a surname for a name is a person. These rules read the words around a
name, and the shape of the line it stands on, the way a reader does. Each rule runs over the
candidates of one document (token spans with a label) and returns them changed; they run in this
order, after the span repairs of `flows.nlp.mentions`. Word lists are in `flows.nlp.entity_words`.

| rule | trigger | example from news | overrides |
| --- | --- | --- | --- |
| results_lines | in a sports report, a name before a score at the start of a line or after a score | "Pohang 3 Ulsan 2", "Stoke 4 3 1 0 7 4 10" | the model's span and label; lines in capitals |
| acronym_definitions | an acronym in brackets right after the name it shortens | "Kurdistan Democratic Party ( KDP )" | nothing: the acronym becomes a mention |
| team_contexts | in a sports report, a name that plays: before a player's role, after "club"/"side", beside a result | "Surrey captain Chris Lewis", "French first division side Nice", "Leicestershire beat Somerset" | a place or lone-word person label |
| teams_spread | a team named once is the team throughout the report, and so are names listed or drawn with it | "Essex , Derbyshire and Surrey", "Birmingham v Barnsley" | as team_contexts; places after "in" and datelines stay places |
| companies | a name ending in a company suffix; a lone "person" before a company's officer or shares, throughout the report | "Pirelli SpA chairman", "Ericsson spokesman Per Zetterquist", "Comelf 's six-month output" | a person or place label |
| news_organisations | a wire agency, or a name after "news agency", "newspaper", "daily", throughout the report | "the Yugoslav news agency Tanjug reported" | a person or place label |
| places | a name after "the town of", "the province of", or opening a dateline | "the town of Tavildara", "KHASAVYURT , Russia 1996-08-31" | a person or organisation label |

Labels are spaCy's: teams, companies and agencies are ORG, places GPE.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from flows.nlp.entity_words import (
    COMPANY_POSSESSIONS,
    COMPANY_ROLES,
    COUNTRIES,
    NEWS_AGENCIES,
    NEWS_NOUNS,
    ORG_SUFFIXES,
    PLACE_NOUNS,
    RESULT_NOUNS,
    RESULT_VERBS,
    SCORED_FOR,
    SPORTS_WORDS,
    TEAM_MOVES,
    TEAM_NOUNS,
    TEAM_ROLES,
)
from flows.nlp.lexicon import MONTHS

# A candidate mention over tokens: [start, end) and a label.
Candidate = tuple[int, int, str]

# A score or a column of a results table: "3", "429-7", "42-36", ".556", "1/2".
_SCORE = re.compile(r"^(?:\d{1,3}(?:-\d{1,3})?|\.\d{3}|\d/\d)$")
# Punctuation after which a line of results names the next team ("Hampshire 232 , Kent 108-3").
_RESULT_SEPARATORS = frozenset({":", ",", ";", "-", "–"})
# Labels a rule may change: names, not numbers, dates or titles of works.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_FIXTURE_WORDS = frozenset({"v", "v.", "vs", "vs.", "V", "VS"})


@dataclass
class Context:
    """What the rules know about one document."""

    doc: Doc
    caps: list[bool]  # per token: on a line in capitals
    is_sports: bool
    line_of: list[int] = field(default_factory=list)  # per token: its line number
    teams: set[str] = field(default_factory=set)  # names the rules found playing, by `_key`

    @classmethod
    def of(cls, doc: Doc, caps: list[bool]) -> Context:
        line_of, line = [], 0
        for t in doc:
            line_of.append(line)
            line += (t.text + t.whitespace_).count("\n")
        return cls(doc, caps, is_sports_report(doc), line_of)


def is_sports_report(doc: Doc) -> bool:
    """Two different words of sport ("league", "innings", "halftime") mark a sports report."""
    seen: set[str] = set()
    for t in doc:
        word = t.lower_
        if word in SPORTS_WORDS:
            seen.add(word)
            if len(seen) >= 2:
                return True
    return False


def _key(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_.replace(".", "") for t in doc[start:end] if not t.is_space)


def is_country(doc: Doc, start: int, end: int) -> bool:
    key = _key(doc, start, end)
    return key in COUNTRIES or key.removeprefix("the ") in COUNTRIES


def _is_name_word(token: Token) -> bool:
    word = token.text
    return (
        any(ch.isalpha() for ch in word)
        and word[0].isupper()
        and not token.is_space
        and not any(ch.isdigit() for ch in word)
    )


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def replace(candidates: list[Candidate], found: Iterable[Candidate]) -> list[Candidate]:
    """`candidates` with `found` in place of those they overlap."""
    found = list(found)
    if not found:
        return candidates
    kept = [c for c in candidates if not any(_overlaps(c, f) for f in found)]
    return sorted(kept + found)


# --- structure: the shape of the line --------------------------------------------------------


def results_lines(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """The teams of lines of results and tables, in a sports report: "Millwall 2 Burnley 1",
    "Warwickshire 195 , Surrey 429-7", "Stoke 4 3 1 0 7 4 10". A line holds results when it gives
    two names each before a score, or one name and a row of scores; countries stay places, and a
    table of people (golf: "Phillip Price 72 76 74 69") is left alone."""
    if not ctx.is_sports:
        return []
    doc = ctx.doc
    by_line: dict[int, list[Candidate]] = defaultdict(list)
    for i in range(1, len(doc)):
        team = _name_before_score(ctx, i)
        if team is not None:
            by_line[ctx.line_of[i]].append(team)
    found = [t for teams in by_line.values() for t in teams if len(teams) >= 2 or _row_of_scores(ctx, t[1])]
    if _mostly_people(found, candidates):
        return []
    found = [f for f in found if not _model_person(f, candidates) and not is_country(doc, f[0], f[1])]
    ctx.teams.update(_key(doc, s, e) for s, e, _ in found)
    return found


def _name_before_score(ctx: Context, i: int) -> Candidate | None:
    """The name right before the score at token `i`, if it opens the line or follows a score or a
    separator ("Chesterfield : Worcestershire 238 and 133-5 , Derbyshire 471")."""
    doc = ctx.doc
    if not _SCORE.match(_chunk(doc, i)) or not _is_name_word(doc[i - 1]):
        return None
    start = i - 1
    while start > 0 and ctx.line_of[start - 1] == ctx.line_of[i] and _is_name_word(doc[start - 1]):
        start -= 1
    if i - start > 4 or (i - start == 1 and doc[start].is_stop) or _is_initials_person(doc, start, i):
        return None
    before = doc[start - 1].text if start > 0 and ctx.line_of[start - 1] == ctx.line_of[i] else "\n"
    # In a headline in capitals a separator opens the story: "SOCCER - CANADA BEAT PANAMA 3-1".
    separators = {"\n"} if ctx.caps[i] else _RESULT_SEPARATORS | {"\n"}
    if before in separators or _SCORE.match(_chunk_ending(doc, start - 1)):
        return (start, i, "ORG")
    return None


def _row_of_scores(ctx: Context, i: int) -> bool:
    """Is the score at token `i` followed by more scores, a bracket or the end of its line?"""
    doc = ctx.doc
    j = i
    while j < len(doc) and ctx.line_of[j] == ctx.line_of[i] and (_SCORE.match(doc[j].text) or doc[j].text == "-"):
        j += 1
    return j >= len(doc) or ctx.line_of[j] != ctx.line_of[i] or doc[j].text == "(" or doc[j].is_space or j - i >= 2


def _chunk(doc: Doc, i: int) -> str:
    """The text from token `i` to the next space: "10-0-41-2" is one bowling figure, not a score."""
    j = i
    while j + 1 < len(doc) and not doc[j].whitespace_ and not doc[j + 1].is_space:
        j += 1
    return doc[i : j + 1].text


def _chunk_ending(doc: Doc, i: int) -> str:
    """The text from the last space before token `i` to its end."""
    j = i
    while j > 0 and not doc[j - 1].whitespace_ and not doc[j - 1].is_space:
        j -= 1
    return doc[j : i + 1].text if i >= 0 else ""


def _is_initials_person(doc: Doc, start: int, end: int) -> bool:
    """Initials make a bowler, not a team: "P. Simmons 4-38"."""
    return end - start >= 2 and bool(re.match(r"^(?:[A-Z]\.)+", doc[start].text))


def _model_person(team: Candidate, candidates: list[Candidate]) -> bool:
    """A full name the model calls a person ("Adam Hunter 70") is a person in a results line too."""
    return any(c[2] == "PERSON" and c[1] - c[0] >= 2 and _overlaps(c, team) for c in candidates)


def _mostly_people(found: list[Candidate], candidates: list[Candidate]) -> bool:
    """A results table whose names the model mostly calls people by full name lists people."""
    people = sum(_model_person(f, candidates) for f in found)
    return people * 2 >= len(found)


def acronym_definitions(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """An acronym in brackets after the name it abbreviates is that name's organisation: "the
    Kurdistan Democratic Party ( KDP )", "the World Anti-Doping Agency (Wada)". Later uses of "KDP"
    are then found as mentions of it."""
    doc = ctx.doc
    taken = {i for s, e, _ in candidates for i in range(s, e)}
    found: list[Candidate] = []
    for s, e, label in candidates:
        if e + 2 >= len(doc) or doc[e].text != "(" or doc[e + 2].text != ")" or e + 1 in taken:
            continue
        # In capitals, or written as a word as the BBC does ("Nato", "Wada").
        acronym = doc[e + 1].text.replace(".", "")
        if not (2 <= len(acronym) <= 8 and acronym.isalpha() and (acronym.isupper() or acronym.istitle())):
            continue
        if acronym.upper() in _initials(doc, s, e) and label in _NAME_LABELS - {"PERSON"}:
            found.append((e + 1, e + 2, label))
    return sorted(candidates + found)


def _initials(doc: Doc, start: int, end: int) -> set[str]:
    words = [t.text for t in doc[start:end] if t.text[:1].isalpha()]
    every = "".join(w[0] for w in words).upper()
    capitals = "".join(w[0] for w in words if w[0].isupper()).upper()
    return {every, capitals}


# --- context: the words around the name ------------------------------------------------------


def _team_evidence(ctx: Context, s: int, e: int, label: str) -> bool:
    """Does the name [s, e) play, here? See `team_contexts`. A name the model took for a person
    needs a team's word beside it: "Sampras beat Agassi 6-4" is two players."""
    doc = ctx.doc
    after = _word(doc, e)
    if after in ("'s", "’s", "'"):
        after = _word(doc, e + 1)
        if after in RESULT_NOUNS or after in ("home", "lead"):
            return True
        if after not in TEAM_ROLES and _word(doc, e + 2) in TEAM_ROLES and doc[e + 1].text[:1].isupper():
            return True  # "Derbyshire 's Australian captain"
    if after in TEAM_ROLES or (after in ("team", "teams") and _word(doc, e + 1) in ("mate", "mates")):
        return True
    before = _word(doc, s - 1)
    if before in TEAM_NOUNS:
        return True
    if label == "PERSON":
        return False
    if after in RESULT_VERBS or before in RESULT_VERBS:
        return True
    if before in ("over", "against", "to") and _word(doc, s - 2) in RESULT_NOUNS | {"lost", "losing"}:
        return True
    if before in TEAM_MOVES or (before == "for" and _word(doc, s - 2) in SCORED_FOR):
        return True
    return e < len(doc) and bool(re.match(r"^\d{1,3}-\d{1,3}$", _chunk(doc, e))) and not ctx.caps[s]


def _word(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _may_be_team(ctx: Context, c: Candidate, persons: set[str]) -> bool:
    """Names a team rule may relabel: places that are not countries, organisations, and lone
    words the model took for a person who has no full name in the document."""
    s, e, label = c
    if label not in _NAME_LABELS or label in ("NORP", "FAC") or is_country(ctx.doc, s, e):
        return False
    if label == "PERSON":
        return e - s == 1 and ctx.doc[s].lower_ not in persons
    return True


def _persons(ctx: Context, candidates: list[Candidate]) -> set[str]:
    """Words of the full names of people in the document ("hoddle" for "Glenn Hoddle")."""
    return {ctx.doc[i].lower_ for s, e, label in candidates if label == "PERSON" and e - s >= 2 for i in range(s, e)}


def team_contexts(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """In a sports report, a name that plays is a team: before a player's role ("Surrey captain
    Chris Lewis", "Norwich striker Keith O'Neill"), after "club", "side" or "rivals" ("serie A club
    Atalanta"), beside a result ("Leicestershire beat Somerset", "75-19 victory over Gloucester",
    "Nice 's home defeat"), after a transfer ("joined Newcastle"), or before a score ("Guingamp
    2-1"). Names found so are teams throughout the report (`teams_spread`)."""
    if not ctx.is_sports:
        return candidates
    persons = _persons(ctx, candidates)
    found = []
    for s, e, label in candidates:
        if (label == "ORG" or _may_be_team(ctx, (s, e, label), persons)) and _team_evidence(ctx, s, e, label):
            ctx.teams.add(_key(ctx.doc, s, e))
            label = "ORG"
        found.append((s, e, label))
    return found


def teams_spread(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """A team is a team throughout a sports report, and so are the names listed with it ("Essex ,
    Derbyshire and Surrey") or drawn against it ("Birmingham v Barnsley"). A place after "in" and
    a dateline stay places ("In Milwaukee , Marc Newfield homered")."""
    if not ctx.is_sports:
        return candidates
    doc = ctx.doc
    persons = _persons(ctx, candidates)
    teams = ctx.teams
    # Names listed or drawn with a team, until no more join.
    changed = True
    while changed:
        changed = False
        for a, b in _pairs(ctx, candidates):
            ka, kb = _key(doc, a[0], a[1]), _key(doc, b[0], b[1])
            for k, other in ((ka, b), (kb, a)):
                if k in teams and _key(doc, other[0], other[1]) not in teams and _may_be_team(ctx, other, persons):
                    teams.add(_key(doc, other[0], other[1]))
                    changed = True
    spread = []
    for s, e, label in candidates:
        if (
            label != "ORG"
            and _key(doc, s, e) in teams
            and _may_be_team(ctx, (s, e, label), persons)
            and not _place_use(ctx, s, e)
        ):
            label = "ORG"
        spread.append((s, e, label))
    return spread


def _pairs(ctx: Context, candidates: list[Candidate]) -> Iterable[tuple[Candidate, Candidate]]:
    """Neighbouring names joined by "and", "or", a comma or "v"."""
    doc = ctx.doc
    for a, b in zip(candidates, candidates[1:]):
        between = [t.text for t in doc[a[1] : b[0]]]
        if len(between) == 1 and between[0] in _FIXTURE_WORDS | {",", "and", "or", "&"}:
            yield a, b


def _place_use(ctx: Context, s: int, e: int) -> bool:
    """A place after "in", or in a dateline: "BIRMINGHAM , England 1996-08-31", "NEW YORK 1996-08-30"."""
    return _word(ctx.doc, s - 1) in ("in", "near", "outside") or in_dateline(ctx, s, e)


def in_dateline(ctx: Context, s: int, e: int) -> bool:
    """Is [s, e) a place of a dateline: the line's opening words in capitals, then perhaps a comma
    and a region, then a date ("ARLINGTON , Texas 1996-08-31", "LONDON 1996-08-30")?"""
    doc = ctx.doc
    first = s
    while first > 0 and ctx.line_of[first - 1] == ctx.line_of[s]:
        first -= 1
    if not doc[first].text.isupper() or e - first > 6:
        return False
    j = e
    while j < len(doc) and j - e < 4 and ctx.line_of[j] == ctx.line_of[s] and not _opens_date(doc[j].text):
        if doc[j].text != "," and not _is_name_word(doc[j]):
            return False
        j += 1
    return j < len(doc) and ctx.line_of[j] == ctx.line_of[s] and doc[j].ent_type_ == "DATE"


def _opens_date(word: str) -> bool:
    """The first word of a dateline's date: "1996" of "1996-08-30", "Aug", "August"."""
    word = word.lower().rstrip(".")
    return (len(word) == 4 and word.isdigit()) or (len(word) >= 3 and any(m.startswith(word) for m in MONTHS))


def companies(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """Companies the model took for people or places: a name ending in a company suffix ("Pirelli
    SpA", "Kloof Gold Mining Co"), and a suffix right after a name joins it ("Johnson Controls" +
    "Inc"); a lone word taken for a person with no full name in the report is the company
    throughout when the text names its officers or shares once ("Ericsson spokesman Per
    Zetterquist", "Cofinec CEO Stephen Frater", "Comelf 's six-month output")."""
    doc = ctx.doc
    persons = _persons(ctx, candidates)
    starts = {s for s, _, _ in candidates}
    found = []
    for s, e, label in candidates:
        if label not in _NAME_LABELS or label == "ORG":
            found.append((s, e, label))
            continue
        last = doc[e - 1].lower_.rstrip(".")
        if e - s >= 2 and last in ORG_SUFFIXES:
            found.append((s, e, "ORG"))
            continue
        if e < len(doc) and doc[e].lower_.rstrip(".") in ORG_SUFFIXES and doc[e].text[:1].isupper() and e not in starts:
            found.append((s, e + 1, "ORG"))
            continue
        found.append((s, e, label))
    # A lone "person" the text treats as a company once is the company throughout.
    lone = {(s, e) for s, e, label in found if label == "PERSON" and e - s == 1 and doc[s].lower_ not in persons}
    firms = {doc[s].lower_ for s, e in lone if _company_cue(doc, e)}
    return [(s, e, "ORG" if (s, e) in lone and doc[s].lower_ in firms else label) for s, e, label in found]


def _company_cue(doc: Doc, e: int) -> bool:
    after = _word(doc, e)
    if after in COMPANY_ROLES:
        return True
    if after in ("'s", "’s"):
        return _word(doc, e + 1) in COMPANY_POSSESSIONS or _word(doc, e + 2) in COMPANY_POSSESSIONS
    return False


def news_organisations(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """News agencies and papers are organisations, throughout the report: the wire agencies by
    name ("Interfax quoted Chernomyrdin"), and a name after "news agency", "newspaper" or "daily"
    ("the Yugoslav news agency Tanjug reported", "the daily Sueddeutsche Zeitung"), or a person's
    name before it ("the Sereipheap Thmei newspaper"; a place there says where the paper is: "a
    London newspaper")."""
    doc = ctx.doc
    papers = set()
    for s, e, label in candidates:
        key = _key(doc, s, e)
        if (
            key in NEWS_AGENCIES
            or _word(doc, s - 1) in NEWS_NOUNS
            or (label == "PERSON" and _word(doc, e) in NEWS_NOUNS)
        ):
            papers.add(key)
    relabel = ("PERSON", "GPE", "LOC", "FAC")
    return [(s, e, "ORG" if label in relabel and _key(doc, s, e) in papers else label) for s, e, label in candidates]


def places(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """Places the model took for people or organisations: after "the town of", "the province of"
    ("the coastal town of Staoueli"), and the place that opens a dateline before its country
    ("KHASAVYURT , Russia 1996-08-31")."""
    doc = ctx.doc
    found = []
    for s, e, label in candidates:
        if label in ("PERSON", "ORG", "NORP") and e - s <= 3:
            of_place = _word(doc, s - 1) == "of" and _word(doc, s - 2) in PLACE_NOUNS
            if of_place or in_dateline(ctx, s, e):
                label = "GPE"
        found.append((s, e, label))
    return found


# The context rules, in the order they run (see the module's table).
CONTEXT_RULES: tuple[Callable[[Context, list[Candidate]], list[Candidate]], ...] = (
    team_contexts,
    teams_spread,
    companies,
    news_organisations,
    places,
)


def apply_context_rules(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    for rule in CONTEXT_RULES:
        candidates = rule(ctx, candidates)
    return candidates
