"""Rule `signature`: a quotation signed at the end of its paragraph with a dash and a name, or a
bracketed source.

"“We came here for work, not for trouble.” ― Maria Lopez"
"""

from __future__ import annotations

import re

from flows.nlp.spans import Span
from flows.nlp.statements.statement import Reading, Statement

# A signature after a quotation: a dash and a name ("“…” ― Sonya Herridge", "“…” — Paul Ryan
# (@SpeakerRyan)"), or a bracketed source ("“…” [Mother Jones.]").
_SIGNATURE = re.compile(
    r"[^\S\n]*(?:(?P<dash>―|—|–|--)[^\S\n]*(?P<name>(?:[A-Z][\w.'’-]*\.?[^\S\n]+){0,4}[A-Z][\w'’-]*)"
    r"|(?P<bracket>\[(?P<source>[A-Z][^\]\n]{0,40}?)\.?\]))"
)


def find(quote: Span, reading: Reading) -> Statement | None:
    """A quotation signed at the end of its paragraph, as news prints vox pops, epigraphs, posts
    and digests of other papers: the name is the speaker, the dash or bracket the cue."""
    text = reading.text
    found = _SIGNATURE.match(text, quote.end)
    if found is None:
        return None
    line_end = text.find("\n", found.end())
    rest = text[found.end() : line_end if line_end >= 0 else len(text)].strip()
    if rest and (found["bracket"] or rest[0] not in ",.("):
        return None  # the dash sets off words of a sentence, not a signature
    cue, speaker = ("dash", "name") if found["dash"] else ("bracket", "source")
    return Statement(
        sentence_idx=reading.sentence_idx(quote.start),
        content=quote,
        kind="direct",
        speaker=Span(found.start(speaker), found.end(speaker)),
        cue=Span(found.start(cue), found.end(cue)),
        cue_lemma=found["dash"] or "[]",
    )
