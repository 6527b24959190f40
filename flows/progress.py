"""A one-line progress display for long runs in a terminal: documents and words per second.

It writes to stderr only when stderr is a terminal (or PRESSTABLES_PROGRESS=1), never when the
output is piped, logged or asked for as JSON, and updates at most a few times a second. A
`reporter` gets the same progress wherever the terminal is not (the flow's is a Prefect progress
artifact, `flows.artifacts.ParseProgressArtifact`, which the UI shows).
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from flows import settings


class Reporter(Protocol):
    def start(self, progress: Progress) -> None: ...

    def update(self, progress: Progress) -> None: ...

    def close(self, progress: Progress) -> None: ...


class Progress:
    def __init__(
        self,
        total_docs: int,
        total_words: int,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        reporter: Reporter | None = None,
    ):
        self.total_docs = total_docs
        self.total_words = total_words
        self.stream = stream or sys.stderr
        setting = settings.progress()
        if enabled is None:
            enabled = setting == "1" or (setting == "auto" and self.stream.isatty())
        self.enabled = enabled and total_docs > 0
        self.docs = 0
        self.words = 0
        self.started = time.perf_counter()
        self._shown = 0.0
        self.reporter = reporter if total_docs > 0 else None
        if self.reporter is not None:
            self.reporter.start(self)

    @property
    def share(self) -> float:
        """The share of the documents done, from 0 to 1."""
        return min(1.0, self.docs / self.total_docs) if self.total_docs else 1.0

    def advance(self, docs: int, words: int) -> None:
        self.docs += docs
        self.words += words
        now = time.perf_counter()
        if self.enabled and (now - self._shown > 0.25 or self.docs >= self.total_docs):
            self._shown = now
            self.stream.write("\r" + self.line(now - self.started))
            self.stream.flush()
        if self.reporter is not None:
            self.reporter.update(self)

    def line(self, elapsed: float) -> str:
        elapsed = max(elapsed, 1e-9)
        rate_docs, rate_words = self.docs / elapsed, self.words / elapsed
        left = (self.total_words - self.words) / rate_words if rate_words else 0.0
        bar = "#" * int(self.share * 20)
        return (
            f"parsing [{bar:<20}] {self.docs:,}/{self.total_docs:,} documents · "
            f"{rate_docs:,.1f} docs/s · {rate_words:,.0f} words/s · {left:,.0f} s left "
        )

    def close(self) -> None:
        if self.enabled and self.docs:
            self.stream.write("\n")
            self.stream.flush()
        if self.reporter is not None:
            self.reporter.close(self)
