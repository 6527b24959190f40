"""Rule `continuation`: a direct statement runs over the quotations that carry on after it.

"“There are some things that we’re prepared to work on …,” she said. “There are other things in
those documents that the Russians know will be unacceptable.”" is one statement: news annotators
(PolNeAR) mark it so, and a quotation standing alone has no cue of its own.
"""

from __future__ import annotations

import bisect

from flows.nlp.lexicon import CUE_LEMMAS
from flows.nlp.quotes import find_quotes, is_quote_mark
from flows.nlp.spans import Span
from flows.nlp.statements.collisions import Found
from flows.nlp.statements.content import governed_in_gap, title_cased
from flows.nlp.statements.statement import Reading, Statement, kind_of


def extend_quote_runs(reading: Reading, found: Found) -> None:
    """Extend each direct statement over the quotations that carry on after it.

    The next quotation joins when nothing but the attribution stands between: only punctuation,
    or words of the sentence that holds the cue ("“…,” Trump said in August, referring to Kerry.
    “…”"), or a paragraph break before a paragraph that is a quotation and nothing else.
    """
    doc, text, quotes, bounds, statements = reading.doc, reading.text, reading.quotes, reading.bounds, found.statements
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
            if governed_in_gap(doc, q, Span(stmt.content.end, q.start), stmt.cue):
                break
            stmt.content = Span(stmt.content.start, max(q.end, twin.content.end if twin else q.end))
            extended = True
            if twin is not None:
                absorbed.append(twin)
        if extended:
            stmt.kind = kind_of(text, stmt.content, quotes, stmt.cue)
    statements[:] = [s for s in statements if not any(s is a for a in absorbed)]


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
    return any(ch.isalnum() for ch in rest) or (glued and title_cased(text[quote.start : quote.end]))


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
