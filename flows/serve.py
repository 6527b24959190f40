"""Serve the `build-warehouse` flow as a Prefect deployment that runs on a schedule.

A schedule lives in a Prefect server, so `serve` needs one that outlives it (`prefect server
start`) and `PREFECT_API_URL` pointing at it (in the environment or the active profile). The
deployment's parameters are the flow's own (input paths, warehouse, workers, model, batch size,
wait), made absolute here so scheduled runs do not depend on the directory the runner was started
from. Run it with `presstables serve`. The same deployment for a work pool and its workers is
`prefect.yaml` at the top of the repository (`prefect deploy`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.startup import ServerUnreachable, configured_api_url

DEPLOYMENT_NAME = "presstables"
START_SERVER = (
    "start one with `prefect server start --host 127.0.0.1 --port 4200` and "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


def check_server(url: str | None, timeout: float = 5.0) -> str:
    """The API URL when a Prefect server answers there; else `ServerUnreachable`."""
    import httpx

    if not url:
        raise ServerUnreachable(f"no Prefect server configured (PREFECT_API_URL is not set): {START_SERVER}")
    try:
        response = httpx.get(f"{url}/health", timeout=timeout)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        reason = type(exc).__name__
        raise ServerUnreachable(
            f"no Prefect server answers at PREFECT_API_URL={url} ({reason}): {START_SERVER}"
        ) from None
    return url


def deployment_parameters(
    paths: Sequence[Path | str],
    warehouse: Path,
    workers: int,
    model: str,
    batch_docs: int,
    wait: float,
    dask_address: str | None = None,
    fields: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The flow's parameters for every scheduled run, with absolute paths (URLs as given)."""
    from flows.inputs import absolute_input

    return {
        "paths": [absolute_input(p) for p in paths],
        "warehouse": str(Path(warehouse).resolve()),
        "workers": workers,
        "model": model,
        "batch_docs": batch_docs,
        "wait": wait,
        "dask_address": dask_address,
        "fields": fields,
    }


def serve_build_warehouse(
    paths: Sequence[Path | str],
    warehouse: Path,
    cron: str | None = None,
    interval: float | None = None,
    workers: int = 1,
    model: str | None = None,
    batch_docs: int = 200,
    wait: float = 0.0,
    name: str = DEPLOYMENT_NAME,
    dask_address: str | None = None,
    fields: dict[str, str] | None = None,
) -> None:
    """Create (or update) the deployment and run its scheduled flow runs until interrupted."""
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one schedule: a cron expression or an interval in seconds")
    check_server(configured_api_url())

    from prefect.deployments.runner import EntrypointType

    from flows.build_warehouse import build_warehouse
    from flows.settings import model_name

    parameters = deployment_parameters(
        paths, warehouse, workers, model or model_name(), batch_docs, wait, dask_address, fields
    )
    build_warehouse.serve(
        name=name,
        cron=cron,
        interval=dt.timedelta(seconds=interval) if interval is not None else None,
        parameters=parameters,
        description=f"Keep {parameters['warehouse']} up to date with {', '.join(parameters['paths'])}",
        tags=["presstables"],
        # One run at a time: a run holds the warehouse lock anyway, a second would only wait.
        limit=1,
        # Runs execute `flows.build_warehouse` from the installed package, from any directory.
        entrypoint_type=EntrypointType.MODULE_PATH,
        pause_on_shutdown=True,
    )
