"""Rule `trailing-attribution`: a quotation that ends on a comma, question or exclamation mark,
followed by a name and any verb.

"“Sit down,” the chairman snapped, as the hearing grew louder."
"""

from __future__ import annotations

from flows.nlp.lexicon import NOT_CUES
from flows.nlp.quotes import CLOSING, STRAIGHT
from flows.nlp.spans import Span
from flows.nlp.statements.content import title_case
from flows.nlp.statements.cues import guess_lemma
from flows.nlp.statements.speaker import only_apposition_between, speaker_by_position, speaker_span
from flows.nlp.statements.statement import Reading, Statement


def find(quote: Span, reading: Reading) -> Statement | None:
    """A quotation that ends on a comma, question or exclamation mark, followed by a name and any
    verb: "“Quiet,” he demanded", "“Let me talk,” Trump shot back", "“Why?” asked a voter". That
    word order is how news attributes speech, whatever the verb."""
    doc, text = reading.doc, reading.text
    inner = text[quote.start : quote.end].rstrip(CLOSING + STRAIGHT + "'").rstrip()
    after = text[quote.end : quote.end + 2]
    if not (inner.endswith((",", "?", "!")) or after.startswith(",")) or not _opens_sentence(text, quote.start):
        return None
    tokens = doc.char_span(quote.end, min(len(text), quote.end + 120), alignment_mode="expand")
    quoted = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if tokens is None or quoted is None or title_case(quoted):
        return None
    for verb in tokens[:10]:
        if verb.is_space or "\n" in verb.text or verb.tag_ in (".", ":"):
            return None
        if verb.tag_ not in ("VBD", "VBZ", "VBN") or verb.lower_ in NOT_CUES:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and quote.end <= c.idx < verb.idx), None)
        if subject is not None and only_apposition_between(doc, subject.i, verb):
            speaker: Span | None = speaker_span(subject)
        else:
            speaker = speaker_by_position(verb)
        if speaker is None or speaker.start < quote.end:
            return None
        return Statement(
            sentence_idx=reading.sentence_idx(quote.start),
            content=quote,
            kind="direct",
            speaker=speaker,
            cue=Span(verb.idx, verb.idx + len(verb)),
            cue_lemma=guess_lemma(verb),
        )
    return None


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but a finished sentence stands before `start` in its paragraph."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip().rstrip(CLOSING + STRAIGHT + "'")
    return not before or before.endswith((".", "!", "?", ":"))
