"""Parse documents in worker processes, each loading the spaCy pipeline once.

With one worker everything runs in the calling process. With more, a process pool parses and
extracts in parallel (both are CPU-bound Python and spaCy work, so threads would not help);
workers start with `spawn`, which is safe next to Prefect's threads, and keep the model loaded
for the whole run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from flows.nlp.analyze import Analysis

CHUNK_DOCS = 8

_worker_model: str | None = None


def _init_worker(model: str) -> None:
    global _worker_model
    _worker_model = model
    from flows.nlp.model import load_pipeline

    load_pipeline(model)


def _analyze_chunk(texts: Sequence[str]) -> list[Analysis]:
    from flows.nlp.analyze import analyze_texts
    from flows.nlp.model import load_pipeline

    return list(analyze_texts(load_pipeline(_worker_model), texts))


@contextlib.contextmanager
def parse_pool(model: str, workers: int) -> Iterator[Executor | None]:
    """A pool of `workers` parsing processes, or None for in-process parsing."""
    if workers <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(model,)) as pool:
        yield pool


def analyze_all(texts: Sequence[str], model: str, pool: Executor | None) -> Iterator[Analysis]:
    """One Analysis per text, in order, as each is ready."""
    if pool is None:
        from flows.nlp.analyze import analyze_texts
        from flows.nlp.model import load_pipeline

        yield from analyze_texts(load_pipeline(model), texts)
        return
    chunks = [texts[i : i + CHUNK_DOCS] for i in range(0, len(texts), CHUNK_DOCS)]
    for analyses in pool.map(_analyze_chunk, chunks):
        yield from analyses
