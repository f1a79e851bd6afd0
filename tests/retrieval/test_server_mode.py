"""Chroma as a server: `chroma run` from the installed package, then ingest and search over HTTP."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import KnowledgeSearch


def _chroma_binary() -> str | None:
    local = Path(sys.executable).parent / "chroma"
    return str(local) if local.exists() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    binary = _chroma_binary()
    if not binary:
        pytest.skip("the `chroma` command is not installed with chromadb, so no local Chroma server")
    port = _free_port()
    process = subprocess.Popen([binary, "run", "--path", str(tmp_path / "server"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("chroma run did not answer its heartbeat within 60 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_ingest_and_search_through_a_chroma_server(chroma_server, tiny_settings):
    settings = tiny_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server})
    first = ingest(settings, progress=False)
    assert (first.added, first.chunks_total) == (3, 5)
    assert ingest(settings, progress=False).unchanged == 3
    hits = KnowledgeSearch(settings).search("sales phản hồi lead trong bao lâu", k=1)
    assert hits[0].source == "knowledge/beta.md" and hits[0].heading == "Kịch bản bán hàng › Phản hồi lead"
    assert not (tiny_settings.data_dir / "chroma").exists()
