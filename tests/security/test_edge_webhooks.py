"""Webhooks: unsigned bodies refused unread, the signature checked before any JSON is parsed, replays refused
(across a restart and by age), file downloads kept off private addresses."""

import asyncio
import hashlib
import hmac
import json
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.channels import fetch, jsonbody
from assistant.core.config import get_settings
from tests.channels.fakes import FakeGraph, FakeService, FakeZalo, LocalServer, wait_for

APP_ID, OA_SECRET, SECRET = "4318569102287163391", "oa-secret-key", "messenger-app-secret"


@pytest.fixture
def env(monkeypatch):
    graph, zalo = FakeGraph(), FakeZalo()
    with LocalServer(graph.app) as graph_server, LocalServer(zalo.app) as zalo_server:
        graph.url, zalo.url = graph_server.url, zalo_server.url
        settings = {"MESSENGER_APP_SECRET": SECRET, "MESSENGER_VERIFY_TOKEN": "verify-me",
                    "MESSENGER_PAGE_TOKEN": "page-token-123", "MESSENGER_API_BASE": graph.url,
                    "ZALO_APP_ID": APP_ID, "ZALO_OA_SECRET": OA_SECRET, "ZALO_ACCESS_TOKEN": "access-1",
                    "ZALO_API_BASE": zalo.url, "DOWNLOAD_ALLOWED_HOSTS": '["127.0.0.1"]'}
        for name, value in settings.items():
            monkeypatch.setenv(f"GROWTHDOC_{name}", value)
        get_settings.cache_clear()
        yield graph, zalo


def make_app(service=None):
    from assistant.channels.deps import get_service
    from assistant.server import create_app

    app, service = create_app(), service or FakeService()
    app.dependency_overrides[get_service] = lambda: service
    return app, service


def close(app) -> None:
    for name in ("messenger_bot", "zalo_bot"):
        bot = getattr(app.state, name, None)
        if bot is not None:
            bot.close()


def zalo_event(sender: str, text: str, msg_id: str, at_ms: int | None = None) -> bytes:
    return json.dumps({"app_id": APP_ID, "event_name": "user_send_text", "timestamp": str(at_ms or int(time.time() * 1000)),
                       "sender": {"id": sender}, "recipient": {"id": "1"},
                       "message": {"text": text, "msg_id": msg_id}}).encode()


def zalo_post(client, raw: bytes, headers: dict | None = None):
    timestamp = json.loads(raw)["timestamp"]
    mac = "mac=" + hashlib.sha256(APP_ID.encode() + raw + timestamp.encode() + OA_SECRET.encode()).hexdigest()
    return client.post("/channels/zalo/webhook", content=raw, headers={"X-ZEvent-Signature": mac, **(headers or {})})


def messenger_post(client, body: dict):
    raw = json.dumps(body).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return client.post("/channels/messenger/webhook", content=raw, headers={"X-Hub-Signature-256": signature})


def messenger_event(sender: str, mid: str, message: dict) -> dict:
    return {"object": "page", "entry": [{"id": "PAGE", "messaging": [{
        "sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
        "message": {"mid": mid, **message}}]}]}


def _post_unread(app, path: str, headers: list) -> tuple[int, int]:
    """POST an endless chunked body; (status, chunks the app read)."""
    read, sent = [0], []

    async def receive():
        read[0] += 1
        return {"type": "http.request", "body": b"{" * 16384, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "client": ("203.0.113.9", 1), "server": ("test", 80), "scheme": "http",
             "root_path": "", "http_version": "1.1", "asgi": {"version": "3.0"}, "app": app}
    asyncio.run(app(scope, receive, send))
    return next(m for m in sent if m["type"] == "http.response.start")["status"], read[0]


@pytest.mark.parametrize("path, header", [
    ("/channels/messenger/webhook", (b"x-hub-signature-256", b"sha1=abc")),
    ("/channels/zalo/webhook", (b"x-zevent-signature", b"deadbeef")),
])
def test_an_unsigned_body_is_refused_before_a_byte_of_it_is_read(env, path, header):
    app, _ = make_app()
    for headers in ([], [header]):
        assert _post_unread(app, path, headers) == (403, 0)


def test_zalo_checks_the_signature_before_parsing_any_json(env, monkeypatch):
    parsed = []
    real_loads = jsonbody.loads
    monkeypatch.setattr(jsonbody, "loads", lambda raw, parse_int=None: parsed.append(raw) or real_loads(raw, parse_int))
    app, service = make_app()
    client = TestClient(app)
    forged = zalo_event("1001", "x" * 200_000, "m-forged")
    refused = client.post("/channels/zalo/webhook", content=forged,
                          headers={"X-ZEvent-Signature": "mac=" + "0" * 64})
    assert refused.status_code == 403 and parsed == []  # refused on the signature, never parsed
    assert zalo_post(client, zalo_event("1001", "chào", "m-1")).status_code == 200
    assert wait_for(lambda: service.user_texts("zalo", "1001") == ["chào"])  # answered by the inbox's worker
    assert len(parsed) == 1
    close(app)


def test_an_oversized_webhook_body_is_413_before_it_is_read(env, monkeypatch):
    monkeypatch.setenv("GROWTHDOC_BODY_LIMIT_WEBHOOKS_KB", "16")
    get_settings.cache_clear()
    app, service = make_app()
    response = zalo_post(TestClient(app), zalo_event("1002", "x" * 40_000, "m-2"))
    assert response.status_code == 413 and service.sessions == {}


def test_a_signed_delivery_is_answered_once_even_after_a_restart(env):
    _, zalo = env
    raw = zalo_event("2001", "một lần thôi", "m-3")
    app, service = make_app()
    assert zalo_post(TestClient(app), raw).status_code == 200
    assert wait_for(lambda: len(zalo.texts_to("2001")) == 1)
    close(app)
    restarted, service_after = make_app()  # same data dir, same database: the id is remembered
    assert zalo_post(TestClient(restarted), raw).status_code == 200
    assert restarted.state.zalo_bot.workers.wait_idle(10)
    close(restarted)
    assert len(zalo.texts_to("2001")) == 1 and service_after.sessions == {}


def test_a_delivery_older_than_the_replay_window_is_refused_and_not_answered(env, monkeypatch):
    _, zalo = env
    monkeypatch.setenv("GROWTHDOC_WEBHOOK_REPLAY_WINDOW_MIN", "10")
    get_settings.cache_clear()
    app, service = make_app()
    client = TestClient(app)
    old = int((time.time() - 11 * 60) * 1000)
    refused = zalo_post(client, zalo_event("3001", "cũ", "m-4", at_ms=old), headers={"Accept-Language": "en"})
    assert refused.status_code == 403 and "older" in refused.json()["detail"]
    assert zalo_post(client, zalo_event("3001", "mới", "m-5")).status_code == 200
    assert app.state.zalo_bot.workers.wait_idle(10)
    close(app)
    assert service.user_texts("zalo", "3001") == ["mới"]


def test_a_file_link_redirecting_to_our_own_server_is_not_followed(env):
    graph, _ = env
    app, service = make_app()
    client = TestClient(app)
    with LocalServer(app) as own:  # the server's own /healthz, on a host name the allow-list lacks
        graph.redirects["inside"] = f"http://localhost:{own.port}/healthz"
        graph.files["ok.csv"] = b"a,b\n1,2\n"
        graph.redirects["cdn"] = f"{graph.url}/files/ok.csv"  # a move to an allowed host is followed
        messenger_post(client, messenger_event("psid-1", "mid.1", {"attachments": [
            {"type": "file", "payload": {"url": f"{graph.url}/moved/inside"}}]}))
        messenger_post(client, messenger_event("psid-2", "mid.2", {"attachments": [
            {"type": "file", "payload": {"url": f"{graph.url}/moved/cdn"}}]}))
        assert app.state.messenger_bot.workers.wait_idle(10)
    close(app)
    assert [u["data"] for u in service.uploads] == [b"a,b\n1,2\n"]
    assert "tải" in graph.texts_to("psid-1")[0]  # told, in Vietnamese, that the download failed


@pytest.mark.parametrize("url, allowed, addresses, ok", [
    ("https://cdn.cdn-platform.test/f.csv", ["cdn-platform.test"], ["157.240.1.1"], True),
    ("https://evil.cdn-platform.test.attacker.test/f", ["cdn-platform.test"], ["157.240.1.1"], False),
    ("https://cdn.cdn-platform.test/f.csv", ["cdn-platform.test"], ["127.0.0.1"], False),  # a name pointed at loopback
    ("https://cdn.cdn-platform.test/f.csv", ["cdn-platform.test"], ["10.1.2.3", "157.240.1.1"], False),
    ("http://169.254.169.254/latest", ["cdn-platform.test"], ["169.254.169.254"], False),
    ("file:///etc/passwd", ["cdn-platform.test"], [], False),
    ("http://127.0.0.1:9/f", ["127.0.0.1"], [], True),  # an address listed on purpose
])
def test_download_urls_are_checked_by_host_and_address(url, allowed, addresses, ok):
    try:
        fetch.check_url(url, allowed, resolve=lambda host: addresses)
        refused = False
    except fetch.RefusedURL:
        refused = True
    assert refused is not ok


def test_a_download_connects_to_the_address_it_checked_not_to_a_second_dns_answer():
    """DNS rebinding: the name answers a public address to the check, loopback afterwards."""
    answers = [["157.240.1.1"], ["127.0.0.1"]]
    asked, seen = [], []

    def resolve(host):
        asked.append(host)
        return answers[min(len(asked), 2) - 1]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"a,b\n1,2\n")

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        data = fetch.download(http, "https://cdn.cdn-platform.test:8443/f.csv?x=1", 1000, ["cdn-platform.test"], resolve=resolve)
    assert data == b"a,b\n1,2\n" and asked == ["cdn.cdn-platform.test"]  # resolved once
    request = seen[0]
    assert (request.url.host, request.url.port, request.url.path, request.url.query) == ("157.240.1.1", 8443, "/f.csv", b"x=1")
    assert request.headers["host"] == "cdn.cdn-platform.test:8443"  # the platform's name, for its virtual host
    assert request.extensions["sni_hostname"] == "cdn.cdn-platform.test"  # and for TLS: its certificate is checked


def test_each_redirect_hop_is_resolved_checked_and_pinned_again():
    answers = {"cdn.cdn-platform.test": ["157.240.1.1"], "lookaside.cdn-platform.test": ["10.0.0.7"]}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"location": "https://lookaside.cdn-platform.test/x.csv"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http, pytest.raises(fetch.RefusedURL):
        fetch.download(http, "https://cdn.cdn-platform.test/f.csv", 1000, ["cdn-platform.test"], resolve=lambda h: answers[h])
    assert [r.url.host for r in seen] == ["157.240.1.1"]  # the private second hop is never requested
