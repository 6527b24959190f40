"""Attributed speech: who said what, to whom, from the dependency parse and the quotation marks.

Three ways a statement is found:
1. a reporting verb ("said", "told", "warned") and the clause it governs (indirect speech), or a
   quotation next to it (direct speech), or both (mixed);
2. "according to X", where the rest of the clause is the content;
3. a quotation standing alone right after an attributed statement, which keeps that speaker.
Speakers are kept as written; `resolution.py` resolves them to names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from flows.nlp.quotes import OPENING, find_quotes
from flows.nlp.spans import Span, trim

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "deny": ("denies", "denied", "denying"),
    "reply": ("replies", "replied", "replying"),
    "testify": ("testifies", "testified", "testifying"),
    "predict": ("predicts", "predicted", "predicting"),
    "admit": ("admits", "admitted", "admitting"),
    "declare": ("declares", "declared", "declaring"),
    "promise": ("promises", "promised", "promising"),
    "argue": ("argues", "argued", "arguing"),
    "note": ("notes", "noted", "noting"),
    "state": ("states", "stated", "stating"),
    "vow": ("vows", "vowed", "vowing"),
    "tweet": ("tweets", "tweeted", "tweeting"),
    "concede": ("concedes", "conceded", "conceding"),
    "quip": ("quips", "quipped", "quipping"),
    "write in": (),
}

# Reporting verbs: verbs of saying whose complement clause is what was said.
REPORTING_VERBS = frozenset(
    """say tell add state announce claim report write explain note insist argue warn ask reply
    respond confirm deny acknowledge admit suggest declare comment reiterate recall tweet testify
    remark predict promise vow assert contend maintain concede stress emphasize emphasise
    complain disclose reveal allege caution urge estimate observe announce agree boast
    quip joke recount repeat indicate signal hint acknowledge retort counter conclude""".split()
)


def _inflections(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


CUE_LEMMAS: dict[str, str] = {form: lemma for lemma in REPORTING_VERBS for form in _inflections(lemma)}

# Verbs whose direct object is the person spoken to ("told reporters").
ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "assure", "inform", "remind", "caution"})

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl"})
# Children of a speaker's head word that are not part of the name as written.
SPEAKER_STOP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "prep"})

MIN_QUOTE_WORDS = 4


@dataclass
class Statement:
    sentence_idx: int
    content: Span
    kind: str
    speaker: Span | None = None
    cue: Span | None = None
    cue_lemma: str | None = None
    addressee: Span | None = None
    # For a quotation standing alone: the statement whose speaker it keeps.
    continues: Statement | None = field(default=None, repr=False)


def extract_statements(doc: Doc, sentence_bounds: list[tuple[int, int]]) -> list[Statement]:
    """Statements in document order (by content start)."""
    text = doc.text
    quotes = [q for q in find_quotes(text) if _word_count(text, q) >= 1]
    statements: list[Statement] = []
    for sent in doc.sents:
        sentence_idx = _sentence_idx(sentence_bounds, sent.start_char)
        for token in sent:
            stmt = _from_reporting_verb(token, sent, quotes, sentence_idx) or _from_according_to(
                token, sent, sentence_idx
            )
            if stmt is not None and not any(s.content.overlaps(stmt.content) for s in statements):
                statements.append(stmt)
    _merge_split_quotes(text, statements, quotes)
    _add_bare_quotes(text, statements, quotes, sentence_bounds)
    statements.sort(key=lambda s: (s.content.start, s.content.end))
    return statements


def _sentence_idx(bounds: list[tuple[int, int]], start: int) -> int:
    for i, (s, e) in enumerate(bounds):
        if s <= start < e or start < s:
            return i
    return max(len(bounds) - 1, 0)


def _word_count(text: str, span: Span) -> int:
    return len(text[span.start : span.end].split())


def is_cue(token: Token) -> bool:
    return token.tag_.startswith("VB") and token.lower_ in CUE_LEMMAS


def _from_reporting_verb(token: Token, sent: SpacySpan, quotes: list[Span], sentence_idx: int) -> Statement | None:
    if not is_cue(token):
        return None
    text = token.doc.text
    lemma = CUE_LEMMAS[token.lower_]
    clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        clause = next(
            (c for c in token.children if c.dep_ in CLAUSE_DEPS and c.tag_.startswith("VB") and c.i < token.i), None
        )
    content: Span | None = None
    if clause is not None:
        start, end = _subtree_chars(clause)
        content = Span(*trim(text, start, end))
    near = _adjacent_quote(token, sent, quotes)
    if content is None and near is None:
        return None
    if content is None or len(content) == 0:
        content = near
    assert content is not None
    content = _extend_to_quotes(content, quotes)
    if near is not None and not content.overlaps(near) and _between_is_attribution(text, content, near):
        content = Span(min(content.start, near.start), max(content.end, near.end))
    if len(content) == 0 or content.contains(Span(token.idx, token.idx + len(token))):
        return None
    speaker, passive = _speaker(token)
    if speaker is None and not passive:
        return None
    cue, addressee = _cue_and_addressee(token, lemma)
    return Statement(
        sentence_idx=sentence_idx,
        content=content,
        kind=_kind(text, content, quotes),
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
        addressee=addressee,
    )


def _from_according_to(token: Token, sent: SpacySpan, sentence_idx: int) -> Statement | None:
    if token.lower_ != "according":
        return None
    to = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if to is None or to.lower_ != "to":
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in token.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    text = token.doc.text
    phrase_start = token.idx
    phrase_end = source.right_edge.idx + len(source.right_edge)
    # The content is the rest of the sentence, on whichever side of the phrase it stands.
    before = trim(text, sent.start_char, phrase_start)
    after = trim(text, phrase_end, sent.end_char, " \t\n,;:-–—.")
    start, end = after if (after[1] - after[0]) > (before[1] - before[0]) else before
    if end - start < 3:
        return None
    speaker = _speaker_span(source)
    return Statement(
        sentence_idx=sentence_idx,
        content=Span(start, end),
        kind="indirect",
        speaker=speaker,
        cue=Span(token.idx, to.idx + len(to)),
        cue_lemma="according to",
    )


def _subtree_chars(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def _speaker(verb: Token) -> tuple[Span | None, bool]:
    """The speaker span and whether the verb is passive."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in ("it", "there") and child.tag_ in ("PRP", "EX"):
                return None, True
            return _speaker_span(child), False
        if child.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _speaker_span(pobj), False
            return None, True
    # A verb in a conjunction shares its subject: "She smiled and said ...".
    if verb.dep_ == "conj" and verb.head.tag_.startswith("VB"):
        return _speaker(verb.head)
    return None, False


def _speaker_span(head: Token) -> Span:
    """The speaker as written: the head word with what precedes it and its modifiers, without
    appositions or relative clauses ("Hugh Hill, a doctor, who ..." → "Hugh Hill")."""
    start = head.left_edge.idx
    end = head.idx + len(head)
    for child in head.rights:
        if child.dep_ in SPEAKER_STOP_DEPS and not (child.dep_ == "prep" and child.lower_ in ("of", "for", "at")):
            break
        end = child.right_edge.idx + len(child.right_edge)
    text = head.doc.text
    return Span(*trim(text, start, end, " \t\n,;:-–—\"“”"))


def _cue_and_addressee(verb: Token, lemma: str) -> tuple[Span, Span | None]:
    cue = Span(verb.idx, verb.idx + len(verb))
    addressee: Token | None = None
    if lemma in ADDRESSEE_VERBS:
        addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if addressee is None:
        prep = next((c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
        if prep is not None:
            addressee = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if addressee is None:
        return cue, None
    span = _speaker_span(addressee)
    if addressee.i == verb.i + 1 or (addressee.left_edge.i == verb.i + 1):
        cue = Span(cue.start, span.end)
    return cue, span


def _adjacent_quote(verb: Token, sent: SpacySpan, quotes: list[Span]) -> Span | None:
    """A quotation of several words in the verb's sentence, before or after the attribution."""
    best: Span | None = None
    for q in quotes:
        if q.end <= sent.start_char or q.start >= sent.end_char + 1:
            if not (q.start < sent.start_char < q.end):
                continue
        if _word_count(verb.doc.text, q) < MIN_QUOTE_WORDS:
            continue
        if q.start <= verb.idx < q.end:
            continue
        if best is None or abs(q.start - verb.idx) < abs(best.start - verb.idx):
            best = q
    return best


def _extend_to_quotes(content: Span, quotes: list[Span]) -> Span:
    start, end = content.start, content.end
    for q in quotes:
        if q.overlaps(Span(start, end)) or q.start == end or q.end == start:
            start, end = min(start, q.start), max(end, q.end)
    return Span(start, end)


def _between_is_attribution(text: str, a: Span, b: Span) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    between = text[first.end : second.start]
    return len(between) <= 80 and "\n" not in between


def _kind(text: str, content: Span, quotes: list[Span]) -> str:
    inside = [q for q in quotes if content.contains(q)]
    if not inside:
        return "indirect"
    quoted = sum(len(q) for q in inside)
    outside = text[content.start : content.end]
    for q in inside:
        outside = outside.replace(text[q.start : q.end], "")
    if quoted >= len(content) - 2 or not any(ch.isalnum() for ch in outside):
        return "direct"
    # Attribution words between two quoted parts do not make a quote indirect.
    if len(inside) >= 2 and len(outside.split()) <= 6:
        return "direct"
    return "mixed"


def _merge_split_quotes(text: str, statements: list[Statement], quotes: list[Span]) -> None:
    """“…,” she said, “…” is one statement: extend the content over the quote that follows."""
    for stmt in statements:
        if stmt.cue is None:
            continue
        for q in quotes:
            if q.start < stmt.content.end or q.start < stmt.cue.end:
                continue
            between = text[max(stmt.content.end, stmt.cue.end) : q.start]
            if "\n" in between or len(between) > 60 or any(ch in ".!?" for ch in between.strip(" ,:")):
                break
            if any(o is not stmt and o.content.overlaps(q) for o in statements):
                break
            if stmt.content.end <= stmt.cue.start:
                stmt.content = Span(stmt.content.start, q.end)
                stmt.kind = _kind(text, stmt.content, quotes)
            break


def _add_bare_quotes(
    text: str, statements: list[Statement], quotes: list[Span], bounds: list[tuple[int, int]]
) -> None:
    """A quotation of its own that follows an attributed statement keeps that speaker."""
    for q in quotes:
        if _word_count(text, q) < MIN_QUOTE_WORDS or any(s.content.overlaps(q) for s in statements):
            continue
        sentence_idx = _sentence_idx(bounds, q.start)
        sent_start, sent_end = bounds[sentence_idx] if bounds else (q.start, q.end)
        # The quote must be the sentence (or open it): "“…” Then something else" is not a statement.
        if q.start > sent_start + 2 or q.end < sent_end - 2 or text[q.start] not in OPENING + '"':
            continue
        previous = [s for s in statements if s.content.end <= q.start and s.speaker is not None]
        if not previous:
            continue
        last = max(previous, key=lambda s: s.content.end)
        if sentence_idx - last.sentence_idx > 3:
            continue
        statements.append(
            Statement(
                sentence_idx=sentence_idx,
                content=q,
                kind="direct",
                speaker=last.speaker,
                continues=last,
            )
        )
