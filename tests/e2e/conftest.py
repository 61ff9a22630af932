"""Fixtures for the end-to-end tests: real `clockko serve` processes on free ports.

- `server`: a fresh development server per test (own DATA_DIR, own in-memory rate limits). Extra
  environment per test: `@pytest.mark.server_env(NAME="value", OTHER=None)` (None removes a variable).
- `start_server(env_overrides=None, expect_exit=False, timeout=..., data_dir=None)`: starts more
  servers. With expect_exit=True it waits for the process to stop by itself and returns
  ExitResult(returncode, output) (returncode None if it was still running and had to be killed).
- Every server is stopped with SIGTERM by pid (SIGKILL after 10 s); the test fails if it had to be
  killed. The server's stdout/stderr go to a log file in the test's temp dir, which is attached to the
  report of a failing test.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable

import pytest

import clockko_e2e as e2e

_SERVERS_ATTR = "_clockko_servers"
_ADDRESS_IN_USE_HINTS = ("address already in use", "eaddrinuse", "address in use")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "server_env(**vars): extra environment for the `server` fixture")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for number, server in enumerate(getattr(item, _SERVERS_ATTR, []), start=1):
            report.sections.append(
                (f"clockko server {number} log ({server.log_path})", server.log_text()[-20000:]))


@pytest.fixture(scope="session")
def clockko_binary() -> Path:
    path = e2e.clockko_bin()
    if not path.is_file():
        pytest.fail(f"server binary {path} not found: run `make build` or set CLOCKKO_BIN",
                    pytrace=False)
    return path


@pytest.fixture
def start_server(request: pytest.FixtureRequest, tmp_path: Path,
                 clockko_binary: Path) -> Callable[..., object]:
    started: list[e2e.ServerProcess] = []
    setattr(request.node, _SERVERS_ATTR, started)
    counter = itertools.count(1)

    def start(env_overrides: dict[str, str | None] | None = None, expect_exit: bool = False,
              timeout: float | None = None, data_dir: Path | None = None):
        number = next(counter)
        workdir = tmp_path / f"server{number}"
        workdir.mkdir()
        if data_dir is None:
            data_dir = workdir / "data"
            data_dir.mkdir()
        for attempt in range(3):
            overrides = {"PORT": str(e2e.free_port()), "DATA_DIR": str(data_dir)}
            overrides.update(env_overrides or {})
            env = e2e.make_env(overrides)
            log_path = workdir / f"server-attempt{attempt}.log"
            server = e2e.ServerProcess(clockko_binary, env, workdir, data_dir, log_path)
            started.append(server)
            server.spawn()
            if expect_exit:
                return server.wait_exit(timeout if timeout is not None else 10.0)
            try:
                server.wait_ready(timeout if timeout is not None else e2e.READY_TIMEOUT_S)
                server.was_ready = True
                return server
            except RuntimeError:
                log = server.log_text().lower()
                port_race = server.process.poll() is not None and any(
                    hint in log for hint in _ADDRESS_IN_USE_HINTS)
                if not port_race or "PORT" in (env_overrides or {}):
                    raise
        raise RuntimeError("could not find a free port in 3 attempts")

    yield start

    not_stopped = []
    for server in started:
        if server.was_ready and not server.stop_requested and server.process.poll() is not None:
            not_stopped.append(f"pid {server.pid} died during the test with status "
                               f"{server.process.returncode}")
            continue
        code = server.stop()
        if server.stopped_cleanly is False:
            not_stopped.append(f"pid {server.pid} ignored SIGTERM for {e2e.STOP_TIMEOUT_S} s")
        elif server.stopped_cleanly and code not in (0, -15):
            not_stopped.append(f"pid {server.pid} exited with {code} on SIGTERM")
    assert not not_stopped, "; ".join(not_stopped)


@pytest.fixture
def server(request: pytest.FixtureRequest, start_server) -> e2e.ServerProcess:
    marker = request.node.get_closest_marker("server_env")
    overrides = dict(marker.kwargs) if marker else {}
    return start_server(overrides)


@pytest.fixture
def smtp_server():
    """A started smtp_fixture.SmtpServer (STARTTLS required, AUTH for mailer/s3cret, self-signed
    certificate in `.ca_file`); `smtp_server.clockko_env()` gives the SMTP_* variables that point a
    clockko server at it. Stopped and its temp dir removed after the test."""
    from smtp_fixture import SmtpServer  # needs python3-aiosmtpd; only tests that use it import it

    server = SmtpServer().start()
    yield server
    server.close()
