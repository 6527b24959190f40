"""Rule `governing-verb`: a quotation that is the object or complement of a verb of saying or of
attributing words (lexicon.ATTRIBUTION_VERBS), or that characterizes someone "as" something.

"Marty West, an education professor at Harvard, called it “an incredibly significant development.”"
"""

from __future__ import annotations

from flows.nlp.lexicon import ATTRIBUTION_VERBS, NAMING_VERBS, NOT_CUES, REPORTING_VERBS
from flows.nlp.spans import Span, trim
from flows.nlp.statements.content import after_colon, cut_after_last_quote, looks_like_title
from flows.nlp.statements.cues import guess_lemma
from flows.nlp.statements.speaker import shared_subject, speaker_span
from flows.nlp.statements.statement import (
    CONTENT_EDGES,
    MIN_QUOTE_WORDS,
    Reading,
    Statement,
    holds,
    inside_quote,
    kind_of,
    word_count,
)


def find(quote: Span, reading: Reading) -> Statement | None:
    """A quotation that is the object or complement of a verb with a subject that says or
    attributes words: "called it “an incredibly significant development”", "described the ban as
    “ridiculous”", "admires Putin as a “strong leader”". News quotes people with many verbs
    besides the verbs of saying; after other verbs ("served as President Clinton's ''sherpa''",
    "launched the “expulsion of criminal foreigners initiative”") a quotation names or mocks
    something rather than reports it."""
    doc, text, quotes = reading.doc, reading.text, reading.quotes
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
    if inside_quote(quotes, verb.idx):
        return None
    lemma = guess_lemma(verb)
    # A characterization needs someone characterized: "admires Putin as a “strong leader”", not
    # "served as President Clinton's ''sherpa''".
    characterized = characterized and any(c.dep_ == "dobj" for c in verb.children)
    if lemma not in ATTRIBUTION_VERBS and lemma not in REPORTING_VERBS and not characterized:
        return None
    if lemma not in ATTRIBUTION_VERBS and not characterized and word_count(text, quote) < MIN_QUOTE_WORDS:
        # A short quoted phrase after an ordinary verb is a scare quote, not a statement, unless
        # it characterizes someone ("admires Putin as a “strong leader”").
        return None
    if lemma not in NAMING_VERBS and looks_like_title(tokens):
        return None
    subject = shared_subject(verb)
    passive = subject is None and lemma in NAMING_VERBS and any(c.dep_ == "nsubjpass" for c in verb.children)
    if not passive and (
        subject is None or (subject.lower_ in ("it", "there", "this", "that") and subject.tag_ in ("PRP", "EX", "DT"))
    ):
        return None
    # A passive naming verb has no speaker ("was labeled a “medical problem”") unless it names
    # its agent ("was labeled a “breakthrough” by diplomats").
    speaker = speaker_span(subject) if subject is not None else None
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
        speaker, end = speaker_span(agent_object), min(end, agent.idx)
    content = cut_after_last_quote(doc, Span(*trim(text, start, end, CONTENT_EDGES)), quotes)
    content = after_colon(text, content, quotes)
    cue = Span(verb.idx, verb.idx + len(verb))
    if content.overlaps(cue) or holds(content, speaker) or not content.contains(quote):
        return None
    return Statement(
        sentence_idx=reading.sentence_idx(quote.start),
        content=content,
        kind=kind_of(text, content, [quote], cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=lemma,
    )
