"""From texts to rows: parse in batches, extract per piece, resolve per document.

Texts longer than `CHUNK_CHARS` are parsed in pieces cut at paragraph breaks (spaCy refuses texts
over `nlp.max_length`, and memory grows with the piece); offsets are shifted back so every span
still slices the whole text. Entities and speakers are resolved over the whole document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from flows.batching import bounded_batches
from flows.nlp.dates import is_when
from flows.nlp.entities import resolve_entities
from flows.nlp.mentions import Mention, extract_mentions
from flows.nlp.resolution import Phrase, Resolution, SpeakerResolver, noun_phrases
from flows.nlp.sentences import paragraph_of, paragraph_starts, sentence_bounds
from flows.nlp.spans import Span
from flows.nlp.statements import Statement, extract_statements

# Texts are parsed in pieces of at most this many characters, cut at paragraph breaks. The
# parser's memory follows the longest piece (a 25,000-character BBC article alone took 95 MB more
# than the 5,000-character ones), and sentences never cross paragraphs, so pieces bound memory
# without splitting a sentence; entities and speakers are still resolved over the whole text.
# A 6,000-character piece of news is at most about 1,300 tokens (1,318 in the BBC corpus), so it
# fits in one `PIPE_TOKENS` batch and the longest articles of a corpus cost no more memory than its
# short ones. At 4,000 the model's labels near the cuts moved CoNLL-2003 dev entity F1 from 0.749
# to 0.746; at 6,000 it is unchanged.
CHUNK_CHARS = 6_000
# Pieces per `nlp.pipe` batch, and tokens: the model's memory follows the tokens of a batch (about
# 15 MB per 1,000 tokens, whether in two long pieces or sixteen short ones), not the corpus. A count
# of pieces alone lets a batch grow with the longest texts a corpus happens to hold: the four
# pieces of one 25,000-character BBC article in one batch took 75 MB more. Batches of 8 news
# articles, of 16 and of 64 ran at the same speed, and 1,500 tokens as fast as 2,000 and 3,000,
# for 10 MB less at the peak of a run than 2,000. A piece over `PIPE_TOKENS` goes alone.
PIPE_BATCH = 8
PIPE_TOKENS = 1_500
_BREAK = re.compile(r"\n+")
_SPACE = re.compile(r"\s+")


@dataclass
class Analysis:
    """Rows for one document, offsets into its whole text; doc ids are added by the writer."""

    sentences: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    # Why extraction failed, when it did: the document keeps its text and has no rows, and the
    # rest of the batch goes on.
    error: str | None = None


@dataclass
class _Piece:
    offset: int
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    statements: list[Statement]
    dates: list[tuple[int, int]] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut a long text into pieces of at most `limit` characters, at paragraph breaks when there
    are any, else at spaces, else anywhere. Returns (offset, piece) pairs covering the text."""
    if len(text) <= limit:
        return [(0, text)]
    pieces = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            window = text[start:end]
            # The last paragraph break that does not open a quotation: a quote running over
            # paragraphs stays in one piece with its attribution.
            cut = max((m.end() for m in _BREAK.finditer(window) if not _opens_quote(text, start + m.end())), default=0)
            if cut < limit // 2:
                cut = max((m.end() for m in _SPACE.finditer(window)), default=0)
            if cut >= limit // 2:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _opens_quote(text: str, i: int) -> bool:
    return i < len(text) and text[i] in "“\"'«‘"


def token_batches(nlp: Language, pieces: Iterable[str], max_docs: int, max_tokens: int) -> Iterator[list[Doc]]:
    """The pieces tokenized, in consecutive batches of at most `max_docs` docs and `max_tokens`
    tokens; a batch is tokenized only when the one before it is taken."""
    return bounded_batches((nlp.make_doc(piece) for piece in pieces), max_docs, max_tokens, len)


def analyze_texts(
    nlp: Language,
    texts: Iterable[str],
    batch_size: int = PIPE_BATCH,
    n_process: int = 1,
    batch_tokens: int = PIPE_TOKENS,
) -> Iterator[Analysis]:
    """One `Analysis` per text, in order, each as soon as its last piece is parsed. In this process
    `nlp.pipe` gets batches of at most `batch_size` pieces and `batch_tokens` tokens; with
    `n_process` > 1, spaCy's workers take batches of `batch_size` pieces."""
    texts = list(texts)
    jobs: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, text in enumerate(texts):
        for offset, piece in split_text(text):
            jobs.append((i, offset, piece))
    pieces = (piece for _, _, piece in jobs)
    docs: Iterable[Doc]
    if n_process == 1:
        batches = token_batches(nlp, pieces, batch_size, batch_tokens)
        docs = chain.from_iterable(nlp.pipe(batch, batch_size=len(batch)) for batch in batches)
    else:
        docs = nlp.pipe(pieces, batch_size=batch_size, n_process=n_process)
    current, failure = 0, None
    parts: list[_Piece] = []
    # The words these texts add to the vocabulary are dropped when they are done, so the process
    # does not grow with every new word of a long corpus; rows keep plain strings, never a Doc.
    with nlp.memory_zone():
        for (i, offset, _), doc in zip(jobs, docs):
            if i != current:
                yield _resolve_or_fail(texts[current], parts, failure)
                current, parts, failure = i, [], None
            if failure is None:
                try:
                    parts.append(extract_piece(doc, offset))
                except Exception as exc:  # one document's extractor bug must not stop the corpus
                    failure = _describe(exc)
    if texts:
        yield _resolve_or_fail(texts[current], parts, failure)


def _resolve_or_fail(text: str, parts: list[_Piece], failure: str | None) -> Analysis:
    if failure is None:
        try:
            return resolve_document(text, parts)
        except Exception as exc:  # as above
            failure = _describe(exc)
    return Analysis(error=failure)


def _describe(exc: Exception) -> str:
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"


def analyze_doc(doc: Doc) -> Analysis:
    """Rows for a document parsed in one piece."""
    return resolve_document(doc.text, [extract_piece(doc, 0)])


def extract_piece(doc: Doc, offset: int) -> _Piece:
    bounds = sentence_bounds(doc)
    starts = [s for s, _ in bounds]
    mentions = extract_mentions(doc, starts)
    statements = extract_statements(doc, bounds)
    dates = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    return _Piece(offset, bounds, mentions, statements, dates, noun_phrases(doc))


def resolve_document(text: str, parts: list[_Piece]) -> Analysis:
    analysis = Analysis()
    paragraphs = paragraph_starts(text)
    all_mentions: list[Mention] = []
    statements: list[tuple[int, Statement]] = []  # (sentence offset, statement)
    dates: list[Span] = []
    phrases: list[Phrase] = []
    for part in parts:
        base_sentence = len(analysis.sentences)
        for start, end in part.sentences:
            start, end = start + part.offset, end + part.offset
            analysis.sentences.append(
                {
                    "sentence_idx": len(analysis.sentences),
                    "paragraph_idx": paragraph_of(paragraphs, start),
                    "start_char": start,
                    "end_char": end,
                    "text": text[start:end],
                }
            )
        for m in part.mentions:
            start, end = m.start_char + part.offset, m.end_char + part.offset
            all_mentions.append(
                dataclasses.replace(
                    m,
                    mention_idx=len(all_mentions),
                    sentence_idx=m.sentence_idx + base_sentence,
                    start_char=start,
                    end_char=end,
                    text=text[start:end],
                )
            )
        for stmt in part.statements:
            statements.append((base_sentence, _shift(stmt, part.offset)))
        dates += [Span(start + part.offset, end + part.offset) for start, end in part.dates]
        phrases += [p.shifted(part.offset) for p in part.phrases]

    resolved = resolve_entities(all_mentions)
    for r in resolved:
        m = r.mention
        analysis.mentions.append(
            {
                "mention_idx": m.mention_idx,
                "sentence_idx": m.sentence_idx,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "text": m.text,
                "label": r.label,
                "entity_id": r.entity_id,
                "entity_name": r.entity_name,
            }
        )
    resolver = SpeakerResolver(text, [s["start_char"] for s in analysis.sentences], resolved, phrases)
    analysis.statements = _statement_rows(text, statements, resolver)
    for row in analysis.statements:
        sentence = analysis.sentences[row["sentence_idx"]] if row["sentence_idx"] < len(analysis.sentences) else None
        row["date_text"] = _when_said(text, row, dates, sentence)
    return analysis


def _in_parenthetical(text: str, row: dict[str, Any], date: Span) -> bool:
    """A date in a clause set off between speaker and cue ("Donfried, who last week visited
    Kyiv, added ...") dates that clause, not the statement."""
    start, cue = row["speaker_end"], row["cue_start"]
    if start is None or cue is None or not (start <= date.start < cue):
        return False
    return "," in text[start : date.start]


def _when_said(text: str, row: dict[str, Any], dates: list[Span], sentence: dict[str, Any] | None) -> str | None:
    """The date mention of the statement's sentence that is not part of what was said, nearest
    the cue ("told reporters on Tuesday that ...")."""
    if sentence is None:
        return None
    content = Span(row["content_start"], row["content_end"])
    anchor = row["cue_start"] if row["cue_start"] is not None else row["content_start"]
    candidates = [
        d
        for d in dates
        if sentence["start_char"] <= d.start
        and d.end <= sentence["end_char"]
        and not content.overlaps(d)
        and not _in_parenthetical(text, row, d)
        and is_when(text[d.start : d.end])
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda d: abs(d.start - anchor))
    return text[best.start : best.end]


def _shift(stmt: Statement, offset: int) -> Statement:
    if offset == 0:
        return stmt

    def move(span: Span | None) -> Span | None:
        return None if span is None else Span(span.start + offset, span.end + offset)

    stmt.content = move(stmt.content)  # type: ignore[assignment]
    stmt.speaker = move(stmt.speaker)
    stmt.cue = move(stmt.cue)
    stmt.addressee = move(stmt.addressee)
    return stmt


def _statement_rows(
    text: str, statements: list[tuple[int, Statement]], resolver: SpeakerResolver
) -> list[dict[str, Any]]:
    rows = []
    for idx, (base_sentence, stmt) in enumerate(statements):
        resolution = Resolution(None, None)
        if stmt.speaker is not None:
            resolution = resolver.resolve(stmt.speaker)
        rows.append(
            {
                "statement_idx": idx,
                "sentence_idx": stmt.sentence_idx + base_sentence,
                **_span_columns("speaker", text, stmt.speaker),
                "speaker_name": resolution.name,
                "speaker_entity_id": resolution.entity_id,
                "speaker_resolution": resolution.how,
                **_span_columns("cue", text, stmt.cue),
                "cue_lemma": stmt.cue_lemma,
                **_span_columns("content", text, stmt.content),
                "kind": stmt.kind,
                "addressee": stmt.addressee.text(text) if stmt.addressee else None,
            }
        )
    return rows


def _span_columns(name: str, text: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {name: None, f"{name}_start": None, f"{name}_end": None}
    return {name: span.text(text), f"{name}_start": span.start, f"{name}_end": span.end}
