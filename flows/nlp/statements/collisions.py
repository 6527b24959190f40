"""Collisions: two statements never share words, and one's cue never sits inside another's content.

The first statement found keeps its words; a later one that collides is dropped, or moved (a second
cue whose words an earlier cue took introduces the quotation after its sentence). The exception: a
source cited with "according to" for a whole attribution takes it, as news annotators mark it
("Trump said …, according to The New York Times" is what the Times reported), and so does a
trailing attribution for a reported clause ("X has agreed to host …, officials said"). A cue whose
content lies outside its own sentence waits until its neighbours are placed (rule
`borrowed-quotation`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from flows.nlp.spans import Span
from flows.nlp.statements.statement import Reading, Statement, touches


@dataclass
class Found:
    """The statements placed so far, and the cues waiting for their neighbours (`borrowing`)."""

    statements: list[Statement] = field(default_factory=list)
    borrowing: list[Statement] = field(default_factory=list)

    def sort(self) -> None:
        self.statements.sort(key=lambda s: (s.content.start, s.content.end))


def place_from_sentence(found: Found, stmt: Statement, sent: SpacySpan, reading: Reading) -> None:
    """Place a statement found from a word of `sent`."""
    if not stmt.content.overlaps(Span(sent.start_char, sent.end_char)):
        # A cue whose content is a quotation outside its own sentence ("… revealed this last
        # fall. | “…?” he told Fox News.") yields to the cues of that quotation's sentence.
        found.borrowing.append(stmt)
    elif not any(collides(s, stmt) for s in found.statements):
        found.statements.append(stmt)
    elif _reports_through(found, stmt):
        # An attribution reported through a source ("Trump said he was “happy to see” it,
        # according to The New York Times", "X has agreed to host …, officials said") is the
        # source's statement, whichever was found first.
        found.statements[:] = [s for s in found.statements if not _cites(stmt, s)]
        if not any(_cites(s, stmt) for s in found.statements):
            found.statements.append(stmt)
    elif (after := _quote_after_sentence(reading.text, stmt, sent, reading.quotes)) is not None:
        # A second cue whose words an earlier cue took ("DuVernay said … “…,” she said. “…”")
        # introduces the quotation that follows its sentence.
        stmt.content, stmt.kind = after, "direct"
        place(found, stmt)


def _reports_through(found: Found, stmt: Statement) -> bool:
    """`stmt` collides only with attributions it cites a source for, or with the source cited for it."""
    colliding = [s for s in found.statements if collides(s, stmt)]
    return bool(colliding) and all(_cites(s, stmt) or _cites(stmt, s) for s in colliding)


def _cites(outer: Statement, inner: Statement) -> bool:
    """`outer` reports the whole of `inner`, its speaker, cue and content: a source cited with
    "according to", or a trailing attribution after a reported clause ("X has agreed to host …,
    officials said Tuesday")."""
    if inner.rule == "according-to" or inner.cue is None or outer.cue is None:
        return False
    parts = [inner.content, inner.cue] + ([inner.speaker] if inner.speaker is not None else [])
    hull = Span(min(p.start for p in parts), max(p.end for p in parts))
    if not all(outer.content.contains(p) for p in parts):
        return False
    if outer.rule == "according-to":
        # The source stands outside the attribution it cites, not inside what was said ("The AP
        # reported that, according to an analysis of her calendar, 85 of …" cites for the AP).
        return not hull.overlaps(outer.cue)
    # A quotation keeps its own speaker ("Feinstein said “…,” she said"), and so does the answer to
    # a fronted question, whose content may run over its own cue.
    trailing = outer.cue.start >= hull.end and (outer.speaker is None or outer.speaker.start >= hull.end)
    return trailing and inner.kind == "indirect" and not outer.content.overlaps(outer.cue)


def place(found: Found, stmt: Statement) -> None:
    """Place a statement unless it collides with one found before."""
    if not any(collides(s, stmt) for s in found.statements):
        found.statements.append(stmt)


def borrow(reading: Reading, found: Found) -> None:
    """Rule `borrowed-quotation`: place the cues whose content lies outside their sentence, now
    that the statements of that sentence are known."""
    for stmt in found.borrowing:
        colliding = [s for s in found.statements if collides(s, stmt)]
        if colliding and all(_holds_cue_only(s, stmt) for s in colliding):
            # A later cue took this one's words for its content ("“You winning?” | she said, but
            # Kevin was drifting off …, Melanie said yes"): an attribution is not what was said.
            found.statements[:] = [s for s in found.statements if not any(s is c for c in colliding)]
            colliding = []
        if not colliding:
            found.statements.append(stmt)
    found.borrowing.clear()


def collides(a: Statement, b: Statement) -> bool:
    """Two statements cannot share content, and one's cue cannot sit inside the other's content."""
    if a.content.overlaps(b.content):
        return True
    return any(cue is not None and content.contains(cue) for cue, content in ((a.cue, b.content), (b.cue, a.content)))


def _holds_cue_only(holder: Statement, stmt: Statement) -> bool:
    """`holder` collides with `stmt` only by holding its cue in its content."""
    return stmt.cue is not None and holder.content.contains(stmt.cue) and not holder.content.overlaps(stmt.content)


def _quote_after_sentence(text: str, stmt: Statement, sent: SpacySpan, quotes: list[Span]) -> Span | None:
    """The quotation right after the sentence of a cue that ends it ("…,” she said. “…”")."""
    if stmt.cue is None or any(ch.isalnum() for ch in text[stmt.cue.end : sent.end_char]):
        return None
    sentence = Span(sent.start_char, sent.end_char)
    return next((q for q in quotes if q.start >= sentence.end and touches(text, q, sentence)), None)
