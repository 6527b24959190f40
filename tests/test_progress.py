"""The terminal progress line: documents and words per second, only where someone watches."""

from __future__ import annotations

import io

from flows.progress import Progress


def test_progress_line_counts_documents_and_words() -> None:
    out = io.StringIO()
    progress = Progress(total_docs=4, total_words=400, stream=out, enabled=True)
    for _ in range(4):
        progress.advance(1, 100)
    progress.close()
    last = out.getvalue().rstrip("\n").split("\r")[-1]
    assert "4/4 documents" in last and "words/s" in last and "docs/s" in last


def test_progress_is_silent_when_not_a_terminal() -> None:
    out = io.StringIO()  # not a tty
    progress = Progress(total_docs=2, total_words=10, stream=out)
    progress.advance(2, 10)
    progress.close()
    assert out.getvalue() == ""
