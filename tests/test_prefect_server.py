"""Which Prefect server `presstables run` uses, and how a run ends on it.

The server Prefect resolves (the environment, settings files, then the active profile, set here
with `prefect config set` for real); a temporary one only when none is configured; one line when
the configured one does not answer, and one line when a run fails, with nothing after it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows import startup

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "Karen Donfried, assistant secretary of State for European and Eurasian Affairs, told reporters on "
    "Tuesday that the US will “decide on a date” together with Russia to begin discussions."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(prefect_home: Path) -> dict[str, str]:
    """This environment without Prefect settings, Prefect's home in the test's folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(prefect_home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        }
    )
    return env


def prefect_config_set(env: dict[str, str], setting: str) -> None:
    prefect = Path(sys.executable).with_name("prefect")
    subprocess.run([str(prefect), "config", "set", setting], env=env, check=True, capture_output=True, timeout=120)


def presstables(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text(PARAGRAPH, encoding="utf-8")
    return folder


# --- which server ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "may"),
    [
        ({}, False),
        ({"pyproject.toml": '[project]\nname = "x"\ndependencies = ["prefect==3.9.1"]\n'}, False),
        ({"pyproject.toml": '[tool.prefect.api]\nurl = "http://127.0.0.1:4200/api"\n'}, True),
        ({"prefect.toml": '[api]\nurl = "http://127.0.0.1:4200/api"\n'}, True),
        ({".env": "DATABASE_URL=sqlite://\n"}, False),
        ({".env": "PREFECT_API_URL=http://127.0.0.1:4200/api\n"}, True),
        ({"home/profiles.toml": '[profiles.local]\nPREFECT_SERVER_EPHEMERAL_ENABLED = "true"\n'}, False),
        ({"home/profiles.toml": '[profiles.local]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n'}, True),
    ],
)
def test_prefect_is_asked_only_when_a_settings_file_may_name_a_server(
    files: dict[str, str], may: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    assert startup.settings_files_may_name_api_url() is may


def test_the_environment_names_the_server_without_importing_prefect(tmp_path: Path) -> None:
    env = {**clean_env(tmp_path / "home"), "PREFECT_API_URL": "http://127.0.0.1:4200/api/"}
    code = "import sys; from flows import startup; print(startup.configured_api_url(), 'prefect' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["http://127.0.0.1:4200/api", "False"]


@pytest.mark.usefixtures("prefect_harness")
def test_run_uses_the_server_of_the_active_profile(articles: Path, tmp_path: Path) -> None:
    """`prefect config set PREFECT_API_URL=...` is where the run goes: its flow run and its
    artifacts are in that server (a temporary server would have taken them with it)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.settings import PREFECT_API_URL

    env = clean_env(tmp_path / "home")
    prefect_config_set(env, f"PREFECT_API_URL={PREFECT_API_URL.value()}")
    warehouse = tmp_path / "wh-profile-run"
    done = presstables(["run", str(articles), "--warehouse", str(warehouse), "--json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["parsed"] == 1

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["presstables-wh-profile-run-summary"]))
        )
        assert len(artifacts) == 1 and artifacts[0].flow_run_id is not None
        flow_run = client.read_flow_run(artifacts[0].flow_run_id)
    assert flow_run.state is not None and flow_run.state.is_completed()
    assert flow_run.parameters["warehouse"] == str(warehouse)
    assert json.loads(str(artifacts[0].data))[0]["parsed"] == 1


def test_a_configured_server_that_does_not_answer_is_one_line(articles: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path / "home")
    url = f"http://127.0.0.1:{free_port()}/api"
    prefect_config_set(env, f"PREFECT_API_URL={url}")
    started = time.monotonic()
    done = presstables(["run", str(articles), "--warehouse", str(tmp_path / "wh")], env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"presstables: ServerUnreachable: no Prefect server answers at {url} ")
    assert "prefect config unset PREFECT_API_URL" in done.stderr
    assert time.monotonic() - started < 30  # no temporary server started instead
    assert not (tmp_path / "wh" / "catalog.json").exists()

    env["PREFECT_API_URL"] = f"http://127.0.0.1:{free_port()}/api"  # the environment wins over the profile
    done = presstables(["run", str(articles), "--warehouse", str(tmp_path / "wh")], env, tmp_path)
    assert done.returncode == 1
    assert f"no Prefect server answers at PREFECT_API_URL={env['PREFECT_API_URL']} " in done.stderr
    assert "unset PREFECT_API_URL" in done.stderr


# --- how a failing run ends -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PREFECT_HOME for the temporary servers of this module: its database is made once."""
    return tmp_path_factory.mktemp("prefect-home")


@pytest.mark.parametrize("verbose", [False, True])
def test_a_failing_run_ends_with_its_one_line_error(
    verbose: bool, articles: Path, tmp_path: Path, prefect_home: Path
) -> None:
    """The flow fails (its Dask scheduler is not there) on a temporary server: the error is the
    last line, with no "Error logging to API" after it (the logs were sent before the server
    stopped), and the process does not linger retrying them."""
    env = {**clean_env(prefect_home), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    args = [
        "run",
        str(articles),
        "--warehouse",
        str(tmp_path / "wh"),
        "--dask-address",
        f"tcp://127.0.0.1:{free_port()}",
    ]
    started = time.monotonic()
    done = presstables([*args, "--verbose"] if verbose else args, env, tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert "Error logging to API" not in done.stderr and "All connection attempts failed" not in done.stderr
    if verbose:  # Prefect's logs and the traceback, the error last
        assert "Flow run" in done.stderr and "Traceback" in done.stderr
        assert done.stderr.rstrip().splitlines()[-1].startswith("OSError: Timed out trying to connect to tcp://")
    else:
        assert done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith("presstables: OSError: Timed out trying to connect to tcp://127.0.0.1:")
    assert elapsed < 50, f"{elapsed:.0f} s"  # retrying the logs against a stopped server took a minute more
