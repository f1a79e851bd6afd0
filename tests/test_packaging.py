"""The built wheel runs anywhere: installed in a fresh virtualenv, used from a folder outside the checkout.

The wheel goes in with `--no-deps`; its dependencies come from this interpreter's site-packages
through a plain path line in a `.pth` file (not processed as a site dir, so the checkout's editable
install stays off), which keeps the test offline and fast.
"""

import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import httpx
import pytest

from tests.fixtures.snapshots import SHOP_A

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SNAPSHOT = SHOP_A


class Installed:
    """A virtualenv holding the wheel, and a working folder outside the checkout to run it from."""

    def __init__(self, venv: Path, cwd: Path):
        self.venv, self.cwd = venv, cwd
        self.env = {k: v for k, v in os.environ.items()
                    if k != "PYTHONPATH" and not k.startswith(("GROWTHDOC_", "OPENAI_"))}

    def python(self, code: str) -> str:
        return self._run([str(self.venv / "bin" / "python"), "-c", code])

    def growthdoc(self, *args: str) -> str:
        return self._run([str(self.venv / "bin" / "growthdoc"), "--lang", "en", *args])

    def _run(self, cmd: list[str]) -> str:
        done = subprocess.run(cmd, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("packaging")
    # the build backend (hatchling, a dev dependency) is already installed: nothing is fetched
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(work / "dist"), str(ROOT)], check=True, timeout=240)
    wheel = next((work / "dist").glob("growthdoc-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=240)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_growthdoc_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    outside = work / "elsewhere"
    outside.mkdir()
    return Installed(venv, outside)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    out = installed.python("import assistant; from assistant.core.config import resource_dir; "
                           "print(assistant.__file__); print(resource_dir('prompts')); print(resource_dir('knowledge'))")
    module, prompts, knowledge = (Path(line) for line in out.splitlines())
    for path in (module, prompts, knowledge):
        assert path.is_relative_to(installed.venv) and not path.is_relative_to(ROOT)
    assert (prompts / "en" / "kpi.j2").is_file() and (knowledge / "benchmarks.yaml").is_file()
    # the English notes ship beside the Vietnamese ones, one for one
    assert sorted(p.name for p in (knowledge / "en").glob("*.md")) == sorted(p.name for p in knowledge.glob("*.md"))


def test_kpi_reads_an_export(installed):
    sample = installed.cwd / "funnel_template.csv"
    sample.write_bytes((SAMPLES / "funnel_template.csv").read_bytes())
    out = installed.growthdoc("kpi", sample.name)
    assert "Cost per lead (CPL)" in out and "372,960" in out  # 160,000,000 / 429
    assert "Funnel: Reach 539,930 → Visits 11,051 (2.0%) → Leads 429 (3.9%)" in out


def test_ingest_then_search_finds_the_sla(installed):
    stats = json.loads(installed.growthdoc("ingest", "--json"))
    assert stats["added"] > 0
    hits = json.loads(installed.growthdoc("search", "marketing sales SLA lead response time", "--json"))
    assert hits and any("SLA" in hit["heading"] for hit in hits[:3])
    assert {hit["lang"] for hit in hits} == {"en"}  # `--lang en`: the English notes, from the wheel


def test_diagnose_a_snapshot_file(installed):
    (installed.cwd / "snapshot.json").write_text(json.dumps(SNAPSHOT), encoding="utf-8")
    diagnosis = json.loads(installed.growthdoc("diagnose", "--input", "snapshot.json", "--json"))
    assert diagnosis["pillar_priority"][0] == "measurement"
    assert diagnosis["reasons"][0].startswith("Fix Measurement first")
    cited = [c for a in diagnosis["actions"] for c in a["citations"]]
    assert cited and all(c["lang"] == "en" and c["source"].startswith("knowledge/en/") for c in cited)


def test_serve_answers_healthz_the_widget_and_a_chat_turn(installed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = installed.cwd / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen([str(installed.venv / "bin" / "growthdoc"), "serve", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=installed.cwd, env=installed.env, stdout=sink, stderr=sink)
    try:
        status, deadline = None, time.monotonic() + 180  # start-up loads the embedding model
        while status is None and server.poll() is None and time.monotonic() < deadline:
            try:
                status = httpx.get(f"{base}/healthz", timeout=5).status_code
            except httpx.TransportError:
                time.sleep(0.5)
        assert status == 200, log.read_text(encoding="utf-8", errors="replace")
        assert httpx.get(f"{base}/widget.js", timeout=30).status_code == 200  # channels/static from the wheel
        session = httpx.post(f"{base}/api/sessions", timeout=30).json()["session_id"]
        answer = httpx.post(f"{base}/api/sessions/{session}/messages", headers={"Accept-Language": "en"}, timeout=60,
                            json={"text": "we spent 30m on ads last month, 1,500 messages and 12 orders"})
        assert answer.status_code == 200
        reply = answer.json()["reply"]  # two counts: the verdict at once, the figures in use first
        assert "1,500" in reply and ("12 customers" in reply or "customers: **12**" in reply)
    finally:
        server.terminate()
        server.wait(timeout=30)
