"""The REST/SSE doors of a conversation: sessions, messages, uploads, errors, restarts."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.server import create_app


@pytest.fixture
def client():
    """The real app: the lifespan builds the service on the test's data dir."""
    with TestClient(create_app()) as client:
        yield client


def new_session(client) -> str:
    response = client.post("/api/sessions")
    assert response.status_code == 200
    return response.json()["session_id"]


def say(client, sid: str, text: str) -> dict:
    response = client.post(f"/api/sessions/{sid}/messages", json={"text": text})
    assert response.status_code == 200, response.text
    return response.json()


def sse_events(body: str) -> list[tuple[str, str]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], lines["data"]))
    return events


def test_a_conversation_over_http_ends_in_a_diagnosis(client):
    sid = new_session(client)
    first = say(client, sid, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn")
    assert "1.500" in first["reply"] and first["artifacts"][0]["type"] == "diagnosis"  # the verdict at once
    assert first["artifacts"][0]["data"]["pillar_priority"][0] == "conversion"
    assert first["citations"][0]["doc_id"] and first["citations"][0]["label"]
    second = say(client, sid, "có, đã rõ khách hàng mục tiêu và định vị")  # the strategy question, answered
    assert "khách hàng mục tiêu: đã có" in second["reply"] and second["artifacts"][0]["type"] == "diagnosis"
    session = client.get(f"/api/sessions/{sid}").json()
    assert len(session["messages"]) == 4 and session["diagnosis"]["bottleneck"]["stage"] == "lead_to_customer"



def test_a_stored_diagnosis_reads_in_the_language_asked_for(client):
    """The session keeps keys and numbers; reading it in English words it in English."""
    sid = new_session(client)
    say(client, sid, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn")
    say(client, sid, "có, đã rõ khách hàng mục tiêu và định vị")
    as_stored = client.get(f"/api/sessions/{sid}").json()["diagnosis"]
    english = client.get(f"/api/sessions/{sid}", headers={"Accept-Language": "en"}).json()["diagnosis"]
    assert as_stored["reasons"][0] != english["reasons"][0]
    assert all(isinstance(r, str) for r in english["reasons"] + [a["text"] for a in english["actions"]])
    assert "customer" in english["reasons"][0].lower() and "khách" in as_stored["reasons"][0].lower()

def test_sse_streams_deltas_then_the_full_json(client):
    sid = new_session(client)
    response = client.post(f"/api/sessions/{sid}/messages", json={"text": "bạn làm được gì?"},
                           headers={"Accept": "text/event-stream"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "done" and kinds.count("delta") > 3 and set(kinds[:-1]) == {"delta"}
    done = json.loads(events[-1][1])
    assert "".join(json.loads(data) for kind, data in events[:-1]) == done["reply"]
    assert client.get(f"/api/sessions/{sid}").json()["messages"][-1]["text"] == done["reply"]


def test_the_conversation_survives_a_server_restart(tmp_path):
    with TestClient(create_app()) as first:
        sid = new_session(first)
        say(first, sid, "Spa mình chạy ads 20 triệu được 600 tin nhắn, 40 khách")
    with TestClient(create_app()) as second:  # a new process on the same data dir
        reply = say(second, sid, "chưa, khách hàng mục tiêu chưa rõ, chưa có định vị")
        assert reply["artifacts"][0]["data"]["pillar_priority"][0] == "strategy"
        assert len(second.get(f"/api/sessions/{sid}").json()["messages"]) == 4


def test_an_upload_then_a_question_about_it(client, samples):
    sid = new_session(client)
    with open(samples / "meta_ads_vi.csv", "rb") as f:
        response = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("meta_ads_vi.csv", f, "text/csv")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"dataset_id", "detected_format", "rows", "kpis", "warnings", "reply"}
    assert body["detected_format"] == "meta_ads" and "meta_ads_vi.csv" in body["reply"]
    answer = say(client, sid, "CPL trong file của tôi là bao nhiêu?")
    assert "13.754" in answer["reply"]
    session = client.get(f"/api/sessions/{sid}").json()
    assert session["uploads"][0]["detected_format"] == "meta_ads"
    assert session["snapshot"]["funnel"]["leads"] == 1907


def test_bad_input_gets_a_4xx_in_the_users_language_and_the_session_is_intact(client):
    sid = new_session(client)
    say(client, sid, "hello, can you help me with my marketing?")
    empty = client.post(f"/api/sessions/{sid}/messages", json={"text": "   "})
    assert empty.status_code == 400 and empty.json()["code"] == "engine.empty_message"
    assert "empty" in empty.json()["detail"]  # the session speaks English
    upload = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "text/csv")})
    assert 400 <= upload.status_code < 500 and upload.json()["code"] and upload.json()["detail"]
    assert len(client.get(f"/api/sessions/{sid}").json()["messages"]) == 2


def test_unknown_session_is_404_in_vietnamese(client):
    response = client.post("/api/sessions/nope/messages", json={"text": "xin chào"})
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "code": "engine.session_not_found"}
    assert "Không tìm thấy" in response.json()["detail"]
    assert client.get("/api/sessions/nope").status_code == 404


def test_an_upload_over_the_size_limit_is_413(monkeypatch):
    monkeypatch.setenv("GROWTHDOC_MAX_UPLOAD_MB", "0.001")
    from assistant.core.config import get_settings

    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        sid = new_session(client)
        response = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("big.csv", b"a,b\n" * 2000, "text/csv")})
        assert response.status_code == 413 and response.json()["code"] == "common.file_too_large"
        assert "MB" in response.json()["detail"]


def test_with_a_key_the_llm_answers_and_a_failing_model_falls_back_over_http(monkeypatch):
    from assistant.core.config import get_settings
    from tests.channels.fakes import LocalServer
    from tests.engine.openai_stub import OpenAIStub

    stub = OpenAIStub()
    with LocalServer(stub.app) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
        monkeypatch.setenv("GROWTHDOC_LLM_TIMEOUT_S", "10")
        get_settings.cache_clear()
        with TestClient(create_app()) as client:
            sid = new_session(client)
            stub.enqueue_text("Chào anh/chị, em cần vài con số của tháng gần nhất.")
            ok = say(client, sid, "xin chào")
            assert ok["engine"] == "llm" and ok["reply"].startswith("Chào anh/chị, em cần")
            stub.enqueue_raw("{broken", 200)
            response = client.post(f"/api/sessions/{sid}/messages", json={"text": "bạn làm được gì?"},
                                   headers={"Accept": "text/event-stream"})
            done = json.loads(sse_events(response.text)[-1][1])
            assert done["engine"] == "offline" and done["notice"] and "Chẩn đoán marketing" in done["reply"]
            assert len(client.get(f"/api/sessions/{sid}").json()["messages"]) == 4


def test_a_session_of_another_workspace_is_not_found(client):
    tenants = client.app.state.tenants
    _, key_a = tenants.create_workspace("Shop A")
    _, key_b = tenants.create_workspace("Shop B")
    sid = client.post("/api/sessions", headers={"Authorization": f"Bearer {key_a}"}).json()["session_id"]
    assert client.get(f"/api/sessions/{sid}", headers={"Authorization": f"Bearer {key_a}"}).status_code == 200
    other = client.post(f"/api/sessions/{sid}/messages", json={"text": "xin chào"},
                        headers={"Authorization": f"Bearer {key_b}"})
    assert other.status_code == 404 and other.json()["code"] == "engine.session_not_found"
    assert client.get(f"/api/sessions/{sid}").status_code == 404  # nor from the default workspace


def test_numbers_alone_keep_the_conversation_in_english(client):
    sid = new_session(client)
    say(client, sid, "hello, can you diagnose my marketing?")
    reply = say(client, sid, "800")
    assert reply["lang"] == "en" and "customers" in reply["reply"].lower()


def test_a_message_too_long_is_refused(client):
    sid = new_session(client)
    response = client.post(f"/api/sessions/{sid}/messages", json={"text": "a" * 5000})
    assert response.status_code == 400 and response.json()["code"] == "engine.message_too_long"
    assert client.get(f"/api/sessions/{sid}").json()["messages"] == []


@pytest.mark.parametrize("body", [b"{not json", b'{"text": 42}', b"[]"])
def test_a_malformed_message_body_is_a_clear_400(client, body):
    sid = new_session(client)
    response = client.post(f"/api/sessions/{sid}/messages", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "engine.bad_message_body"
    assert '"text"' in response.json()["detail"]


def test_an_upload_may_carry_its_exchange_rate(client):
    """A USD ad account beside VND orders: refused by name without a rate, converted with one."""
    sid = new_session(client)
    orders = "Mã đơn hàng,Ngày tạo,Tổng tiền,Trạng thái\nO1,2026-11-02,1000000,Hoàn thành\n"
    meta = ("Campaign name,Day,Amount spent (USD),Reach,Results,Result indicator\n"
            "Chat,2026-11-01,100.00,5000,20,actions:onsite_conversion.messaging_conversation_started_7d\n")
    assert client.post(f"/api/sessions/{sid}/uploads", files={"file": ("orders.csv", orders)}).status_code == 200
    refused = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("meta_usd.csv", meta)},
                          headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and "meta_usd.csv" in refused.json()["detail"]
    bad = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("meta_usd.csv", meta)}, data={"rate": "USD=abc"})
    assert bad.status_code == 400 and bad.json()["code"] == "kpi.bad_rate"
    done = client.post(f"/api/sessions/{sid}/uploads", files={"file": ("meta_usd.csv", meta)}, data={"rate": "USD=25.000"})
    assert done.status_code == 200
    assert client.get(f"/api/sessions/{sid}").json()["snapshot"]["spend"] == 100 * 25_000
