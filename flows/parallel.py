"""Parse documents in worker processes, each with the spaCy pipeline loaded once.

With one worker everything runs in the calling process. With more, a process pool detects the
language, parses and extracts in parallel (all CPU-bound Python and spaCy work, so threads would
not help), and the workers keep the model loaded for the whole run. A pool the flow starts itself
uses `spawn`, which is safe next to Prefect's threads: each worker loads the model.

`presstables run` may have started the pool already, with the model loaded (flows/startup.py);
the flow then takes that pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from flows.nlp.analyze import Analysis

CHUNK_DOCS = 4
ENGLISH = "en"

_worker_model: str | None = None


def _init_worker(model: str) -> None:
    global _worker_model
    _worker_model = model
    from flows.nlp.model import load_pipeline

    load_pipeline(model)


def ready() -> bool:
    return True


def _analyze_chunk(texts: Sequence[str]) -> list[tuple[str, Analysis]]:
    assert _worker_model is not None  # set by the pool's initializer
    return list(_analyze_here(texts, _worker_model))


def _analyze_here(texts: Sequence[str], model: str) -> Iterator[tuple[str, Analysis]]:
    """(language, Analysis) per text: only English is parsed with the English model."""
    from flows.nlp.analyze import analyze_texts
    from flows.nlp.language import detect_language
    from flows.nlp.model import load_pipeline

    languages = [detect_language(text) for text in texts]
    english = [text for text, lang in zip(texts, languages) if lang == ENGLISH]
    analyses = analyze_texts(load_pipeline(model), english) if english else iter(())
    for language in languages:
        yield language, next(analyses) if language == ENGLISH else Analysis()


def new_pool(model: str, workers: int, start_method: str = "spawn") -> ProcessPoolExecutor:
    context = multiprocessing.get_context(start_method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(model,))


class Parser:
    """Parses texts in this process, or in a pool where the next batch can be queued
    (`prefetch`) while the current one is written, so the workers never wait for the writer."""

    def __init__(self, model: str, pool: Executor | None = None) -> None:
        self.model = model
        self.pool = pool
        self._queued: dict[tuple[int, ...], list[Future[list[tuple[str, Analysis]]]]] = {}

    def _submit(self, texts: Sequence[str]) -> list[Future[list[tuple[str, Analysis]]]]:
        assert self.pool is not None
        chunks = [texts[i : i + CHUNK_DOCS] for i in range(0, len(texts), CHUNK_DOCS)]
        return [self.pool.submit(_analyze_chunk, chunk) for chunk in chunks]

    def prefetch(self, texts: Sequence[str]) -> None:
        if self.pool is not None:
            self._queued[_key(texts)] = self._submit(texts)

    def analyze(self, texts: Sequence[str]) -> Iterator[tuple[str, Analysis]]:
        """(language, Analysis) per text, in order, as each is ready."""
        if self.pool is None:
            yield from _analyze_here(texts, self.model)
            return
        futures = self._queued.pop(_key(texts), None) or self._submit(texts)
        for future in futures:
            yield from future.result()


def _key(texts: Sequence[str]) -> tuple[int, ...]:
    return tuple(hash(text) for text in texts)


@contextlib.contextmanager
def parse_pool(model: str, workers: int) -> Iterator[Parser]:
    """A parser over `workers` processes, or in this process when `workers` is 1."""
    if workers <= 1:
        yield Parser(model)
        return
    from flows.startup import take_prestarted

    prestarted = take_prestarted(model, workers)
    if prestarted is not None:
        try:
            yield Parser(model, prestarted)
        finally:
            # A run parses once: the workers exit while it publishes, and the pool's owner
            # (`stop_prestarted`) only waits for them to be gone.
            prestarted.shutdown(wait=False)
        return
    with new_pool(model, workers) as pool:
        yield Parser(model, pool)


def analyze_all(texts: Sequence[str], model: str, parser: Parser | None) -> Iterator[tuple[str, Analysis]]:
    """(language, Analysis) per text, in order, as each is ready."""
    yield from (parser or Parser(model)).analyze(texts)
