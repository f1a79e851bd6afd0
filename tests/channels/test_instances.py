"""Several real app instances (uvicorn processes, tests/servers.py) on one database: what a deployment relies on.

The Messenger Send API is a local fake over HTTP (tests/channels/fakes.py); the turns are the real
offline engine's. PostgreSQL is a real server (tests/services.py); SQLite runs the single-host cases.
"""

import hashlib
import hmac
import json
import os
import signal
import time
from collections import Counter
from contextlib import ExitStack

import httpx
import pytest

from tests.channels.fakes import FakeGraph, LocalServer
from tests.servers import server_env, uvicorn_server

pytestmark = pytest.mark.slow
SECRET = "instances-app-secret"


@pytest.fixture
def graph():
    fake = FakeGraph()
    with LocalServer(fake.app) as server:
        fake.url = server.url
        yield fake


def messenger_env(root, graph, database_url: str, **extra: str) -> dict:
    return server_env(root / "data", GROWTHDOC_DATABASE_URL=database_url,
                      GROWTHDOC_MESSENGER_APP_SECRET=SECRET, GROWTHDOC_MESSENGER_VERIFY_TOKEN="verify",
                      GROWTHDOC_MESSENGER_PAGE_TOKEN="page-token", GROWTHDOC_MESSENGER_API_BASE=graph.url,
                      GROWTHDOC_WEBHOOK_POLL_S="0.2", **extra)


def deliver(url: str, sender: str, text: str, mid: str, client: httpx.Client | None = None) -> httpx.Response:
    """One signed Messenger delivery (through `client`'s pooled connections when given, as a platform keeps them)."""
    event = {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
             "message": {"mid": mid, "text": text}}
    raw = json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": 0, "messaging": [event]}]}).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return (client or httpx).post(url + "/channels/messenger/webhook", content=raw, timeout=30,
                      headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})


def wait_for(condition, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def answered(graph: FakeGraph) -> Counter:
    """How many replies each user got (the offline engine answers each message with one message here)."""
    with graph.lock:
        return Counter(s["recipient"]["id"] for s in graph.sent)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_acknowledged_messages_survive_kill_9_and_are_answered_once_after_restart(kind, tmp_path, graph, request):
    database_url = request.getfixturevalue("postgres_server").new_database() if kind == "postgresql" else \
        f"sqlite:///{tmp_path / 'data' / 'growthdoc.db'}"
    root = tmp_path
    users = [f"psid-{i}" for i in range(12)]
    # first run: acknowledges, but has no worker to answer (as if it died before any turn ran)
    with uvicorn_server(root, messenger_env(root, graph, database_url, GROWTHDOC_WEBHOOK_WORKERS="0")) as (url, process):
        for i, user in enumerate(users):
            assert deliver(url, user, "chào shop, tháng rồi 30 triệu ads", f"mid.{i}").status_code == 200
            assert deliver(url, user, "chào shop, tháng rồi 30 triệu ads", f"mid.{i}").status_code == 200  # redelivered
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    assert not graph.sent
    with uvicorn_server(root, messenger_env(root, graph, database_url)) as (url, _):
        assert wait_for(lambda: len(answered(graph)) == len(users)), answered(graph)
        time.sleep(1.0)  # anything answered twice would show by now
    assert answered(graph) == Counter({user: 1 for user in users})


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_instance_killed_while_the_platform_takes_its_reply_is_not_answered_twice(kind, tmp_path, graph, request):
    """The platform has the reply, the sender dies before its answer: the event is taken again after the
    lease, and its turn is neither run nor sent a second time; the user's next message is answered."""
    from assistant.conversation.inbox import Inbox

    database_url = request.getfixturevalue("postgres_server").new_database() if kind == "postgresql" else \
        f"sqlite:///{tmp_path / 'data' / 'growthdoc.db'}"
    env = messenger_env(tmp_path, graph, database_url, GROWTHDOC_WEBHOOK_LEASE_S="2")
    with uvicorn_server(tmp_path, env) as (url, process):
        graph.on_send = lambda body: os.kill(process.pid, signal.SIGKILL)
        assert deliver(url, "psid-k", "chào shop", "mid.k1").status_code == 200
        assert wait_for(lambda: process.poll() is not None, 60)
    graph.on_send = None
    assert answered(graph) == Counter({"psid-k": 1})
    with uvicorn_server(tmp_path, env) as (url, _):
        inbox = Inbox(database_url, keep_s=3600)
        assert wait_for(lambda: inbox.backlog("messenger") == 0, 60)  # taken again once the lease ended
        assert deliver(url, "psid-k", "cảm ơn shop", "mid.k2").status_code == 200
        assert wait_for(lambda: answered(graph)["psid-k"] >= 2)
        time.sleep(2.5)  # past a lease: a second answer would show by now
    assert answered(graph) == Counter({"psid-k": 2})


@pytest.fixture
def two_instances(tmp_path, graph, postgres_server):
    """Two uvicorn processes, each with its own data folder (no shared disk), on one PostgreSQL database."""
    database_url = postgres_server.new_database()
    with ExitStack() as stack:
        urls = []
        for name in ("a", "b"):
            root = tmp_path / name
            root.mkdir()
            (root / "database_url").write_text(database_url)
            url, _ = stack.enter_context(uvicorn_server(root, messenger_env(root, graph, database_url)))
            urls.append(url)
        yield urls


def test_a_delivery_sent_to_both_instances_is_answered_once(two_instances, graph):
    from concurrent.futures import ThreadPoolExecutor

    users = [f"dup-{i}" for i in range(10)]
    jobs = [(url, user, f"mid.{user}") for user in users for url in two_instances]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda job: deliver(job[0], job[1], "chào shop", job[2]).status_code, jobs))
    assert codes == [200] * len(jobs)
    assert wait_for(lambda: len(answered(graph)) == len(users))
    time.sleep(1.5)  # a second answer would arrive by now
    assert answered(graph) == Counter({user: 1 for user in users})


def test_concurrent_turns_of_one_session_on_two_instances_keep_every_figure(two_instances):
    from concurrent.futures import ThreadPoolExecutor

    a, b = two_instances
    texts = ["tháng rồi chạy ads hết 30 triệu", "có 1.500 tin nhắn", "chốt được 12 đơn"]
    for trial in range(3):
        sid = httpx.post(a + "/api/sessions", timeout=30).json()["session_id"]
        with ThreadPoolExecutor(3) as pool:
            codes = list(pool.map(lambda pair: httpx.post(f"{pair[0]}/api/sessions/{sid}/messages",
                                                          json={"text": pair[1]}, timeout=60).status_code,
                                  zip([a, b, a], texts)))
        assert codes == [200, 200, 200]
        snapshot = httpx.get(f"{b}/api/sessions/{sid}", timeout=30).json()["snapshot"]
        assert snapshot["spend"] == 30_000_000 and snapshot["funnel"] == {"leads": 1500, "customers": 12}, trial


def test_uploads_on_two_instances_combine(two_instances, samples):
    a, b = two_instances
    sid = httpx.post(a + "/api/sessions", timeout=30).json()["session_id"]
    files = [samples / "meta_ads_vi.csv", samples / "ga4_traffic_acquisition.csv"]
    for url, path in zip((a, b), files):
        made = httpx.post(f"{url}/api/sessions/{sid}/uploads", files={"file": (path.name, path.read_bytes())},
                          timeout=60)
        assert made.status_code == 200, made.text
    session = httpx.get(f"{a}/api/sessions/{sid}", timeout=30).json()
    assert [u["filename"] for u in session["uploads"]] == [p.name for p in files]  # B saw A's file
    sources = json.dumps(session["snapshot"]["sources"], ensure_ascii=False)
    assert all(p.name in sources for p in files), sources  # the second upload kept the first file's figures


def test_a_first_contact_racing_on_both_instances_never_500s_and_makes_one_conversation(two_instances, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from assistant.conversation.tenants import TenantStore

    a, b = two_instances
    database_url = _database_of(tmp_path)
    _, admin_key = TenantStore(database_url).create_workspace("Shop")
    headers = {"Authorization": f"Bearer {admin_key}", "X-GrowthDoc-Session": "owner-1"}
    body = {"model": "growthdoc", "messages": [{"role": "user", "content": "chào shop"}]}
    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(lambda url: httpx.post(url + "/v1/chat/completions", json=body, headers=headers,
                                                     timeout=120).status_code, [a, b] * 6))
    assert codes == [200] * 12
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        sessions = conn.execute(text("SELECT count(*) FROM sessions WHERE channel = 'openai'")).scalar()
        turns = conn.execute(text("SELECT count(*) FROM messages WHERE role = 'user'")).scalar()
    engine.dispose()
    assert sessions == 1 and turns == 12  # one conversation, every turn kept in it


def _database_of(tmp_path) -> str:
    """The database URL the two instances were started with (from instance a's environment)."""
    return (tmp_path / "a" / "database_url").read_text()
