"""Chroma as a server: `chroma run` from the installed package, then ingest and search over HTTP."""

import os
import shutil
import socket
import subprocess
import sys
import threading
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


def _knowledge_collections(port: int) -> set[str]:
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    return {c.name for c in client.list_collections()} - {"growthdoc_knowledge__current"}


def _rebuild_in_another_process(settings) -> subprocess.CompletedProcess:
    """`growthdoc ingest --rebuild`, as an operator runs it beside the app instances."""
    env = {**os.environ, "GROWTHDOC_CHROMA_HOST": "127.0.0.1", "GROWTHDOC_CHROMA_PORT": str(settings.chroma_port),
           "GROWTHDOC_KNOWLEDGE_DIR": str(settings.knowledge_dir), "GROWTHDOC_DATA_DIR": str(settings.data_dir),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "ANONYMIZED_TELEMETRY": "False"}
    return subprocess.run([sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())",
                           "ingest", "--rebuild", "--quiet"], check=False, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("recheck_s", [3600.0, 0.0], ids=["after-the-old-one-is-gone", "at-each-recheck"])
def test_a_rebuild_elsewhere_never_leaves_a_running_instance_without_an_index(chroma_server, tiny_settings,
                                                                             recheck_s):
    settings = tiny_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server,
                                                "chroma_recheck_s": recheck_s})
    ingest(settings, progress=False)
    searcher = KnowledgeSearch(settings)  # the running instance
    first = searcher.collection.name
    answers, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(searcher.search("sales phản hồi lead trong bao lâu", k=1)[0].heading)
                assert searcher.count() == 5  # what /readyz asks: ready throughout
            except Exception as error:  # what a user would see as "the index is unavailable"
                errors.append(repr(error))

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        for _ in range(2):
            done = _rebuild_in_another_process(settings)
            assert done.returncode == 0, done.stderr
    finally:
        time.sleep(0.5)
        stop.set()
        thread.join(timeout=60)
    assert errors == []
    assert len(answers) > 10 and set(answers) == {"Kịch bản bán hàng › Phản hồi lead"}
    # the instance searches the rebuilt collection, and only that one is left on the server
    assert searcher.search("dashboard chung", k=1)[0].doc_id == "gamma"
    assert _knowledge_collections(chroma_server) == {searcher.collection.name} != {first}


@pytest.mark.slow
def test_an_in_place_ingest_reaches_running_instances_at_their_next_recheck(chroma_server, tiny_settings):
    settings = tiny_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server,
                                                "chroma_recheck_s": 0.0})
    ingest(settings, progress=False)
    searcher = KnowledgeSearch(settings)
    gamma = settings.knowledge_dir / "gamma.md"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("họp review hằng tháng", "họp review hằng tuần"),
                     encoding="utf-8")
    assert ingest(settings, progress=False).updated == 1
    assert "hằng tuần" in searcher.search("dashboard chung họp review", k=1)[0].text


def test_a_store_made_before_the_pointer_keeps_answering_and_is_replaced_by_a_rebuild(tiny_settings):
    """An embedded store whose index sits under the plain collection name (made by an earlier version)."""
    from assistant.retrieval.store import get_store

    ingest(tiny_settings, progress=False)
    client = get_store(tiny_settings)
    client.delete_collection("growthdoc_knowledge__current")  # as an earlier version left it
    assert KnowledgeSearch(tiny_settings).collection.name == "growthdoc_knowledge"
    ingest(tiny_settings, rebuild=True, progress=False)
    names = {c.name for c in client.list_collections()}
    assert "growthdoc_knowledge" not in names and len(names) == 2  # the rebuilt one and the pointer
    assert KnowledgeSearch(tiny_settings).search("dashboard chung", k=1)[0].doc_id == "gamma"


def test_a_rebuild_drops_what_a_dead_rebuild_left_a_day_ago_and_never_one_under_way(tiny_settings):
    from assistant.retrieval.store import get_store

    ingest(tiny_settings, progress=False)
    client = get_store(tiny_settings)
    dead = client.create_collection("growthdoc_knowledge_v20200101000000_dead01")  # a rebuild killed long ago
    under_way = client.create_collection(  # another rebuild filling its collection right now
        "growthdoc_knowledge_v" + time.strftime("%Y%m%d%H%M%S", time.gmtime()) + "_busy01")
    ingest(tiny_settings, rebuild=True, progress=False)
    names = {c.name for c in client.list_collections()}
    assert dead.name not in names and under_way.name in names
