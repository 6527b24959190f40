"""The run summary as a Prefect markdown artifact: what it says, and that Prefect keeps it."""

from __future__ import annotations

import pytest

from flows.artifacts import artifact_key, publish_run_artifact, run_markdown
from flows.checks import CheckResult

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


@pytest.mark.parametrize(
    ("warehouse", "key"),
    [
        ("/data/press/warehouse", "presstables-warehouse"),
        ("wh_2024 Q1", "presstables-wh-2024-q1"),
        ("/", "presstables-warehouse"),
    ],
)
def test_artifact_key_is_one_per_warehouse(warehouse: str, key: str) -> None:
    assert artifact_key(warehouse) == key


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
