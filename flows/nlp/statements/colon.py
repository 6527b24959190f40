"""Rule `colon`: a quotation introduced by a colon, or by a comma right after a verb.

"The letter continues: “As a former prosecutor, please explain ...”", "Rep. Trey Gowdy (R-S.C.): “…”"
"""

from __future__ import annotations

from flows.nlp.lexicon import NOT_CUES
from flows.nlp.spans import Span, trim
from flows.nlp.statements.cues import guess_lemma
from flows.nlp.statements.speaker import shared_subject, speaker_span
from flows.nlp.statements.statement import MIN_QUOTE_WORDS, Reading, Statement, inside_quote, word_count


def find(quote: Span, reading: Reading) -> Statement | None:
    """A quotation introduced by a colon: "The letter continues: “…”", "he demurred: “…”", or,
    with no verb at all, "More from Jones: “…”" and "Rep. Trey Gowdy (R-S.C.): “…”". The colon
    is the attribution; the verb before it (else the colon itself) is the cue, and its subject
    (else the name just before the colon) is the speaker. A comma right after a verb with a
    subject introduces a quoted sentence the same way ("Hillary shot back, “I suppose ...”")."""
    doc, text, quotes = reading.doc, reading.text, reading.quotes
    colon = quote.start - 1
    while colon >= 0 and text[colon].isspace():
        colon -= 1
    if colon < 0 or text[colon] not in ":," or text.count("\n", colon, quote.start) > 2:
        return None
    if word_count(text, quote) < MIN_QUOTE_WORDS:
        return None
    tokens = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if tokens is None or len(tokens) != 1 or tokens[0].i == 0:
        return None
    mark = tokens[0]
    before = doc[mark.i - 1]
    verb = mark.head if mark.head.i < mark.i and mark.head.sent == mark.sent else None
    if verb is not None and verb.dep_ == "dobj" and verb.head.tag_.startswith("VB") and verb.head.i < verb.i:
        verb = verb.head  # "President Clinton released the following statement: “…”"
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
        subject = shared_subject(verb)
        if subject is not None and subject.tag_ != "EX" and not inside_quote(quotes, subject.idx):
            speaker, cue, lemma = speaker_span(subject), Span(verb.idx, verb.idx + len(verb)), guess_lemma(verb)
    if text[colon] == "," and speaker is None:
        return None
    closes_parenthesis = before.tag_ == "-RRB-" or mark.text.startswith(")")
    if speaker is None and (closes_parenthesis or before.tag_ in ("NNP", "NNPS")):
        # "Michael P. McDonald: “…”": the name before the colon speaks (a parenthesis after a
        # name, "(R-S.C.)", is part of how news writes it).
        head = before
        if closes_parenthesis:
            opener = next((t for t in reversed(doc[max(0, mark.i - 8) : mark.i]) if t.tag_ == "-LRB-"), None)
            if opener is None or opener.i == 0:
                return None
            head = doc[opener.i - 1]
        if head.tag_ not in ("NNP", "NNPS"):
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
        sentence_idx=reading.sentence_idx(quote.start),
        content=quote,
        kind="direct",
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
    )
