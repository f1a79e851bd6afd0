"""A real GrowthDoc server for the tests that need one: uvicorn in its own process on 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

START_TIMEOUT_S = 180


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict:
    """This process's environment without a developer's model key or GrowthDoc settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GROWTHDOC_"))}
    return env | {"GROWTHDOC_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1", **extra}


@contextmanager
def uvicorn_server(root: Path, env: dict) -> Iterator[tuple[str, subprocess.Popen]]:
    """`assistant.server:create_app` on a free port, run from `root` (its log in root/server.log); (url, process)."""
    port, log = free_port(), (root / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "assistant.server:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, root / "server.log")
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited at start-up:\n" + log.read_text()
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError("the server did not start:\n" + log.read_text())
