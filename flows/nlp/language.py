"""Which language a text is in, so that only English is parsed with the English model."""

from __future__ import annotations

import functools

# Short texts carry too little signal: below this many letters we assume the corpus language.
MIN_LETTERS = 60


@functools.lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_identifier() -> None:
    """Load the language identifier's model now (75 MB, half a second) rather than at the first text."""
    _identifier()


def release_identifier() -> None:
    """Drop the identifier's model; the next text loads it again."""
    _identifier.cache_clear()


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return default
    lang, prob = _identifier().classify(sample)
    if lang != default and prob < 0.9:
        return default
    return str(lang)
