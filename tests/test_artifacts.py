"""The run summary as Prefect markdown and table artifacts, the parse's progress artifact: what
they say, and that Prefect keeps them."""

from __future__ import annotations

import io
import json
import logging

import pytest

from flows.artifacts import ParseProgressArtifact, artifact_key, publish_run_artifact, run_markdown, summary_row
from flows.checks import CheckResult
from flows.progress import Progress

SUMMARY = {
    "warehouse": "/data/press/warehouse",
    "new": 4,
    "changed": 1,
    "unchanged": 12,
    "removed": 2,
    "rejected": 3,
    "parsed": 5,
    "rows": {"documents": 17, "statements": 1204},
    "rejects_by_reason": {"bad_json": 1, "empty": 2},
    "failed_checks": [],
    "seconds": {"read": 0.4, "parse": 12.25, "publish": 1.0, "total": 13.7},
}
SPEAKERS = [
    {
        "speaker_name": "Karen Donfried",
        "n_statements": 7,
        "n_documents": 1,
        "n_direct": 1,
        "n_mixed": 3,
        "n_indirect": 3,
    },
    {
        "speaker_name": "Jens Stoltenberg",
        "n_statements": 2,
        "n_documents": 1,
        "n_direct": 0,
        "n_mixed": 2,
        "n_indirect": 0,
    },
]


def test_markdown_has_every_part_of_the_run() -> None:
    checks = [CheckResult("documents_key_unique", 0, []), CheckResult("mentions_span_text", 2, [])]
    text = run_markdown({**SUMMARY, "failed_checks": ["mentions_span_text"]}, SPEAKERS, checks)
    assert "**4** new, **1** changed, **12** unchanged, **2** removed, **3** rejected" in text
    assert "| 4 | 1 | 12 | 2 | 3 | 5 |" in text
    assert "| bad_json | 1 |" in text and "| empty | 2 |" in text
    assert "| statements | 1,204 |" in text
    assert "| Karen Donfried | 7 | 1 | 1 | 3 | 3 |" in text
    assert "1 of 2 passed" in text and "| mentions_span_text | FAIL | 2 |" in text
    assert "data tests failed" in text
    assert "| parse | 12.25 |" in text


def test_markdown_without_check_results_or_speakers() -> None:
    text = run_markdown(SUMMARY, [("A | B", 1, 1)])
    assert "| A \\| B | 1 | 1 |  |  |  |" in text  # a pipe in a name does not break the table
    assert "All passed." in text
    assert "No attributed statements in the documents this run parsed" in run_markdown(SUMMARY, [])


def test_summary_row_is_the_whole_summary_in_one_row() -> None:
    row = summary_row({**SUMMARY, "failed_documents": 1})
    assert row == {
        "warehouse": "/data/press/warehouse",
        "new": 4,
        "changed": 1,
        "unchanged": 12,
        "removed": 2,
        "rejected": 3,
        "parsed": 5,
        "failed_documents": 1,
        "data_tests": "passed",
        "rows_documents": 17,
        "rows_statements": 1204,
        "seconds_read": 0.4,
        "seconds_parse": 12.25,
        "seconds_publish": 1.0,
        "seconds_total": 13.7,
    }
    failed = summary_row({**SUMMARY, "failed_checks": ["mentions_span_text", "documents_key_unique"]})
    assert failed["data_tests"] == "failed: mentions_span_text, documents_key_unique"


@pytest.mark.parametrize(
    ("warehouse", "kind", "key"),
    [
        ("/data/press/warehouse", "", "presstables-warehouse"),
        ("wh_2024 Q1", "", "presstables-wh-2024-q1"),
        ("/", "", "presstables-warehouse"),
        ("/data/press/warehouse", "parse", "presstables-warehouse-parse"),
        ("x" * 80, "summary", "presstables-" + "x" * 44 + "-summary"),
    ],
)
def test_artifact_key_is_one_per_warehouse_and_kind(warehouse: str, kind: str, key: str) -> None:
    assert artifact_key(warehouse, kind) == key
    assert len(key) <= 64


@pytest.mark.usefixtures("prefect_harness")
def test_a_flow_run_publishes_the_artifact() -> None:
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    @flow(name="publish-run-artifact-test")
    def publish() -> object:
        return publish_run_artifact(SUMMARY, SPEAKERS, key="presstables-test-run")

    artifact_id = publish()
    assert artifact_id is not None
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["presstables-test-run"]))
        )
    assert [a.id for a in artifacts] == [artifact_id]
    assert artifacts[0].type == "markdown" and artifacts[0].flow_run_id is not None
    assert "| Karen Donfried | 7 | 1 | 1 | 3 | 3 |" in str(artifacts[0].data)

    tables = read_artifacts("presstables-test-run-summary")
    assert [(a.type, a.flow_run_id) for a in tables] == [("table", artifacts[0].flow_run_id)]
    assert json.loads(str(tables[0].data)) == [summary_row(SUMMARY)]


@pytest.mark.usefixtures("prefect_harness")
def test_an_artifact_prefect_refuses_is_a_warning_and_the_run_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    from prefect import flow

    @flow(name="refused-run-artifact-test")
    def publish() -> object:
        return publish_run_artifact(SUMMARY, key="Not A Valid Key")  # keys are lowercase, digits and dashes

    with caplog.at_level(logging.WARNING):
        assert publish() is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(m.startswith("could not publish the run summary table") for m in warnings), warnings
    assert any(m.startswith("could not publish the run artifact") for m in warnings), warnings


@pytest.mark.usefixtures("prefect_harness")
def test_the_parse_reports_its_progress_as_a_progress_artifact() -> None:
    from prefect import flow

    warehouse = "/data/press/progress-test"

    @flow(name="parse-progress-artifact-test")
    def parse() -> list[float]:
        reporter = ParseProgressArtifact(warehouse, every=0.0)
        progress = Progress(total_docs=3, total_words=300, stream=io.StringIO(), reporter=reporter)
        seen = [read_artifacts("presstables-progress-test-parse")[0].data]
        for _ in range(3):
            progress.advance(1, 100)
            seen.append(read_artifacts("presstables-progress-test-parse")[0].data)
        progress.close()
        return seen

    assert parse() == [0.0, pytest.approx(100 / 3), pytest.approx(200 / 3), 100.0]
    [artifact] = read_artifacts("presstables-progress-test-parse")
    assert artifact.type == "progress" and artifact.data == 100.0 and artifact.flow_run_id is not None
    assert "3/3 documents" in str(artifact.description)


def test_outside_a_flow_run_the_progress_artifact_stays_away() -> None:
    reporter = ParseProgressArtifact("/data/press/warehouse")
    progress = Progress(total_docs=2, total_words=20, stream=io.StringIO(), reporter=reporter)
    progress.advance(2, 20)
    progress.close()
    assert reporter.artifact_id is None


def read_artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
