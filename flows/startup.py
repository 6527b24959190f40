"""Start-up tricks of `presstables run`, in one place; the flow knows nothing of them.

- **An early temporary Prefect server.** Without a configured API URL, Prefect starts a temporary
  server on the first flow call: it imports its whole server package into the calling process and
  only then starts the server process, while the run waits. `presstables run` instead starts the
  same server process (uvicorn with Prefect's app, on a free loopback port, on the same database in
  PREFECT_HOME, without the automation services a one-run server has no use for) before it
  imports anything heavy, and waits for it just before the flow starts, so the server's start-up
  overlaps the run's own. Runs started at the same moment share that database; a server that exits
  while starting is started again, up to `START_ATTEMPTS` times. Before the server stops, the
  logs and events the run queued for it are sent, so nothing is left to fail against a stopped
  server when the process exits.
- **The configured server, resolved without importing Prefect when nothing configures one.** The
  API URL is the one Prefect resolves (the environment, a `.env` or `prefect.toml` file, the
  `[tool.prefect]` table of `pyproject.toml`, then the active profile). Importing Prefect to ask
  takes 0.65 s, which would delay the temporary server's start by as much (it is on the critical
  path: 2.9 s to answer against 1.6 s for the model and the imports), so the environment is read
  directly, and Prefect is asked only when one of those files may name a server. A configured
  server that does not answer stops the run with one line, instead of a temporary server that
  would hide the run from the server the user watches.
- **On a large warehouse, the server starts before the listing.** Whether anything changed is
  decided by listing every input (about 3 s for a million files); from 50,000 inputs on, the
  server starts first and comes up meanwhile.
- **Workers forked with the model loaded.** With `--workers N`, the model and the language
  identifier are loaded once and the N parsing processes forked from this process before Prefect
  is imported (a fork is safe while the process has one thread), instead of each spawned worker
  importing spaCy and loading the model.

Measured side by side by `benchmarks/startup.py` (cold runs on 100 BBC articles, medians of 3, a
2-core machine), against the same flow called plainly from Python: 9.7 s against 12.2 s with one
worker (2.5 s saved), 7.6 s against 11.2 s with two (3.7 s saved). On a generated warehouse of a
million articles, starting the server before the listing took a one-changed run from 12.5–14.0 s
to 11.6–13.8 s (benchmarks/scale.py's machine is noisy; the listing it hides takes about 3 s).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

START_ATTEMPTS = 3
EARLY_API_INPUTS = 50_000
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception)\b")


class ServerStartError(RuntimeError):
    pass


class ServerUnreachable(RuntimeError):
    """No Prefect server answers where one is configured; the message says what to do, in one line."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prefect_dir() -> Path:
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerStartError("prefect is not installed")
    return Path(list(spec.submodule_search_locations)[0]).parent


class TemporaryServer:
    def __init__(self) -> None:
        # The API URL is fixed before Prefect is imported, so a server started again keeps the port.
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.errors = tempfile.TemporaryFile()
        self.attempts = 1
        self.process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            # What Prefect sets for its own temporary server: no UI, ephemeral services.
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            # Without automations: a server that lives for one run has none to trigger. Their two
            # services took 0.5 s of the server's 4 s start (the task-run and event recorders,
            # which the UI's history needs, still run).
            "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
        }
        env.pop("PREFECT_API_URL", None)
        self.errors.seek(0)
        self.errors.truncate()
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(_prefect_dir()),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            start_new_session=True,
        )

    def wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if self.attempts < START_ATTEMPTS:
                    self.attempts += 1
                    time.sleep(0.5)
                    self.process = self._start()
                    continue
                raise ServerStartError(
                    f"the temporary Prefect server exited with code {self.process.returncode}: {self.last_error()}"
                )
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerStartError(f"the temporary Prefect server did not answer within {timeout:.0f} s")

    def last_error(self) -> str:
        """The last exception the server printed, else its last line."""
        self.errors.seek(0)
        lines = [line.strip() for line in self.errors.read().decode(errors="replace").splitlines() if line.strip()]
        exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
        return (exceptions or lines or ["no message"])[-1]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.errors.close()


# --- which Prefect server -------------------------------------------------------------------------


def configured_api_url() -> str | None:
    """The API URL Prefect resolves (the environment, settings files, then the active profile), or
    None. Prefect is asked, and imported, only when it is loaded already or a settings file may
    name one."""
    if url := os.environ.get("PREFECT_API_URL"):
        return url.rstrip("/")
    if "prefect" not in sys.modules and not settings_files_may_name_api_url():
        return None
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url).rstrip("/") if url else None


def settings_files_may_name_api_url() -> bool:
    """Whether a file Prefect reads its settings from could set the API URL. It errs towards yes:
    then Prefect itself decides, and a wrong yes only costs importing it."""
    dotenv = Path(".env")
    if dotenv.is_file() and "prefect_" in _read(dotenv).lower():
        return True
    if Path("prefect.toml").is_file():
        return True
    pyproject = Path("pyproject.toml")
    if pyproject.is_file():
        import tomllib

        try:
            if "prefect" in tomllib.loads(_read(pyproject)).get("tool", {}):
                return True
        except tomllib.TOMLDecodeError:
            return True
    profiles = _profiles_path()
    return profiles.is_file() and "prefect_api_url" in _read(profiles).lower()


def _profiles_path() -> Path:
    """Where Prefect keeps its profiles (when no settings file moves them)."""
    if path := os.environ.get("PREFECT_PROFILES_PATH"):
        return Path(path)
    if home := os.environ.get("PREFECT_HOME"):
        return Path(home) / "profiles.toml"
    return Path.home() / ".prefect" / "profiles.toml"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def require_answer(url: str, timeout: float = 5.0) -> None:
    """`ServerUnreachable` unless a server answers at `url` (any HTTP answer counts: a server that
    wants a key is there, and Prefect's own client says what it wants)."""
    if url in _answered:
        return
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout):
            pass
    except urllib.error.HTTPError:
        pass
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if not isinstance(reason, ssl.SSLError):  # a TLS handshake is an answer too
            raise ServerUnreachable(_unreachable(url, type(reason).__name__)) from None
    _answered.add(url)


def _unreachable(url: str, reason: str) -> str:
    if os.environ.get("PREFECT_API_URL", "").rstrip("/") == url:
        return (
            f"no Prefect server answers at PREFECT_API_URL={url} ({reason}): start it "
            "(`prefect server start`), or unset PREFECT_API_URL to let `presstables run` start a temporary one"
        )
    return (
        f"no Prefect server answers at {url} ({reason}), the PREFECT_API_URL of Prefect's settings "
        "(`prefect config view --show-sources` says where it is set): start it, or "
        "`prefect config unset PREFECT_API_URL` to let `presstables run` start a temporary one"
    )


@contextlib.contextmanager
def prefect_api() -> Iterator[TemporaryServer | None]:
    """Make sure a Prefect API is there for the run: the configured one, which must answer, or a
    temporary one when none is configured (started here, or by an enclosing `prefect_api`, which
    then owns it)."""
    global _running
    if _running is not None and os.environ.get("PREFECT_API_URL") == _running.api_url:
        yield _running
        return
    url = configured_api_url()
    if url:
        require_answer(url)
        yield None
        return
    server = _running = TemporaryServer()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        send_queued_to_api()
        server.stop()
        _running = None
        os.environ.pop("PREFECT_API_URL", None)


def send_queued_to_api(timeout: float = 10.0) -> None:
    """Send the logs and events Prefect queued for its API now. Prefect sends them last at exit;
    after the temporary server stopped, that fails with "--- Error logging to API ---" once its
    client has retried for about a minute."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)


_running: TemporaryServer | None = None
_answered: set[str] = set()


def early_api(n_inputs: int) -> contextlib.AbstractContextManager[TemporaryServer | None]:
    """On a warehouse of many inputs, the temporary server starts before the run lists its inputs
    to see whether anything changed, so that listing (seconds for a million files) and the
    server's start overlap; on a small one, listing is quicker than starting a server, which a run
    with nothing to do would not need."""
    return prefect_api() if n_inputs >= EARLY_API_INPUTS else contextlib.nullcontext()


# --- workers forked with the model loaded ---------------------------------------------------------

_prestarted: dict[tuple[str, int], ProcessPoolExecutor] = {}


def prestart_pool(model: str, workers: int) -> ProcessPoolExecutor:
    """Start `workers` processes now. In a process with one thread they are forked with the model
    and the language identifier loaded here, which this process then drops; otherwise they are
    spawned and load the model in the background."""
    from flows.parallel import new_pool, ready

    forked = threading.active_count() == 1
    if forked:
        from flows.nlp.language import load_identifier, release_identifier
        from flows.nlp.model import load_pipeline

        load_pipeline(model)
        load_identifier()
        pool = new_pool(model, workers, "fork")
    else:
        pool = new_pool(model, workers)
    for _ in range(workers):
        pool.submit(ready)  # a fork pool starts all its workers at the first submit, before its threads
    if forked:
        load_pipeline.cache_clear()
        release_identifier()
    _prestarted[(model, workers)] = pool
    return pool


def take_prestarted(model: str, workers: int) -> ProcessPoolExecutor | None:
    """The pool started for this model and number of workers, if any: its owner shuts it down."""
    return _prestarted.get((model, workers))


def stop_prestarted() -> None:
    while _prestarted:
        _, pool = _prestarted.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def fast_start(model: str, workers: int, dask_address: str | None) -> Iterator[None]:
    """What `presstables run` does before its flow: the temporary server starts, the model loads
    (here, or in forked workers) meanwhile, and the block runs once the server answers."""
    with prefect_api() as server:
        if server is not None and not dask_address:
            if workers > 1:
                prestart_pool(model, workers)
            else:
                from flows.nlp.model import load_pipeline

                load_pipeline(model)
        try:
            if server is not None:
                import flows.build_warehouse  # noqa: F401  (imports overlap the server's start)

                server.wait(float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))
            yield
        finally:
            stop_prestarted()
