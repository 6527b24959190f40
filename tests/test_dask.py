"""Distributed mode: the parse work goes to a Dask cluster (here a local two-worker cluster)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.views import connect, fetch
from flows.warehouse import Warehouse

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_flow_parses_on_a_two_worker_dask_cluster(corpus: Path, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from flows.build_warehouse import build_warehouse

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = build_warehouse(
            paths=[corpus], warehouse=tmp_path / "wh-dask", batch_docs=1, dask_address=cluster.scheduler_address
        )
        with Client(cluster) as client:
            # The cluster's workers parsed: they imported the extractors (the scheduler decides
            # how the seven batches spread over the two workers).
            loaded = client.run(lambda: "flows.nlp.analyze" in __import__("sys").modules)
    assert summary["parsed"] == 7 and summary["failed_checks"] == []
    assert any(loaded.values())
    # The parse's progress followed the batches as they came back, in the Prefect UI too.
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        key = ArtifactFilterKey(any_=["presstables-wh-dask-parse"])
        [progress] = client.read_artifacts(artifact_filter=ArtifactFilter(key=key))
    assert progress.data == 100.0 and "7/7 documents" in str(progress.description)

    local = build_warehouse(paths=[corpus], warehouse=tmp_path / "local")
    con, con_local = connect(Warehouse(tmp_path / "wh-dask")), connect(Warehouse(tmp_path / "local"))
    try:
        for table in ("sentences", "mentions", "statements"):
            sql = f"select * exclude (doc_id) from {table} order by all"
            assert fetch(con, sql)[1] == fetch(con_local, sql)[1]
    finally:
        con.close()
        con_local.close()
    assert local["rows"] == summary["rows"]
