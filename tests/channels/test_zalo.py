"""Zalo OA door end to end: the real app, a local fake Zalo API (OA + OAuth) over HTTP, a scripted service."""

import hashlib
import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from assistant.channels.split import MESSAGE_LIMIT
from assistant.core.config import get_settings
from tests.channels.fakes import FakeService, FakeZalo, LocalServer

APP_ID = "4318569102287163391"
OA_SECRET = "oa-secret-key"
BIG_ID = "8731268461938710098"  # > 2**53: a float or a double-based parser would change it


@pytest.fixture
def zalo():
    fake = FakeZalo()
    with LocalServer(fake.app) as server:
        fake.url = server.url
        yield fake


def configure(monkeypatch, zalo: FakeZalo) -> None:
    env = {"APP_ID": APP_ID, "OA_SECRET": OA_SECRET, "ACCESS_TOKEN": "access-1", "REFRESH_TOKEN": "refresh-1",
           "APP_SECRET": "app-secret", "API_BASE": zalo.url, "OAUTH_BASE": zalo.url}
    for name, value in env.items():
        monkeypatch.setenv(f"GROWTHDOC_ZALO_{name}", value)
    monkeypatch.setenv("GROWTHDOC_DOWNLOAD_ALLOWED_HOSTS", '["127.0.0.1"]')  # the fake file host, listed on purpose
    get_settings.cache_clear()


def make_app(service=None):
    """The real app with a scripted service in place of the one the lifespan would build."""
    from assistant.channels.deps import get_service
    from assistant.server import create_app

    app, service = create_app(), service or FakeService()
    app.dependency_overrides[get_service] = lambda: service
    return app


@pytest.fixture
def door(zalo, monkeypatch):
    """(client, service, app) with the channel configured against the fake Zalo API."""
    configure(monkeypatch, zalo)
    service = FakeService()
    app = make_app(service)
    yield TestClient(app), service, app
    bot = getattr(app.state, "zalo_bot", None)
    if bot is not None:
        bot.close()


def text_event(sender: str, text: str, msg_id: str) -> bytes:
    """A `user_send_text` event as Zalo writes it: big ids as bare JSON numbers or strings."""
    timestamp = str(int(time.time() * 1000))
    return ('{"app_id":"%s","user_id_by_app":"552177279717587730","event_name":"user_send_text",'
            '"timestamp":"%s","sender":{"id":"%s"},"recipient":{"id":%s},'
            '"message":{"text":%s,"msg_id":"%s"}}'
            % (APP_ID, timestamp, sender, "579745863508352884", json.dumps(text, ensure_ascii=False), msg_id)).encode()


def post(client: TestClient, raw: bytes, secret: str = OA_SECRET, signature: str | None = None):
    timestamp = json.loads(raw)["timestamp"]
    mac = "mac=" + hashlib.sha256(APP_ID.encode() + raw + timestamp.encode() + secret.encode()).hexdigest()
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": mac if signature is None else signature}
    return client.post("/channels/zalo/webhook", content=raw, headers=headers)


def settle(app) -> None:
    assert app.state.zalo_bot.workers.wait_idle(10)


def test_signed_text_is_answered_with_the_access_token_header(door, zalo):
    client, service, app = door
    response = post(client, text_event(BIG_ID, "chào OA", "msg-1"))
    assert response.status_code == 200
    settle(app)
    [sent] = zalo.sent
    assert sent["recipient"] == {"user_id": BIG_ID}  # the id survives exactly, as a string
    assert sent["message"]["text"].startswith("Đã nhận: chào OA") and "Nguồn:" in sent["message"]["text"]
    assert service.user_texts("zalo", BIG_ID) == ["chào OA"]


def test_numeric_big_ids_are_kept_exactly():
    from assistant.channels.zalo import parse_event, read_event

    raw = b'{"event_name":"user_send_text","timestamp":"1700000000000","sender":{"id":8731268461938710098},' \
          b'"message":{"text":"hi","msg_id":9007199254740993123}}'
    incoming = read_event(parse_event(raw))
    assert incoming.user_id == "8731268461938710098" and incoming.event_id == "9007199254740993123"


@pytest.mark.parametrize("signature", ["", "mac=" + "0" * 64, "deadbeef"])
def test_forged_or_unsigned_events_are_refused(door, zalo, signature):
    client, service, _ = door
    response = post(client, text_event(BIG_ID, "giả mạo", "msg-2"), signature=signature)
    assert response.status_code == 403 and response.json()["code"] == "channels.bad_signature"
    assert service.sessions == {} and zalo.sent == []


def test_event_signed_with_another_secret_is_refused(door):
    client, service, _ = door
    assert post(client, text_event(BIG_ID, "x", "msg-3"), secret="guessed").status_code == 403
    assert service.sessions == {}


def test_tampered_body_is_refused(door):
    client, service, _ = door
    raw = text_event(BIG_ID, "chuyển 1 triệu", "msg-4")
    timestamp = json.loads(raw)["timestamp"]
    mac = "mac=" + hashlib.sha256(APP_ID.encode() + raw + timestamp.encode() + OA_SECRET.encode()).hexdigest()
    tampered = raw.replace("1 triệu".encode(), "9 triệu".encode())
    response = client.post("/channels/zalo/webhook", content=tampered, headers={"X-ZEvent-Signature": mac})
    assert response.status_code == 403 and service.sessions == {}


def test_duplicate_msg_id_is_answered_once(door, zalo):
    client, service, app = door
    raw = text_event("1001", "một lần", "msg-5")
    assert post(client, raw).status_code == 200 and post(client, raw).status_code == 200
    settle(app)
    assert len(zalo.texts_to("1001")) == 1 and service.user_texts("zalo", "1001") == ["một lần"]


def test_long_reply_is_split_within_the_limit(door, zalo):
    client, _, app = door
    post(client, text_event("1002", "trả lời dài nhé", "msg-6"))
    settle(app)
    parts = zalo.texts_to("1002")
    assert len(parts) >= 3 and all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert all(p.endswith(".") for p in parts[:-1])


def test_expired_token_is_refreshed_once_under_concurrency(door, zalo, tmp_path):
    client, _, app = door
    zalo.expire()
    zalo.refresh_delay_s = 0.3  # every sender hits -216 while the one refresh is in flight
    for i in range(8):
        assert post(client, text_event(f"20{i}", f"tin {i}", f"msg-7-{i}")).status_code == 200
    settle(app)
    assert len(zalo.refreshes) == 1
    assert zalo.refreshes[0] == {"refresh_token": "refresh-1", "app_id": APP_ID, "grant_type": "refresh_token",
                                 "secret_key": "app-secret"}
    assert all(len(zalo.texts_to(f"20{i}")) == 1 for i in range(8))  # each retried once, all delivered
    from assistant.conversation.tokens import TokenStore

    saved = TokenStore(get_settings().sqlalchemy_url).current("zalo")
    assert (saved.access, saved.refresh) == (zalo.access, zalo.refresh)  # what every instance reads


def test_a_restart_keeps_the_renewed_tokens(door, zalo, monkeypatch):
    client, _, app = door
    zalo.expire()
    post(client, text_event("3001", "trước", "msg-8"))
    settle(app)
    assert len(zalo.refreshes) == 1
    restarted = make_app()  # same env, same data dir: the used refresh token must not be sent again
    post(TestClient(restarted), text_event("3001", "sau", "msg-9"))
    settle(restarted)
    restarted.state.zalo_bot.close()
    assert len(zalo.refreshes) == 1 and len(zalo.texts_to("3001")) == 2


def test_refused_refresh_is_logged_and_not_retried(door, zalo, caplog):
    client, _, app = door
    zalo.expire()
    zalo.refresh = "someone-else-used-it"
    with caplog.at_level(logging.ERROR, logger="assistant.channels.zalo"):
        post(client, text_event("4001", "hi", "msg-10"))
        settle(app)
    assert len(zalo.refreshes) == 1 and zalo.sent == []
    assert "-14014" in caplog.text and "-216" in caplog.text


def test_a_file_is_read_as_an_upload(door, zalo, samples):
    client, service, app = door
    data = (samples / "meta_ads_vi.csv").read_bytes()
    zalo.files["abc"] = data
    timestamp = str(int(time.time() * 1000))
    raw = json.dumps({"app_id": APP_ID, "event_name": "user_send_file", "timestamp": timestamp,
                      "sender": {"id": "5001"}, "recipient": {"id": "1"},
                      "message": {"msg_id": "msg-11", "attachments": [{"type": "file", "payload": {
                          "url": f"{zalo.url}/files/abc", "name": "meta_ads_vi.csv", "size": str(len(data))}}]}})
    post(client, raw.encode())
    settle(app)
    [upload] = service.uploads
    assert upload["filename"] == "meta_ads_vi.csv" and upload["data"] == data
    assert zalo.texts_to("5001") == ["Đã đọc tệp meta_ads_vi.csv."]


def test_non_message_events_are_acknowledged_and_ignored(door, zalo):
    client, service, _ = door
    raw = json.dumps({"app_id": APP_ID, "event_name": "follow", "timestamp": "1700000000000",
                      "follower": {"id": "6001"}}).encode()
    assert post(client, raw).status_code == 200
    assert service.sessions == {} and zalo.sent == []


def test_channel_without_settings_is_off():
    from assistant.server import create_app

    response = TestClient(create_app()).post("/channels/zalo/webhook", content=b"{}")
    assert response.status_code == 503 and "GROWTHDOC_ZALO_OA_SECRET" in response.json()["detail"]


def test_signed_event_of_the_wrong_shape_is_a_400_not_a_500(door):
    client, service, _ = door
    raw = json.dumps({"app_id": APP_ID, "event_name": "user_send_text", "timestamp": "1700000000000",
                      "sender": {"id": "7001"}, "message": "not an object"}).encode()
    assert post(client, raw).status_code == 400 and service.sessions == {}


def _instance_tokens(monkeypatch, zalo, database_url):
    """One instance's token holder: the settings it would read, its own HTTP client, the shared database."""
    import httpx

    from assistant.channels.zalo import ZaloTokens

    configure(monkeypatch, zalo)
    monkeypatch.setenv("GROWTHDOC_DATABASE_URL", database_url)
    get_settings.cache_clear()
    return ZaloTokens(get_settings(), httpx.Client(timeout=10))


def test_a_token_renewed_on_one_instance_serves_the_other(monkeypatch, zalo, database_url):
    a, b = _instance_tokens(monkeypatch, zalo, database_url), _instance_tokens(monkeypatch, zalo, database_url)
    zalo.expire()
    stale = b.access
    assert a.renew(stale) and len(zalo.refreshes) == 1
    assert b.access == zalo.access  # B sends with the new token, no restart
    assert b.renew(stale) and len(zalo.refreshes) == 1  # and never spends the used refresh token again
    restarted = _instance_tokens(monkeypatch, zalo, database_url)  # same configured tokens: the renewed pair wins
    assert restarted.access == zalo.access


def test_the_token_is_renewed_ahead_of_its_expiry_once_across_instances(monkeypatch, zalo, database_url):
    a, b = _instance_tokens(monkeypatch, zalo, database_url), _instance_tokens(monkeypatch, zalo, database_url)
    assert not a.refresh_if_due(3600)  # the configured token's expiry is unknown: it waits for -216
    zalo.expire()
    assert a.renew(a.access)  # Zalo answered expires_in=90000 s (25 h)
    assert not a.refresh_if_due(3600) and len(zalo.refreshes) == 1  # 25 h left: nothing to do
    assert b.refresh_if_due(26 * 3600) and len(zalo.refreshes) == 2  # within the margin: renewed before any error
    assert not a.refresh_if_due(3600) and a.access == zalo.access
