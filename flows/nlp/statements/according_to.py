"""Rule `according-to`: "according to X", where the rest of the sentence is what X said.

"Only one person was killed by a gun last year in Japan, according to the National Police Agency."
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from flows.nlp.lexicon import RELATIVE_WORDS
from flows.nlp.spans import Span, trim
from flows.nlp.statements.content import extend_to_quotes
from flows.nlp.statements.speaker import relative_clause_start, speaker_span
from flows.nlp.statements.statement import CONTENT_EDGES, Reading, Statement, kind_of


def find(token: Token, sent: SpacySpan, reading: Reading) -> Statement | None:
    """A statement from "according to" at `token`: the phrase's object is the speaker."""
    if token.lower_ != "according":
        return None
    to = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if to is None or to.lower_ != "to":
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in token.children if c.dep_ == "pobj"), None)
    speaker: Span | None = None
    if source is None:
        words = _unattached_noun_phrase(to, sent)
        if not words:
            return None
        source = words[-1]
        speaker = Span(words[0].idx, source.idx + len(source))
    text, quotes = reading.text, reading.quotes
    phrase_start = token.idx
    phrase_end = relative_clause_start(source)
    if speaker is not None:
        phrase_end = speaker.end
    # The content is the rest of the sentence: on whichever side of the phrase it stands, or all
    # of it when the phrase interrupts the sentence ("G4S receives, according to one report, ...").
    before = trim(text, sent.start_char, phrase_start, CONTENT_EDGES)
    after = trim(text, phrase_end, sent.end_char, CONTENT_EDGES + ".")
    words_before = len(text[before[0] : before[1]].split())
    words_after = len(text[after[0] : after[1]].split())
    if words_before >= 3 and _opens_aside(token.doc, phrase_end, sent):
        words_after = 0
    if words_before >= 3 and words_after >= 3:
        start, end = before[0], after[1]
    elif words_after > words_before:
        start, end = after
    else:
        start, end = before
    if end - start < 3:
        return None
    # A quotation the content opens runs on to its closing mark, past the sentence's end.
    content = extend_to_quotes(Span(start, end), quotes)
    cue = Span(token.idx, to.idx + len(to))
    return Statement(
        sentence_idx=reading.sentence_idx(sent.start_char),
        content=content,
        kind=kind_of(text, content, quotes, cue),
        speaker=speaker if speaker is not None else speaker_span(_author(source)),
        cue=cue,
        cue_lemma="according to",
    )


# Words that open the writer's aside after the source rather than the rest of what it said ("…,
# according to the RealClearPolitics average, where 475 delegates are at stake", "…, according to
# polling by the A.F.L.-C.I.O., even as white men favored …", "…, according to the Labor
# Department, taking a step toward …").
_ASIDE_OPENERS = RELATIVE_WORDS | frozenset("while whereas as even though although despite compared".split())
_ASIDE_MARKS = ("—", "–", "―", "--", "-", "(")


def _opens_aside(doc: Doc, phrase_end: int, sent: SpacySpan) -> bool:
    """The words after the "according to" phrase are an aside of the writer's: a dash, a relative
    or contrasting clause, or a participle, after the sentence before the phrase is complete."""
    rest = [t for t in doc[sent.start : sent.end] if t.idx >= phrase_end and not t.is_space]
    if not rest:
        return False
    if rest[0].text in _ASIDE_MARKS:
        return True
    if rest[0].text != "," or len(rest) < 2:
        return False
    word = rest[1]
    return word.lower_ in _ASIDE_OPENERS or (word.tag_ == "VBG" and word.dep_ in ("advcl", "xcomp", "conj"))


def _author(source: Token) -> Token:
    """Who stands behind a document cited as the source: "according to a tally by the Associated
    Press", "a recent report from Bloomberg New Energy Finance"."""
    prep = next((c for c in source.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
    author = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return author if author is not None else source


_PHRASE_TAGS = frozenset("DT PDT JJ JJR JJS CD NN NNS NNP NNPS POS PRP".split())


def _unattached_noun_phrase(to: Token, sent: SpacySpan) -> list[Token]:
    """The words after "to" when the parse gave it no object, up to the last noun: a paragraph
    break after an abbreviation derails it ("according to the F.A.A.¶¶")."""
    words: list[Token] = []
    for t in to.doc[to.i + 1 : sent.end]:
        if t.is_space or t.tag_ not in _PHRASE_TAGS:
            break
        words.append(t)
    while words and not words[-1].tag_.startswith(("NN", "PRP")):
        words.pop()
    return words
