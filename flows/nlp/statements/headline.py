"""Rule `headline`: a headline in title case whose verb is a verb of saying.

"Zoe Saldana Asked Men Everywhere To “Redefine Masculinity.”" "Rush Limbaugh Explains The
Democrats Opposition To A Sanders/Trump Debate." The parser reads title case poorly (the verb
comes out as a proper noun, the sentence as one long name), so word order decides: the words
before the verb speak, the words after it, up to a dash, a semicolon or a capitalized "And",
are what was said.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from flows.nlp.lexicon import CUE_LEMMAS, TITLE_SMALL_WORDS
from flows.nlp.spans import Span, trim
from flows.nlp.statements.statement import CONTENT_EDGES, Reading, Statement, inside_quote, kind_of

# Most words in a headline.
MAX_HEADLINE_WORDS = 25
# Words between the speaker and the verb that are no part of the speaker ("Time Just Announced").
_ADVERBS = frozenset("just also now finally again still officially reportedly".split())
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_CONTENT_END = re.compile(r"\s[-–—]\s|;|\s(?:And|But)\s")
# A name of up to six capitalized words ("Zoe Saldana", "“Broad City” Star", "Hillary Clinton’s").
_NAME = re.compile(r"[“‘\"']?[A-Z][\w.’'-]*[”’\"']?(?:\s+(?:of\s+|the\s+)?[“‘\"']?[A-Z][\w.’'-]*[”’\"']?){0,5}")
# Forms of reporting verbs that are nouns as often as verbs in a headline ("Many States", "Claims").
NOUN_FORMS = frozenset(
    "state states claim claims joke jokes report reports reporting writing comment comments remark remarks "
    "promise promises signal signals counter hint hints repeat estimate estimates".split()
)


def find(token: Token, sent: SpacySpan, reading: Reading) -> Statement | None:
    """A statement from the capitalized verb of saying `token` in a title-case headline."""
    if not token.is_title:
        return None
    text = reading.text
    line_start = text.rfind("\n", 0, token.idx) + 1
    line_end = text.find("\n", token.idx)
    line_end = len(text) if line_end < 0 else line_end
    if not _title_case_line(text[line_start:line_end]) or inside_quote(reading.quotes, token.idx):
        return None
    before = token.doc[token.i - 1] if token.i > 0 else None
    while before is not None and before.lower_ in _ADVERBS and before.idx >= line_start:
        before = token.doc[before.i - 1] if before.i > 0 else None
    if before is None or before.idx < line_start or token.lower_ in NOUN_FORMS:
        return None
    speaker = Span(*trim(text, line_start, before.idx + len(before), CONTENT_EDGES + "0123456789.)"))
    if not _NAME.fullmatch(text[speaker.start : speaker.end]):
        return None  # the verb must follow a name that opens the headline
    end = line_end
    cut = _CONTENT_END.search(text, token.idx + len(token), line_end)
    if cut is not None:
        end = cut.start()
    content = Span(*trim(text, token.idx + len(token), end, CONTENT_EDGES + "."))
    if len(speaker) == 0 or len(content) == 0:
        return None
    cue = Span(token.idx, token.idx + len(token))
    return Statement(
        sentence_idx=reading.sentence_idx(token.idx),
        content=content,
        kind=kind_of(text, content, reading.quotes, cue),
        speaker=speaker,
        cue=cue,
        cue_lemma=CUE_LEMMAS[token.lower_],
    )


def _title_case_line(line: str) -> bool:
    """A short line whose words, small words aside, all start with a capital letter."""
    words = [w for w in _WORD.findall(line) if w.lower() not in TITLE_SMALL_WORDS]
    return 3 <= len(words) <= MAX_HEADLINE_WORDS and all(w[0].isupper() for w in words)
