"""Real PostgreSQL, Redis and Chroma servers for the tests that need them, each on a free loopback port.

Each is started from its binary in a fresh temporary folder and stopped after the test session. A
missing binary skips the test with the reason on a developer's machine; in CI (env `CI` set) it fails
instead, because .ci/run installs every one of them.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port

def _pg_bin() -> Path:
    """The newest installed PostgreSQL's binaries (Debian puts them in /usr/lib/postgresql/<major>/bin)."""
    if os.environ.get("GROWTHDOC_TEST_PG_BIN"):
        return Path(os.environ["GROWTHDOC_TEST_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
START_TIMEOUT_S = 60


def missing(what: str) -> None:
    """Skip with the reason, or fail in CI where every service must be there."""
    message = f"{what} is not installed here (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Postgres:
    """A PostgreSQL cluster in a temp folder (run as the `postgres` user when we are root); a database per test."""

    def __init__(self):
        for tool in ("initdb", "pg_ctl", "postgres"):
            if not (PG_BIN / tool).exists():
                missing(f"PostgreSQL ({PG_BIN / tool})")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing("psycopg (the `postgres` extra)")
        self.root = Path(tempfile.mkdtemp(prefix="growthdoc-pg-"))
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                missing("a `postgres` system user (PostgreSQL refuses to run as root)")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        data = self.root / "data"
        self._run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "growthdoc", "--auth=trust", "-E", "UTF8",
                   "--no-sync"])
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.root / "log"),
                   "-w", "-t", str(START_TIMEOUT_S), "start"])
        self.data = data

    def _run(self, command: list[str]) -> None:
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=growthdoc dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://growthdoc@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class Redis:
    """redis-server without persistence on a free port."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server")
        self.port = free_port()
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}"
        _wait_port(self.port, self.process, "redis-server")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Chroma:
    """`chroma run` of the installed chromadb package, in a temp folder."""

    def __init__(self):
        binary = shutil.which("chroma") or str(Path(os.sys.executable).parent / "chroma")
        if not Path(binary).exists():
            missing("the chroma command (chromadb package)")
        self.root = Path(tempfile.mkdtemp(prefix="growthdoc-chroma-"))
        self.port = free_port()
        self.process = subprocess.Popen([binary, "run", "--path", str(self.root), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=os.environ | {"ANONYMIZED_TELEMETRY": "False"})
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "chroma run exited at start-up"
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        raise AssertionError("chroma run did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.root, ignore_errors=True)


def _wait_port(port: int, process: subprocess.Popen, name: str) -> None:
    import socket

    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{name} exited at start-up"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{name} did not start")
