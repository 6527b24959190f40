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


class Recorder:
    """A reporter that keeps what it was told, as the flow's progress artifact would send it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, float]] = []

    def start(self, progress: Progress) -> None:
        self.calls.append(("start", progress.docs, progress.share))

    def update(self, progress: Progress) -> None:
        self.calls.append(("update", progress.docs, progress.share))

    def close(self, progress: Progress) -> None:
        self.calls.append(("close", progress.docs, progress.share))


def test_a_reporter_follows_the_parse_where_no_terminal_is() -> None:
    reporter = Recorder()
    progress = Progress(total_docs=4, total_words=400, stream=io.StringIO(), reporter=reporter)
    for _ in range(4):
        progress.advance(1, 100)
    progress.close()
    assert reporter.calls == [
        ("start", 0, 0.0),
        ("update", 1, 0.25),
        ("update", 2, 0.5),
        ("update", 3, 0.75),
        ("update", 4, 1.0),
        ("close", 4, 1.0),
    ]


def test_nothing_to_parse_reports_nothing() -> None:
    reporter = Recorder()
    Progress(total_docs=0, total_words=0, stream=io.StringIO(), reporter=reporter).close()
    assert reporter.calls == []
