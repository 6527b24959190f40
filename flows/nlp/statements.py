"""Attributed speech: who said what, to whom, from the dependency parse and the quotation marks.

Ways a statement is found:
1. a reporting verb ("said", "told", "warned") and the clause it governs (indirect speech), or a
   quotation next to it (direct speech), or both (mixed);
2. "according to X", where the rest of the sentence is the content;
3. a reporting verb that ends its paragraph with a colon ("He told reporters:"), whose content is
   the quotation opening the next paragraph.
A direct statement then runs over the quotations that continue it: the second half of a quotation
split by its attribution ("“…,” she said, “…”"), the quoted sentences that follow it in its
paragraph, and whole quoted paragraphs right after it. That is how news annotators (PolNeAR) mark
one statement, and a quotation standing alone has no cue of its own.
Speakers are kept as written; `resolution.py` resolves them to names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flows.nlp.quotes import CLOSING, OPENING, STRAIGHT, find_quotes, is_quote_mark
from flows.nlp.spans import Span, doc_text, trim

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "testify": ("testifies", "testified", "testifying"),
}

# Reporting verbs: verbs of saying whose complement clause is what was said.
REPORTING_VERBS = frozenset(
    """say tell add state announce claim report write explain note insist argue warn ask reply
    respond confirm deny acknowledge admit suggest declare comment reiterate recall tweet testify
    remark predict promise vow assert contend maintain concede stress emphasize emphasise
    complain disclose reveal allege caution urge estimate observe agree boast
    quip joke recount repeat indicate signal hint retort counter conclude""".split()
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
# Clauses that carry what was said when they stand before the cue ("Talks will start, he said").
FRONTED_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl"})
# Children of a speaker's head word that are not part of the name as written.
SPEAKER_STOP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "prep"})

# A quotation this long stands as content even when it is not right next to its cue.
MIN_QUOTE_WORDS = 4
# Most characters between a quotation and its cue for them to belong together in a sentence.
MAX_ATTRIBUTION_GAP = 80

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

CONTENT_EDGES = " \t\n,;:-–—"


@dataclass
class Statement:
    sentence_idx: int
    content: Span
    kind: str
    speaker: Span | None = None
    cue: Span | None = None
    cue_lemma: str | None = None
    addressee: Span | None = None


def extract_statements(doc: Doc, sentence_bounds: list[tuple[int, int]]) -> list[Statement]:
    """Statements in document order (by content start)."""
    text = doc_text(doc)
    quotes = [q for q in find_quotes(text) if _word_count(text, q) >= 1]
    statements: list[Statement] = []
    # A cue whose content is a quotation outside its own sentence ("… revealed this last fall.
    # | “…?” he told Fox News.") yields to the cues of that quotation's sentence.
    borrowing: list[Statement] = []
    for sent in doc.sents:
        sentence_idx = _sentence_idx(sentence_bounds, sent.start_char)
        for token in sent:
            stmt = _from_reporting_verb(token, sent, quotes, sentence_idx) or _from_according_to(
                token, sent, quotes, sentence_idx
            )
            if stmt is None:
                continue
            if not stmt.content.overlaps(Span(sent.start_char, sent.end_char)):
                borrowing.append(stmt)
            elif not any(_collides(s, stmt) for s in statements):
                statements.append(stmt)
            elif (after := _quote_after_sentence(text, stmt, sent, quotes)) is not None:
                # A second cue whose words an earlier cue took ("DuVernay said … “…,” she said.
                # “…”") introduces the quotation that follows its sentence.
                stmt.content, stmt.kind = after, "direct"
                if not any(_collides(s, stmt) for s in statements):
                    statements.append(stmt)
    for stmt in borrowing:
        colliding = [s for s in statements if _collides(s, stmt)]
        if colliding and all(_holds_cue_only(s, stmt) for s in colliding):
            # A later cue took this one's words for its content ("“You winning?” | she said, but
            # Kevin was drifting off …, Melanie said yes"): an attribution is not what was said.
            statements[:] = [s for s in statements if not any(s is c for c in colliding)]
            colliding = []
        if not colliding:
            statements.append(stmt)
    for quote in quotes:
        if any(s.content.overlaps(quote) for s in statements):
            continue
        stmt = (
            _from_governing_verb(doc, quote, sentence_bounds, quotes)
            or _from_trailing_attribution(doc, quote, sentence_bounds)
            or _from_colon(doc, quote, sentence_bounds, quotes)
            or _from_signature(doc, quote, sentence_bounds)
        )
        if stmt is not None and not any(_collides(s, stmt) for s in statements):
            statements.append(stmt)
    statements.sort(key=lambda s: (s.content.start, s.content.end))
    _extend_quote_runs(doc, statements, quotes, sentence_bounds)
    statements.sort(key=lambda s: (s.content.start, s.content.end))
    return statements


def _quote_after_sentence(text: str, stmt: Statement, sent: SpacySpan, quotes: list[Span]) -> Span | None:
    """The quotation right after the sentence of a cue that ends it ("…,” she said. “…”")."""
    if stmt.cue is None or any(ch.isalnum() for ch in text[stmt.cue.end : sent.end_char]):
        return None
    sentence = Span(sent.start_char, sent.end_char)
    return next((q for q in quotes if q.start >= sentence.end and _touches(text, q, sentence)), None)


def _holds_cue_only(holder: Statement, stmt: Statement) -> bool:
    """`holder` collides with `stmt` only by holding its cue in its content."""
    return stmt.cue is not None and holder.content.contains(stmt.cue) and not holder.content.overlaps(stmt.content)


def _collides(a: Statement, b: Statement) -> bool:
    """Two statements cannot share content, and one's cue cannot sit inside the other's content."""
    if a.content.overlaps(b.content):
        return True
    return any(cue is not None and content.contains(cue) for cue, content in ((a.cue, b.content), (b.cue, a.content)))


def _sentence_idx(bounds: list[tuple[int, int]], start: int) -> int:
    for i, (s, e) in enumerate(bounds):
        if s <= start < e or start < s:
            return i
    return max(len(bounds) - 1, 0)


def _word_count(text: str, span: Span) -> int:
    return len(text[span.start : span.end].split())


def is_cue(token: Token) -> bool:
    return token.tag_.startswith("VB") and token.lower_ in CUE_LEMMAS


# --- statements from a reporting verb ----------------------------------------------------------------


def _from_reporting_verb(token: Token, sent: SpacySpan, quotes: list[Span], sentence_idx: int) -> Statement | None:
    if not is_cue(token):
        return None
    text = doc_text(token.doc)
    lemma = CUE_LEMMAS[token.lower_]
    speaker, passive = _speaker(token)
    if speaker is None and not passive:
        return None
    cue, addressee = _cue_and_addressee(token, lemma)
    if any(q.start < cue.start and cue.end <= q.end for q in quotes):
        return None  # a verb of saying inside a quotation is part of what was said
    content = _clause_content(token, sent)
    if content is not None:
        content = _cut_before_next_cue(token, content, quotes)
    interrupting = content is None and _interrupted_clause(token) is not None
    if interrupting:
        # "Biden, Rubio said, had been in the Senate ...": the content runs around its cue.
        content = _interrupted_clause(token)
    # A speaker borrowed from another verb ("Christie said, adding ...") is not part of this
    # verb's attribution when looking for the quotation next to it.
    own_speaker = speaker if any(c.dep_ in SUBJECT_DEPS or c.dep_ == "agent" for c in token.children) else None
    near = _adjacent_quote(token, sent, quotes, own_speaker, content is None)
    if content is None and near is None:
        near = _quote_after_colon(token, sent, quotes)
    if content is None and near is None:
        return None
    if content is None and near is not None and near.start >= cue.end:
        content = _governed_phrase(token, near)
    if content is None or len(content) == 0:
        content = near
    if content is None:
        return None  # an empty clause and no quotation: nothing was reported
    content = _extend_to_quotes(content, quotes)
    content = _cut_after_last_quote(token.doc, content, quotes)
    content = _cut_before_speaker(content, speaker, quotes)
    if content.end <= cue.start:
        content = _after_colon(text, content, quotes)
    split = False
    if near is not None and not content.overlaps(near) and _between_is_attribution(text, content, near):
        first, second = (content, near) if content.start < near.start else (near, content)
        if not (first.end <= cue.start and cue.end <= second.start):
            content = Span(first.start, second.end)
        elif _ends_quoted(text, first) and _starts_quoted(text, second):
            # “…,” Robinson said, “…”: one quotation split by its attribution.
            content, split = Span(first.start, second.end), True
        elif content.end <= cue.start < near.start:
            # A fronted clause that is not quoted ("Asked if ..., Ryan said, “Sure.”") sets the
            # scene; the quotation the cue introduces is what was said.
            content = near
    if len(content) == 0 or (not (interrupting or split) and (content.overlaps(cue) or _holds(content, speaker))):
        return None
    return Statement(
        sentence_idx=sentence_idx,
        content=content,
        kind=_kind(text, content, quotes, cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
        addressee=addressee,
    )


def _governed_phrase(verb: Token, quote: Span) -> Span | None:
    """The verb's object phrase that ends with or holds a quotation ("admitted “one or two
    instances” where donations may have “slipped through the cracks”", "noted the change from
    the usual campaign slogan, “Make America Great Again”"), when the quotation is not all of it."""
    doc = verb.doc
    tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    child = tokens.root
    while child.head.i != child.i and child.head.i != verb.i:
        child = child.head
    if child.head.i != verb.i or child.i < verb.i or child.dep_ not in ("dobj", "prep", "ccomp", "xcomp", "oprd"):
        return None
    addressed = CUE_LEMMAS.get(verb.lower_) in ADDRESSEE_VERBS  # "told reporters that ...": not what was said
    objects = ("dative",) if addressed else ("dobj", "dative")
    first = next((c for c in verb.rights if c.dep_ in objects and c.i <= child.i), child)
    start = min(first.left_edge.idx, quote.start)
    end = max(child.right_edge.idx + len(child.right_edge), quote.end)
    text = doc_text(doc)
    span = Span(*trim(text, start, end, CONTENT_EDGES))
    return span if span.contains(quote) else None


def _ends_quoted(text: str, span: Span) -> bool:
    end = trim(text, span.start, span.end, CONTENT_EDGES + ".")[1]
    return end > span.start and text[end - 1] in CLOSING + STRAIGHT


def _starts_quoted(text: str, span: Span) -> bool:
    start = trim(text, span.start, span.end, CONTENT_EDGES)[0]
    return start < span.end and text[start] in OPENING + STRAIGHT


def _clause_content(verb: Token, sent: SpacySpan) -> Span | None:
    """The clause the verb governs, as a character span: its complement clause; a clause fronted
    before it ("Talks will begin in January, an official said"); or an infinitive ("vowed to
    block ...")."""
    text = doc_text(verb.doc)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        clause = next(
            (c for c in verb.children if c.dep_ in FRONTED_CLAUSE_DEPS and c.i < verb.i and _may_be_said(c)), None
        )
    if clause is None:
        clause = next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.left_edge.lower_ == "to"), None
        )
    if clause is None:
        # "tweeted ... that Machado was “disgusting”": a complement clause parsed as an adverbial.
        clause = next(
            (c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ == "that"), None
        )
    if clause is None:
        return None
    start, end = _subtree_chars(clause)
    if clause.i > verb.i:
        end = max(end, _clause_continuation_end(verb, clause, sent))
    return Span(*trim(text, start, end, CONTENT_EDGES))


def _cut_before_next_cue(verb: Token, content: Span, quotes: list[Span]) -> Span | None:
    """End the content before a second cue of the same speaker inside it ("said the database
    would help, saying it’s “all about management”", "noted that ..., and added: “…”"): what
    follows that cue is its own statement."""
    text = doc_text(verb.doc)
    span = verb.doc.char_span(content.start, content.end, alignment_mode="expand")
    if span is None:
        return content
    for token in span:
        if token.i <= verb.i or not _continues_attribution(token) or _inside_quote(quotes, token.idx):
            continue
        start, end = trim(text, content.start, token.idx, CONTENT_EDGES)
        while text[start:end].endswith((" and", ",")):
            start, end = trim(text, start, end - (4 if text[start:end].endswith(" and") else 1), CONTENT_EDGES)
        return Span(start, end) if end > start else None
    return content


def _continues_attribution(token: Token) -> bool:
    """A participle or second verb of saying after a comma or "and": ", adding", ", and added"."""
    if not (is_cue(token) or guess_lemma(token) in ATTRIBUTION_VERBS):
        return False
    previous = token.doc[token.i - 1] if token.i > 0 else None
    while previous is not None and previous.tag_ in ("RB", "''") and previous.i > 0:
        previous = token.doc[previous.i - 1]
    if previous is None or previous.lower_ not in (",", "and", "—", "–"):
        return False
    return token.tag_ == "VBG" or (token.tag_ in ("VBD", "VBZ") and token.dep_ == "conj")


def _may_be_said(clause: Token) -> bool:
    """A clause before the cue can be what was said, unless it is an adverbial that sets the
    scene: a participle ("Asked if ..., Ryan said") or a clause with a subordinator ("When the
    talks ended, she said")."""
    if not clause.tag_.startswith("VB"):
        return False
    if clause.dep_ != "advcl":
        return True
    return clause.tag_ not in ("VBN", "VBG") and not any(c.dep_ == "mark" for c in clause.children)


def _cut_after_last_quote(doc: Doc, content: Span, quotes: list[Span]) -> Span:
    """End the content at its last quotation when the narrative goes on after it with a
    participle or a second verb ("…,” citing an instance …", "…,” and shared a link"): that is the
    speaker doing something else, not more of what was said. So is a clause of time ("…,” when
    Clinton blasted him …") and an aside after a dash ("…” — a metaphor for …")."""
    inside = [q for q in quotes if content.contains(q) and q.end < content.end]
    if not inside:
        return content
    last = inside[-1]
    text = doc_text(doc)
    if text[last.end : content.end].lstrip(" ,").startswith(("—", "―", "--")):
        return Span(content.start, last.end)
    following = doc.char_span(last.end, content.end, alignment_mode="expand")
    if following is None:
        return content
    words = [t for t in following if not t.is_punct and not t.is_space]
    if not words:
        return content
    first = words[0]
    if first.lower_ in TIME_CLAUSE_MARKS and first.dep_ in ("advmod", "mark") and first.head.dep_ == "advcl":
        return Span(content.start, last.end)
    if first.lower_ == "and" and len(words) > 1:
        first = words[1]
        if not (first.tag_ in ("VBD", "VBZ", "VBP") and first.dep_ == "conj"):
            return content
    elif not (first.tag_ == "VBG" and first.dep_ in ("advcl", "xcomp", "conj")):
        return content
    return Span(content.start, last.end)


# Words that open a clause of time after a quotation ("…,” when Clinton blasted him).
TIME_CLAUSE_MARKS = frozenset({"when", "as", "after", "before", "while"})


def _cut_before_speaker(content: Span, speaker: Span | None, quotes: list[Span]) -> Span:
    """A quotation's clause that the parse ran on into the name after it ("“Yes, I support Ted
    Cruz,” Brent Bozell III ... tells": the name as an apposition of "Cruz") ends at the quotation."""
    if speaker is None or not content.contains(speaker):
        return content
    ends = [q.end for q in quotes if content.start <= q.start and q.end <= speaker.start]
    return Span(content.start, max(ends)) if ends else content


def _after_colon(text: str, content: Span, quotes: list[Span]) -> Span:
    """A fronted clause that introduces its quotation with a colon ("McCaskill scolded him: “…,”
    she said") is narrative: what was said starts at the quotation."""
    for q in quotes:
        if content.start < q.start < content.end and text[content.start : q.start].rstrip().endswith(":"):
            return Span(q.start, content.end)
    return content


def _interrupted_clause(verb: Token) -> Span | None:
    """The sentence a cue interrupts: "Vice President Joe Biden, Rubio said, had been ..." parses
    with the cue as a parenthetical of the verb that follows it; what was said is that verb's
    clause, cue included, as a hull (annotators mark the two parts around the cue)."""
    head = verb.head
    if verb.dep_ not in ("parataxis", "ccomp") or head.i <= verb.i or not head.tag_.startswith("VB") or is_cue(head):
        return None
    if head.left_edge.i >= verb.left_edge.i:
        return None  # nothing of the clause before the cue: an ordinary complement
    start, end = _subtree_chars(head)
    return Span(*trim(doc_text(verb.doc), start, end, CONTENT_EDGES + "."))


def _holds(content: Span, speaker: Span | None) -> bool:
    return speaker is not None and content.contains(speaker)


def _clause_continuation_end(verb: Token, clause: Token, sent: SpacySpan) -> int:
    """Where content after the cue really ends, when the parse cut the clause short.

    Two parses split reported clauses: a second clause with its own subject hung on the cue as a
    conjunct ("said he'll support the nominee, but he doesn't want to be involved"), and a cue
    taken for the complement of the verb that follows ("She added that should Russia invade, the
    U.S. is prepared ...": "added" under "prepared"). Both belong to what was said.
    """
    end = 0
    for child in verb.rights:
        if child.i <= clause.i or child.dep_ != "conj" or is_cue(child):
            continue
        if any(c.dep_ in SUBJECT_DEPS for c in child.children) and not any(is_cue(t) for t in child.subtree):
            end = max(end, _subtree_chars(child)[1])
        elif _opens_with_quote(child):
            # "said Mills “got an immunity agreement,” and still “got to sit in on ...”".
            end = max(end, _subtree_chars(child)[1])
    head = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and head.i > clause.i and head.sent == sent and not is_cue(head):
        end = max(end, _subtree_chars(head)[1])
    return end


def _opens_with_quote(token: Token) -> bool:
    """The words of the token's subtree, after a conjunction and adverbs, open with a quotation
    mark."""
    for word in token.subtree:
        if word.dep_ in ("cc", "advmod", "punct") and word.tag_ != "``":
            continue
        return word.tag_ == "``"
    return False


def _from_according_to(token: Token, sent: SpacySpan, quotes: list[Span], sentence_idx: int) -> Statement | None:
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
    text = doc_text(token.doc)
    phrase_start = token.idx
    phrase_end = source.right_edge.idx + len(source.right_edge)
    # The content is the rest of the sentence: on whichever side of the phrase it stands, or all
    # of it when the phrase interrupts the sentence ("G4S receives, according to one report, ...").
    before = trim(text, sent.start_char, phrase_start, CONTENT_EDGES)
    after = trim(text, phrase_end, sent.end_char, CONTENT_EDGES + ".")
    words_before = len(text[before[0] : before[1]].split())
    words_after = len(text[after[0] : after[1]].split())
    if words_before >= 3 and words_after >= 3:
        start, end = before[0], after[1]
    elif words_after > words_before:
        start, end = after
    else:
        start, end = before
    if end - start < 3:
        return None
    # A quotation the content opens runs on to its closing mark, past the sentence's end.
    content = _extend_to_quotes(Span(start, end), quotes)
    cue = Span(token.idx, to.idx + len(to))
    return Statement(
        sentence_idx=sentence_idx,
        content=content,
        kind=_kind(text, content, quotes, cue),
        speaker=_speaker_span(source),
        cue=cue,
        cue_lemma="according to",
    )


def _subtree_chars(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right)


def _speaker(verb: Token) -> tuple[Span | None, bool]:
    """The speaker span and whether the verb is passive (a statement without a speaker)."""
    # With two subjects (one of them a misparse inside the quotation: "“… [Clinton] can be …,”
    # Kilfoyle said"), the one nearest the verb is the speaker.
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if child.dep_ in SUBJECT_DEPS and _behind_closing_mark(child, verb):
            continue  # a misparse: the subject is a word of the quotation the verb closes
        if child.dep_ == "nsubj":
            if child.tag_ == "EX":
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
    # An infinitive shares the subject of the verb that controls it: "Pence went on to say ...".
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and verb.head.tag_.startswith("VB") and verb.head.i != verb.i:
        speaker, _ = _speaker(verb.head)
        if speaker is not None:
            return speaker, False
    # A participle shares the subject of the verb it hangs on: "He reacted, saying ...", "He
    # closed by saying ...".
    host = _participle_host(verb)
    if host is not None:
        # "He said the database would help, saying ...": the parse hangs the participle on the
        # reported clause, but the one who goes on speaking is the speaker of the cue above it.
        outer = host
        while outer.dep_ in ("ccomp", "conj") and outer.head.i != outer.i and not is_cue(outer):
            outer = outer.head
        continued = is_cue(outer) and outer.i < verb.i and _continues_attribution(verb)
        speaker, _ = _speaker(outer if continued else host)
        if speaker is None and not continued:
            # "After saying her foot was swollen, she was whisked off": the host's subject, in
            # whatever voice, is who said it.
            subject = next((c for c in host.children if c.dep_ == "nsubjpass" and c.tag_ != "EX"), None)
            speaker = _speaker_span(subject) if subject is not None else None
        return speaker, False
    return _speaker_by_position(verb), False


def _speaker_by_position(verb: Token) -> Span | None:
    """The speaker of a cue next to a closing quotation mark, read from word order when the parse
    lost it: "“…,” Brent Bozell III, founder of the Media Research Center, tells ..." (the name
    parsed into the quotation) and "“…,” added a South Carolina Democrat" (the name parsed as an
    object). Only a plain noun phrase counts, cut before its apposition."""
    doc = verb.doc
    before = verb.i - 1
    while before >= 0 and doc[before].tag_ == "RB":
        before -= 1  # "“…,” Trump then added"
    mark = _closing_mark_before(doc, verb.i, 20)
    if mark is None:
        return _name_before_comma(verb)
    if all(t.is_punct for t in doc[mark + 1 : before + 1]):
        # Inverted: "“…,” said Skelly", "“…,” added a South Carolina Democrat".
        words = _noun_phrase(doc, verb.i + 1)
        if words is not None and words[-1].head == verb and words[-1].dep_ not in ("npadvmod", "ccomp", "xcomp"):
            return _tokens_span(words)
        return None
    words = _noun_phrase(doc, mark + 1)
    if words is None:
        return None
    if not _only_apposition_between(doc, words[-1].i, verb):
        return None
    return _tokens_span(words)


def _only_apposition_between(doc: Doc, name: int, verb: Token) -> bool:
    """Between the name's last word and the cue stand only adverbs, or an apposition set off by
    commas ("Sarandon, 69, told", "Gene Sperling, a top adviser, said")."""
    before = verb.i - 1
    while before > name and doc[before].tag_ == "RB":
        before -= 1
    rest = doc[name + 1 : before + 1]
    return not len(rest) or (rest[0].text == "," and rest[-1].text == "," and not _has_clause(rest))


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but a finished sentence stands before `start` in its paragraph."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip().rstrip(CLOSING + STRAIGHT + "'")
    return not before or before.endswith((".", "!", "?", ":"))


def _name_before_comma(verb: Token) -> Span | None:
    """A proper name set off by commas, or followed by a parenthesis, just before a cue that the
    parse gave no subject ("her senior policy adviser, Jake Sullivan, said:", "Speaker of the
    House Rep. Paul Ryan (R-WI) said"): the name, parsed as an apposition or object elsewhere."""
    doc = verb.doc
    i = verb.i - 1
    if i >= 0 and doc[i].tag_ == "-RRB-":
        # "Paul Ryan (R-WI) said": a parenthesis after the name is part of how news writes it.
        while i > 0 and doc[i].tag_ != "-LRB-" and verb.i - i < 8:
            i -= 1
        if doc[i].tag_ != "-LRB-":
            return None
    elif i < 0 or doc[i].text != ",":
        return None
    if i < 1 or doc[i - 1].tag_ not in ("NNP", "NNPS"):
        return None
    last = doc[i - 1]
    if last.dep_ not in ("appos", "pobj", "conj"):
        return None
    first = last.i
    while first > 0 and doc[first - 1].tag_ in ("NNP", "NNPS") and doc[first - 1].head.i >= first - 1:
        first -= 1
    return _tokens_span(list(doc[first : last.i + 1]))


def _closing_mark_before(doc: Doc, i: int, window: int) -> int | None:
    for j in range(i - 1, max(i - window, 0) - 1, -1):
        if doc[j].tag_ == "''" and doc[j].text not in ("'", "'s"):
            return j
        if doc[j].is_space or doc[j].tag_ in (".", ":"):
            return None
    return None


NOUN_PHRASE_TAGS = frozenset({"DT", "JJ", "NNP", "NNPS", "NN", "NNS", "PRP$", "CD", "HYPH", "POS", "PRP"})
NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP"})
# Nouns of time that follow a cue without being its speaker ("said Tuesday", "said last week").
TIME_WORDS = WEEKDAYS | frozenset(
    """today yesterday tonight week weekend month year day night morning afternoon evening
    january february march april may june july august september october november december""".split()
)


def _noun_phrase(doc: Doc, start: int) -> list[Token] | None:
    """The plain noun phrase starting at token `start`: determiners, adjectives and nouns, ending
    in a noun that is not a word of time; None when there is none."""
    words: list[Token] = []
    for token in doc[start : start + 8]:
        if not _noun_phrase_word(token) or (token.tag_ == "PRP" and words):
            break
        words.append(token)
        if token.tag_ == "PRP":
            break
    while words and not (words[-1].tag_ in NOUN_TAGS or _name_tagged_otherwise(words[-1]) or _hyphen_noun(words)):
        words.pop()
    if not words or words[-1].lower_ in TIME_WORDS or any(t.lower_ in ("it", "this", "that") for t in words):
        return None
    first = words[0]
    if first.tag_ in ("NNP", "NNPS", "PRP") or _name_tagged_otherwise(first):
        return words
    return words if first.tag_ in ("DT", "PRP$", "JJ", "CD") or first.text[:1].isupper() else None


def _hyphen_noun(words: list[Token]) -> bool:
    """An adjective compound used as a noun: "the 43-year-old"."""
    return len(words) >= 3 and words[-1].tag_ == "JJ" and words[-2].tag_ == "HYPH"


def _noun_phrase_word(token: Token) -> bool:
    return token.tag_ in NOUN_PHRASE_TAGS or _name_tagged_otherwise(token)


def _name_tagged_otherwise(token: Token) -> bool:
    """A capitalized word the tagger took for an adverb or adjective ("said Skelly")."""
    return token.tag_ in ("RB", "JJ") and token.text[:1].isupper() and token.is_alpha and token.i > 0


def _has_clause(tokens: SpacySpan) -> bool:
    """A finite verb outside a relative clause: the words are a sentence, not an apposition."""
    relative = any(t.tag_ in ("WP", "WDT") for t in tokens)
    return not relative and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens)


def _tokens_span(tokens: list[Token]) -> Span:
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _behind_closing_mark(subject: Token, verb: Token) -> bool:
    """The subject stands before a closing quotation mark that stands before the verb."""
    if subject.i > verb.i:
        return False
    return any(t.tag_ == "''" and t.text not in ("'", "'s") for t in subject.doc[subject.right_edge.i + 1 : verb.i])


def _participle_host(verb: Token) -> Token | None:
    """The verb whose subject a participle shares: "reacted" in "He reacted, saying ..." and
    "closed" in "He closed by saying ..."."""
    if verb.tag_ != "VBG":
        return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ in ("prep", "advcl") and head.head.i != head.i:
        head = head.head
    elif verb.dep_ not in ("advcl", "xcomp", "conj", "acl"):
        return None
    if head.tag_.startswith("NN") and head.dep_ in ("dobj", "pobj") and (verb.dep_ == "acl" or verb.dep_ == "pcomp"):
        # The participle describes what the speaker issued or made: "issued a statement saying
        # ...", "carried signs saying ...", "made a point of saying ...".
        head = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head.head
    return head if head.tag_.startswith("VB") and head.i != verb.i else None


def _speaker_span(head: Token) -> Span:
    """The speaker as written: the head word with what precedes it and its modifiers, without
    appositions or relative clauses ("Hugh Hill, a doctor, who ..." → "Hugh Hill")."""
    first = head.left_edge
    marks = [t for t in head.doc[first.i : head.i] if t.tag_ == "''" and t.text not in ("'", "'s")]
    if marks:
        first = head.doc[marks[-1].i + 1]  # a misparse hung the quotation before the name on it
    start = first.idx
    end = head.idx + len(head)
    for child in head.rights:
        if child.dep_ in SPEAKER_STOP_DEPS and not (child.dep_ == "prep" and child.lower_ in ("of", "for", "at")):
            break
        end = child.right_edge.idx + len(child.right_edge)
    text = doc_text(head.doc)
    return Span(*trim(text, start, end, " \t\n,;:-–—\"“”'"))


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


def _adjacent_quote(
    verb: Token, sent: SpacySpan, quotes: list[Span], speaker: Span | None, outside_sentence: bool
) -> Span | None:
    """The quotation this verb introduces or closes, in or touching its sentence.

    A quotation right next to the attribution (only punctuation between: "“Safety,” said
    Grimm") counts whatever its length; one further away must be several words long, so a quoted
    phrase elsewhere in the sentence is not taken for the statement. With `outside_sentence`, a
    quotation just before or after the sentence in the same paragraph counts too: the parser often
    ends a sentence at a closing mark ("“…?” | Biden said.").
    """
    text = doc_text(verb.doc)
    attribution = Span(verb.idx, verb.idx + len(verb))
    if speaker is not None:
        attribution = Span(min(attribution.start, speaker.start), max(attribution.end, speaker.end))
    sent_start, sent_end = trim(text, sent.start_char, sent.end_char, " \t\n")
    best: tuple[int, Span] | None = None
    for q in quotes:
        sentence = Span(sent_start, sent_end)
        if q.overlaps(attribution) or not (q.overlaps(sentence) or (outside_sentence and _touches(text, q, sentence))):
            continue
        if q.end <= verb.idx and _continues_attribution(verb):
            continue  # “…,” adding, “…”: the quotation before belongs to the first cue
        if _cue_between(verb, attribution, q, quotes):
            continue  # the quotation belongs to the cue nearer to it ("…, and added: “…”")
        gap_span = Span(attribution.end, q.start) if attribution.end <= q.start else Span(q.end, attribution.start)
        if _governed_in_gap(verb.doc, q, gap_span, attribution):
            continue
        gap = text[q.end : attribution.start] if q.end <= attribution.start else text[attribution.end : q.start]
        touching = not any(ch.isalnum() for ch in gap)
        if not touching and _word_count(text, q) < MIN_QUOTE_WORDS:
            continue
        distance = len(gap) if touching else len(gap) + MAX_ATTRIBUTION_GAP
        if best is None or distance < best[0]:
            best = (distance, q)
    return best[1] if best is not None else None


def _cue_between(verb: Token, attribution: Span, quote: Span, quotes: list[Span]) -> bool:
    gap = Span(attribution.end, quote.start) if attribution.end <= quote.start else Span(quote.end, attribution.start)
    tokens = verb.doc.char_span(gap.start, gap.end, alignment_mode="contract")
    return tokens is not None and any(
        t.i != verb.i and _continues_attribution(t) and not _inside_quote(quotes, t.idx) for t in tokens
    )


def _touches(text: str, quote: Span, sentence: Span) -> bool:
    """The quotation stands right next to the sentence, in the same paragraph."""
    gap = text[quote.end : sentence.start] if quote.end <= sentence.start else text[sentence.end : quote.start]
    return not gap.strip() and "\n" not in gap


def _quote_after_colon(verb: Token, sent: SpacySpan, quotes: list[Span]) -> Span | None:
    """A colon ending the sentence ("He told reporters:") introduces the quotation right after it,
    often the one opening the next paragraph."""
    text = doc_text(verb.doc)
    rest = text[verb.idx + len(verb) : sent.end_char].rstrip()
    if not rest.endswith(":"):
        return None
    # The quotation follows, in the next paragraph or after a sentence split at the colon.
    after = sent.end_char
    while after < len(text) and text[after].isspace():
        after += 1
    return next((q for q in quotes if q.start == after), None)


def _extend_to_quotes(content: Span, quotes: list[Span]) -> Span:
    start, end = content.start, content.end
    for q in quotes:
        if q.overlaps(Span(start, end)) or q.start == end or q.end == start:
            start, end = min(start, q.start), max(end, q.end)
    return Span(start, end)


def _between_is_attribution(text: str, a: Span, b: Span) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    between = text[first.end : second.start]
    return len(between) <= MAX_ATTRIBUTION_GAP and "\n" not in between


def _kind(text: str, content: Span, quotes: Sequence[Span], cue: Span | None) -> str:
    """direct: only quoted words (and the attribution between quoted parts); mixed: quoted and
    reported words; indirect: no quotation."""
    inside = [q for q in quotes if content.contains(q)]
    if not inside:
        return "indirect"
    outside = list(text[content.start : content.end])
    for q in inside:
        for i in range(q.start, q.end):
            outside[i - content.start] = " "
    # The attribution between two quoted parts ("“…,” she said, “…”") does not make it mixed.
    for first, second in zip(inside, inside[1:]):
        if cue is not None and first.end <= cue.start and cue.end <= second.start:
            for i in range(first.end, second.start):
                outside[i - content.start] = " "
    if not any(ch.isalnum() for ch in outside):
        return "direct"
    return "mixed"


# --- a quotation and the verb that governs it ----------------------------------------------------------


def _from_governing_verb(doc: Doc, quote: Span, bounds: list[tuple[int, int]], quotes: list[Span]) -> Statement | None:
    """A quotation that is the object or complement of any verb with a subject: "Some chanted
    “USA! USA!”", "called it “an incredibly significant development”", "“France will always be
    France,” an angry Hollande retaliated". News quotes people with many verbs besides the verbs
    of saying; the quotation marks are the evidence that words are reported."""
    text = doc_text(doc)
    tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside and not t.is_punct]
    if not roots or any(t.head.i != roots[0].head.i for t in roots):
        return None  # the quotation spans words of different phrases
    if len(roots) > 1 and guess_lemma(roots[0].head) not in ATTRIBUTION_VERBS:
        return None  # unless they are what a verb of attribution governs ("called Burma a “…”")
    child = roots[0]
    verb = child.head
    # Climb to the verb the quotation hangs on ("defense of “New York values”" → "delivered").
    # A participle after a preposition hangs on the verb before it: "dismissed Estonia as being
    # in the “suburbs of St. Petersburg”", "blasted the media for being “dishonest”".
    characterized = False
    while verb.head.i != verb.i and (
        not verb.tag_.startswith("VB") or (verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.dep_ == "prep")
    ):
        characterized = characterized or (verb.dep_ == "prep" and verb.lower_ in ("as", "for"))
        child, verb = verb, verb.head
    # An infinitive is what its controlling verb promises or demands: "pledged to make Apple
    # “build ...”" has the cue "pledged".
    while (
        verb.dep_ == "xcomp"
        and verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.tag_.startswith("VB")
        and verb.head.lower_ not in NOT_CUES
        and verb.head.i < verb.i
    ):
        child, verb = verb, verb.head
    if not verb.tag_.startswith("VB") or verb.lower_ in NOT_CUES or verb.i in inside:
        return None
    if _inside_quote(quotes, verb.idx):
        return None
    lemma = guess_lemma(verb)
    if lemma not in ATTRIBUTION_VERBS and not characterized and _word_count(text, quote) < MIN_QUOTE_WORDS:
        # A short quoted phrase after an ordinary verb is a scare quote, not a statement, unless
        # it characterizes someone ("admires Putin as a “strong leader”").
        return None
    if lemma not in NAMING_VERBS and _looks_like_title(tokens):
        return None
    subject = _shared_subject(verb)
    passive = subject is None and lemma in NAMING_VERBS and any(c.dep_ == "nsubjpass" for c in verb.children)
    if not passive and (
        subject is None or (subject.lower_ in ("it", "there", "this", "that") and subject.tag_ in ("PRP", "EX", "DT"))
    ):
        return None
    # A passive naming verb has no speaker ("was labeled a “medical problem”") unless it names
    # its agent ("was labeled a “breakthrough” by diplomats").
    speaker = _speaker_span(subject) if subject is not None else None
    agent = (
        next((t for t in verb.subtree if t.idx >= quote.end and (t.dep_ == "agent" or t.lower_ == "by")), None)
        if passive
        else None
    )
    agent_object = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if child.i > verb.i:
        # What the verb governs after it, up to the end of the quotation's phrase.
        first = next((c for c in verb.rights if c.dep_ not in ("prt", "advmod", "punct", "npadvmod")), child)
        first = first if first.i <= child.i else child
        start = first.left_edge.idx
    else:
        start = child.left_edge.idx
    # The quotation's own marks may hang on the verb rather than on its clause: keep them.
    start, end = min(start, quote.start), max(child.right_edge.idx + len(child.right_edge), quote.end)
    if agent is not None and agent_object is not None and quote.end <= agent.idx:
        speaker, end = _speaker_span(agent_object), min(end, agent.idx)
    content = _cut_after_last_quote(doc, Span(*trim(text, start, end, CONTENT_EDGES)), quotes)
    content = _after_colon(text, content, quotes)
    cue = Span(verb.idx, verb.idx + len(verb))
    if content.overlaps(cue) or _holds(content, speaker) or not content.contains(quote):
        return None
    return Statement(
        sentence_idx=_sentence_idx(bounds, quote.start),
        content=content,
        kind=_kind(text, content, [quote], cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
    )


def _from_trailing_attribution(doc: Doc, quote: Span, bounds: list[tuple[int, int]]) -> Statement | None:
    """A quotation that ends on a comma, question or exclamation mark, followed by a name and any
    verb: "“Quiet,” he demanded", "“Let me talk,” Trump shot back", "“Why?” asked a voter". That
    word order is how news attributes speech, whatever the verb."""
    text = doc_text(doc)
    inner = text[quote.start : quote.end].rstrip(CLOSING + STRAIGHT + "'").rstrip()
    after = text[quote.end : quote.end + 2]
    if not (inner.endswith((",", "?", "!")) or after.startswith(",")) or not _opens_sentence(text, quote.start):
        return None
    tokens = doc.char_span(quote.end, min(len(text), quote.end + 120), alignment_mode="expand")
    quoted = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or quoted is None or _title_case(quoted):
        return None
    for verb in tokens[:10]:
        if verb.is_space or "\n" in verb.text or verb.tag_ in (".", ":"):
            return None
        if verb.tag_ not in ("VBD", "VBZ", "VBN") or verb.lower_ in NOT_CUES:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and quote.end <= c.idx < verb.idx), None)
        if subject is not None and _only_apposition_between(doc, subject.i, verb):
            speaker: Span | None = _speaker_span(subject)
        else:
            speaker = _speaker_by_position(verb)
        if speaker is None or speaker.start < quote.end:
            return None
        return Statement(
            sentence_idx=_sentence_idx(bounds, quote.start),
            content=quote,
            kind="direct",
            speaker=speaker,
            cue=Span(verb.idx, verb.idx + len(verb)),
            cue_lemma=guess_lemma(verb),
        )
    return None


def _from_colon(doc: Doc, quote: Span, bounds: list[tuple[int, int]], quotes: list[Span]) -> Statement | None:
    """A quotation introduced by a colon: "The letter continues: “…”", "he demurred: “…”", or,
    with no verb at all, "More from Jones: “…”" and "Rep. Trey Gowdy (R-S.C.): “…”". The colon
    is the attribution; the verb before it (else the colon itself) is the cue, and its subject
    (else the name just before the colon) is the speaker. A comma right after a verb with a
    subject introduces a quoted sentence the same way ("Hillary shot back, “I suppose ...”")."""
    text = doc_text(doc)
    colon = quote.start - 1
    while colon >= 0 and text[colon].isspace():
        colon -= 1
    if colon < 0 or text[colon] not in ":," or text.count("\n", colon, quote.start) > 2:
        return None
    if _word_count(text, quote) < MIN_QUOTE_WORDS:
        return None
    tokens = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if tokens is None or len(tokens) != 1 or tokens[0].i == 0:
        return None
    mark = tokens[0]
    before = doc[mark.i - 1]
    verb = mark.head if mark.head.i < mark.i and mark.head.sent == mark.sent else None
    if text[colon] == ",":
        # "Hillary shot back, “I suppose ...”": a comma introduces a quoted sentence only right
        # after the verb (or its particle).
        verb = before.head if before.dep_ in ("prt", "advmod") else before
        if not (verb.tag_.startswith("VB") and text[quote.start + 1 : quote.start + 2].isupper()):
            return None
    speaker: Span | None = None
    cue = Span(colon, colon + 1)
    lemma = ":"
    if verb is not None and verb.tag_.startswith("VB") and verb.lower_ not in NOT_CUES:
        # "…, adding: “…”" and "leaned in and boomed: “…”" share the subject of another verb.
        subject = _shared_subject(verb)
        if subject is not None and subject.tag_ != "EX" and not _inside_quote(quotes, subject.idx):
            speaker, cue, lemma = _speaker_span(subject), Span(verb.idx, verb.idx + len(verb)), guess_lemma(verb)
    if text[colon] == "," and speaker is None:
        return None
    closes_parenthesis = before.tag_ == "-RRB-" or mark.text.startswith(")")
    if speaker is None and (closes_parenthesis or before.tag_ in ("NNP", "NNPS", "NN", "NNS")):
        # "Michael P. McDonald: “…”": the name before the colon speaks (a parenthesis after a
        # name, "(R-S.C.)", is part of how news writes it).
        head = before
        if closes_parenthesis:
            opener = next((t for t in reversed(doc[max(0, mark.i - 8) : mark.i]) if t.tag_ == "-LRB-"), None)
            if opener is None or opener.i == 0:
                return None
            head = doc[opener.i - 1]
        if head.tag_ not in ("NNP", "NNPS", "NN", "NNS"):
            return None
        # The name's own words only: a headline before it ("RED STATES … - Jeffrey M. Jones:")
        # hangs on the same word in the parse but is set off by punctuation.
        first = head.i
        while first > head.left_edge.i and not doc[first - 1].is_punct and not doc[first - 1].is_space:
            first -= 1
        speaker = Span(*trim(text, doc[first].idx, head.idx + len(head), " \t\n,;:-–—\"“”'"))
    if speaker is None or len(speaker) == 0 or speaker.overlaps(quote):
        return None
    return Statement(
        sentence_idx=_sentence_idx(bounds, quote.start),
        content=quote,
        kind="direct",
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
    )


# A signature after a quotation: a dash and a name ("“…” ― Sonya Herridge", "“…” — Paul Ryan
# (@SpeakerRyan)"), or a bracketed source ("“…” [Mother Jones.]").
_SIGNATURE = re.compile(
    r"[^\S\n]*(?:(?P<dash>―|—|–|--)[^\S\n]*(?P<name>(?:[A-Z][\w.'’-]*\.?[^\S\n]+){0,4}[A-Z][\w'’-]*)"
    r"|(?P<bracket>\[(?P<source>[A-Z][^\]\n]{0,40}?)\.?\]))"
)


def _from_signature(doc: Doc, quote: Span, bounds: list[tuple[int, int]]) -> Statement | None:
    """A quotation signed at the end of its paragraph, as news prints vox pops, epigraphs, posts
    and digests of other papers: the name is the speaker, the dash or bracket the cue."""
    text = doc_text(doc)
    found = _SIGNATURE.match(text, quote.end)
    if found is None:
        return None
    line_end = text.find("\n", found.end())
    rest = text[found.end() : line_end if line_end >= 0 else len(text)].strip()
    if rest and (found["bracket"] or rest[0] not in ",.("):
        return None  # the dash sets off words of a sentence, not a signature
    cue, speaker = ("dash", "name") if found["dash"] else ("bracket", "source")
    return Statement(
        sentence_idx=_sentence_idx(bounds, quote.start),
        content=quote,
        kind="direct",
        speaker=Span(found.start(speaker), found.end(speaker)),
        cue=Span(found.start(cue), found.end(cue)),
        cue_lemma=found["dash"] or "[]",
    )


def _shared_subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares as a conjunct ("Carson took the stage and
    called the system “rotten to the core”"), as a participle ("Trump blasted her, calling her
    a “horrible witness”"), as an infinitive ("Trump pledged to make Apple “build ...”") or as a
    main verb the parse hung on another one."""
    for _ in range(4):  # a chain of conjuncts is short; the bound keeps odd parses cheap
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        host = _participle_host(verb)
        if host is None and verb.dep_ in ("conj", "xcomp") and verb.head.tag_.startswith("VB"):
            host = verb.head
        if host is None and _misparsed_main_verb(verb):
            host = verb.head
        if host is None:
            return None
        verb = host
    return None


def _misparsed_main_verb(verb: Token) -> bool:
    """A finite verb parsed as an adverbial clause with no subject or subordinator of its own
    ("Protesters marching through the streets chanted “…”": "chanted" under "marching")."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBD", "VBZ")
        and verb.head.tag_.startswith("VB")
        and not any(c.dep_ in ("mark", "advmod", *SUBJECT_DEPS) for c in verb.children)
    )


def _inside_quote(quotes: list[Span], offset: int) -> bool:
    """`offset` falls inside one of the quotations (sorted and disjoint, as `find_quotes` gives)."""
    i = bisect.bisect_right([q.start for q in quotes], offset) - 1
    return i >= 0 and offset < quotes[i].end


# Words that title case leaves in lower case ("Game of Thrones").
TITLE_SMALL_WORDS = frozenset("a an the of in on and or to for with at by from".split())


def _title_cased(quoted: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’']*", quoted)
    return bool(words) and all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)


def _title_case(tokens: SpacySpan) -> bool:
    """Two or more words, each capitalized but for small words: “The Apprentice”, “Game of
    Thrones” (and not “Go back to Univision”)."""
    words = [t for t in tokens if t.is_alpha]
    return len(words) > 1 and all(t.text[:1].isupper() or t.lower_ in TITLE_SMALL_WORDS for t in words)


def _looks_like_title(tokens: SpacySpan) -> bool:
    """“The Late Show with Stephen Colbert”: every content word capitalized names a work or a
    slogan, not a statement."""
    words = [t for t in tokens if t.is_alpha and not t.is_stop]
    return bool(words) and all(t.text[:1].isupper() for t in words) and len(tokens) < 12


def guess_lemma(verb: Token) -> str:
    """A verb's lemma without the lemmatizer: the lexicon, a few irregular forms, then suffixes."""
    lower = verb.lower_
    if lower in CUE_LEMMAS:
        return CUE_LEMMAS[lower]
    if lower in IRREGULAR_LEMMAS:
        return IRREGULAR_LEMMAS[lower]
    for suffix, replacement in (("ied", "y"), ("ies", "y")):
        if lower.endswith(suffix) and len(lower) > 4:
            return lower[: -len(suffix)] + replacement
    for suffix in ("ed", "ing"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]  # "admitted" → "admit"
            if stem.endswith(E_STEMS) or (
                stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou" and stem[-3] not in "aeiou" and len(stem) <= 4
            ):
                return stem + "e"  # "described" → "describe", "cited" → "cite"
            return stem
    if lower.endswith("es") and lower[:-2].endswith(("sh", "ch", "ss", "x")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith("ss") and verb.tag_ == "VBZ":
        return lower[:-1]
    return lower


# Stem endings that drop a final e before -ed / -ing ("describ-ed", "accus-ed", "prais-ing").
E_STEMS = ("ib", "us", "is", "iz", "ur", "at", "iv", "uc", "ng", "dg", "rg", "ac", "ot", "ar", "ir", "ov", "ag", "it",
           "nu", "rv", "lv", "rc", "nc")  # fmt: skip
IRREGULAR_LEMMAS = {
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "shot": "shoot",
    "thought": "think", "knew": "know", "known": "know", "felt": "feel", "began": "begin", "begun": "begin",
    "gave": "give", "given": "give", "sang": "sing", "sung": "sing", "took": "take", "taken": "take",
    "made": "make", "put": "put", "read": "read", "heard": "hear", "found": "find", "held": "hold",
    "brought": "bring", "sent": "send", "left": "leave", "meant": "mean", "went": "go", "gone": "go",
    "came": "come", "saw": "see", "seen": "see", "got": "get", "taught": "teach", "struck": "strike",
}  # fmt: skip
# Verbs that attribute words without being verbs of saying: a quotation of any length after them
# is what someone said ("called it “a disaster”", "described him as “volatile”").
ATTRIBUTION_VERBS = frozenset(
    """call describe continue pledge blame refer cite accuse share mock dismiss point read lament
    thank decry bemoan slam coin label dub chant shout yell tout brand characterize term quote post
    praise criticize blast answer charge bark question scream exclaim muse proclaim demand plead""".split()
)
# Verbs that give a name: a capitalized quotation after them is still what someone said ("called
# Merkel “The Chancellor of the Free World”").
NAMING_VERBS = frozenset("call dub label brand coin term nickname".split())
# Verbs that take a quotation without reporting it: "is “unhinged”", "has “big plans”".
NOT_CUES = frozenset(
    "is are was were be been being am 's 're have has had having do does did get gets got getting".split()
)


# --- quotations that continue a statement ----------------------------------------------------------


def _extend_quote_runs(
    doc: Doc, statements: list[Statement], quotes: list[Span], bounds: list[tuple[int, int]]
) -> None:
    """Extend each direct statement over the quotations that carry on after it.

    The next quotation joins when nothing but the attribution stands between: only punctuation,
    or words of the sentence that holds the cue ("“…,” Trump said in August, referring to Kerry.
    “…”"), or a paragraph break before a paragraph that is a quotation and nothing else.
    """
    text = doc_text(doc)
    starts = [s for s, _ in bounds]
    absorbed: list[Statement] = []
    for stmt in statements:
        if any(stmt is a for a in absorbed):
            continue
        # A quotation, or any content the attribution follows ("Clinton “drew well” in 2008,
        # said Beck. “That was ...”"), runs on into the quotations after it.
        fronted = stmt.cue is not None and stmt.content.end <= stmt.cue.start
        ends = fronted or _ends_with_quote(text, stmt.content, quotes) or _ends_paragraph(text, stmt.content)
        if stmt.cue is None or not ends:
            continue
        cue_sentence = _sentence_of(bounds, starts, stmt.cue.start)
        extended = False
        for q in quotes:
            if q.start < stmt.content.end:
                continue
            if _inside_attribution(text, q, stmt, cue_sentence):
                continue
            # The same cue may have found the quotation again as its object ("Mills “got an
            # immunity agreement,” Jordan said, and still “got to sit in ...”"): one statement.
            twin = next((o for o in statements if o is not stmt and o.cue == stmt.cue and o.content.overlaps(q)), None)
            if any(o is not stmt and o is not twin and _blocks(o, q, stmt, cue_sentence) for o in statements):
                break
            if twin is None and not _only_attribution_between(
                text, Span(stmt.content.end, q.start), stmt, cue_sentence
            ):
                break
            if _governed_in_gap(doc, q, Span(stmt.content.end, q.start), stmt.cue):
                break
            stmt.content = Span(stmt.content.start, max(q.end, twin.content.end if twin else q.end))
            extended = True
            if twin is not None:
                absorbed.append(twin)
        if extended:
            stmt.kind = _kind(text, stmt.content, quotes, stmt.cue)
    statements[:] = [s for s in statements if not any(s is a for a in absorbed)]


def _governed_in_gap(doc: Doc, quote: Span, gap: Span, cue: Span) -> bool:
    """The quotation is the object of another verb of the attribution ("“…,” Kiedis said,
    mentioning the album is “in the home stretch.”"): it belongs to that verb, not to the run."""
    tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    for ancestor in tokens.root.ancestors:
        inside_gap = gap.start <= ancestor.idx < gap.end and not cue.start <= ancestor.idx < cue.end
        if inside_gap and ancestor.tag_.startswith("VB") and ancestor.dep_ in ("advcl", "conj", "xcomp"):
            return True
    return False


def _inside_attribution(text: str, quote: Span, stmt: Statement, cue_sentence: Span | None) -> bool:
    """A quoted title inside the attribution that follows the content ("“…,” Clinton said on ABC’s
    “This Week” on Sunday. “…”") is not more of what was said: the run goes on past it. A quotation
    that ends the cue's sentence after a comma or colon is still the second half of a split
    quotation."""
    if stmt.cue is None or cue_sentence is None or not stmt.content.end <= stmt.cue.start < quote.start:
        return False
    if not cue_sentence.contains(quote):
        return False
    rest = text[quote.end : cue_sentence.end]
    before = text[cue_sentence.start : quote.start].rstrip()
    # A title-cased quotation glued to the attribution's words ("said in May on the podcast
    # “Here’s the Thing.”") names something; the second half of a split quotation follows a
    # comma, a colon or a conjunction ("Jordan said, and still “got to sit in ...”").
    glued = bool(before) and before[-1].isalnum()
    return any(ch.isalnum() for ch in rest) or (glued and _title_cased(text[quote.start : quote.end]))


def _blocks(other: Statement, quote: Span, stmt: Statement, cue_sentence: Span | None) -> bool:
    """Another statement owns the quotation, or its cue comes before it. A statement inside the
    attribution itself ("“…,” Buchanan said, noting that Manafort did not lose a delegate. “…”")
    does not stop the quotation running on: annotators mark it as a statement of its own."""
    if other.content.overlaps(quote):
        return True
    if other.cue is None or not (stmt.content.end <= other.cue.start < quote.start):
        return False
    gap = Span(stmt.content.end, quote.start)
    nested = gap.contains(other.content) and gap.contains(other.cue)
    return not (nested and cue_sentence is not None and cue_sentence.contains(other.content))


def _ends_paragraph(text: str, content: Span) -> bool:
    """Reported words that end their paragraph run on into a quoted paragraph after them ("Carter
    said that ... would not happen. ¶ “That’s because ...”"): one statement for annotators."""
    line_end = text.find("\n", content.end)
    rest = text[content.end : line_end if line_end >= 0 else len(text)]
    return not any(ch.isalnum() for ch in rest)


def _ends_with_quote(text: str, content: Span, quotes: list[Span]) -> bool:
    return any(q.end == content.end for q in quotes) or (
        len(content) > 0 and is_quote_mark(text[content.end - 1]) and text[content.end - 1] != "'"
    )


def _sentence_of(bounds: list[tuple[int, int]], starts: list[int], offset: int) -> Span | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    return Span(*bounds[i])


def _only_attribution_between(text: str, between: Span, stmt: Statement, cue_sentence: Span | None) -> bool:
    gap = text[between.start : between.end]
    if "\n" in gap:
        first_break = gap.index("\n")
        if gap[first_break:].strip():
            return False  # words between the paragraphs, or the quotation does not open its paragraph
        if not _quote_only_paragraph(text, between.end):
            return False
        gap = gap[:first_break]
        between = Span(between.start, between.start + first_break)
    words = [between.start + i for i, ch in enumerate(gap) if ch.isalnum()]
    if not words:
        return True
    if stmt.cue is None or cue_sentence is None or not between.contains(stmt.cue):
        return False
    if words[-1] >= cue_sentence.end and cue_sentence.start <= words[0]:
        # The sentence after the attribution leads into a quotation with a few words of its
        # own ("…,” Bill Clinton has said. That makes her “by definition …”", "But “…”").
        lead = text[cue_sentence.end : between.end].split()
        return len(lead) <= LEAD_IN_WORDS and not any(w.strip(",").lower() in CUE_LEMMAS for w in lead)
    return cue_sentence.start <= words[0] and words[-1] < cue_sentence.end


# Most words of the next sentence before a quotation that continues a statement.
LEAD_IN_WORDS = 4


def _quote_only_paragraph(text: str, start: int) -> bool:
    """The paragraph opening at `start` holds quotations and punctuation only."""
    end = text.find("\n", start)
    paragraph = text[start : end if end >= 0 else len(text)]
    quotes = find_quotes(paragraph)
    chars = list(paragraph)
    for q in quotes:
        for i in range(q.start, q.end):
            chars[i] = " "
    return bool(quotes) and not any(ch.isalnum() for ch in chars)
