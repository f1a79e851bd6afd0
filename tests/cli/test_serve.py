"""`growthdoc serve --workers N`: several server processes behind one port."""

import subprocess
import sys
import time

import httpx
import psutil
import pytest

from tests.servers import free_port, server_env

CLI = [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())"]


@pytest.mark.slow
def _spawned_workers(pid: int, wait: float = 10.0) -> int:
    """The server's worker processes; a child that exits while it is listed (psutil's zombie race) is skipped and
    the count taken again, until two are seen or `wait` seconds pass."""
    deadline, found = time.monotonic() + wait, 0
    while time.monotonic() < deadline:
        found = 0
        for child in psutil.Process(pid).children():
            try:
                found += "spawn" in " ".join(child.cmdline())
            except psutil.Error:
                continue
        if found == 2:
            break
        time.sleep(0.2)
    return found


def test_two_workers_answer_on_one_port(tmp_path):
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
                              env=server_env(tmp_path / "data"), cwd=tmp_path, stdout=log, stderr=log)
    try:
        deadline, up = time.monotonic() + 180, False
        while time.monotonic() < deadline and not up:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                up = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.3)
        assert up, (tmp_path / "server.log").read_text()
        assert _spawned_workers(server.pid) == 2
        created = httpx.post(f"http://127.0.0.1:{port}/api/sessions", json={}, timeout=30)
        assert created.status_code in (200, 201)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


@pytest.mark.parametrize("given", ["0", "-1", "two"])
def test_a_worker_count_below_one_is_refused(given):
    done = subprocess.run([*CLI, "serve", "--workers", given], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--workers" in done.stderr and "at least 1" in done.stderr
