"""Operations: request ids in answers and log lines, JSON logs without secrets, /readyz, /metrics, the Graph version."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from assistant.core.config import get_settings

PAGE_TOKEN = "EAAG-page-token-that-must-never-be-logged"


def _app(monkeypatch, **env: str):
    for name, value in env.items():
        monkeypatch.setenv(f"GROWTHDOC_{name.upper()}", value)
    get_settings.cache_clear()
    from assistant.server import create_app

    return create_app()


def test_json_log_lines_carry_the_request_id_and_never_the_token(monkeypatch, capsys):
    app = _app(monkeypatch, log_format="json", messenger_page_token=PAGE_TOKEN)

    @app.get("/api/ops-probe")
    def probe() -> dict:  # what httpx logs when it calls the Send API
        logging.getLogger("assistant.probe").info(
            "HTTP Request: POST http://127.0.0.1:9/v25.0/me/messages?access_token=%s", PAGE_TOKEN)
        return {"ok": True}

    with TestClient(app) as client:
        answer = client.get("/api/ops-probe", headers={"X-Request-ID": "req-42"})
        generated = client.get("/healthz").headers["x-request-id"]
    assert answer.headers["x-request-id"] == "req-42" and len(generated) == 16
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    [probe_line] = [line for line in lines if line["logger"] == "assistant.probe"]
    assert probe_line["request_id"] == "req-42" and probe_line["level"] == "INFO"
    assert PAGE_TOKEN not in json.dumps(lines) and "[redacted]" in probe_line["message"]


def test_a_malformed_request_id_is_replaced(monkeypatch):
    with TestClient(_app(monkeypatch)) as client:
        rid = client.get("/healthz", headers={"X-Request-ID": "bad id <script>" + "x" * 80}).headers["x-request-id"]
    assert "script" not in rid and len(rid) == 16


def test_readyz_names_what_is_missing_and_metrics_count_turns_by_engine_and_door(monkeypatch):
    with TestClient(_app(monkeypatch)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503  # no knowledge index in a fresh data dir
        assert ready.json()["checks"]["database"] == "ok"
        assert "growthdoc ingest" in ready.json()["checks"]["knowledge"]
        sid = client.post("/api/sessions").json()["session_id"]
        assert client.post(f"/api/sessions/{sid}/messages", json={"text": "chào"}).status_code == 200
        text = client.get("/metrics").text
    turns = [line for line in text.splitlines()
             if line.startswith("growthdoc_turn_seconds_count") and 'door="rest"' in line and 'engine="offline"' in line]
    assert turns and float(turns[0].split()[-1]) >= 1
    assert "growthdoc_webhook_backlog 0.0" in text and "growthdoc_llm_fallbacks_total" in text


def test_metrics_need_the_admin_token_when_keys_are_required(monkeypatch):
    with TestClient(_app(monkeypatch, require_keys="true", admin_token="admin-token-123")) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer admin-token-123"}).status_code == 200


def test_readyz_says_not_ready_when_the_database_is_down(monkeypatch):
    from sqlalchemy import create_engine

    with TestClient(_app(monkeypatch)) as client:
        client.app.state.service.store.engine = create_engine("sqlite:////nonexistent-folder/x/db.sqlite")
        found = client.get("/readyz").json()["checks"]["database"]
    assert found.startswith("unavailable")


@pytest.mark.slow
def test_readyz_follows_a_chroma_server(monkeypatch):
    import chromadb

    from tests.services import Chroma

    chroma = Chroma()
    try:
        collection = chromadb.HttpClient(host="127.0.0.1", port=chroma.port).get_or_create_collection(
            "readyz", embedding_function=None)

        class Search:  # the part of KnowledgeSearch /readyz looks at
            def count(self) -> int:
                return collection.count()

        search = Search()
        with TestClient(_app(monkeypatch)) as client:
            client.app.state.search = search
            assert client.get("/readyz").json()["checks"]["knowledge"] == "ok"
            chroma.process.terminate()
            chroma.process.wait(20)
            down = client.get("/readyz")
        assert down.status_code == 503 and down.json()["checks"]["knowledge"].startswith("unavailable")
    finally:
        chroma.stop()


def test_the_graph_api_version_is_a_setting(monkeypatch):
    monkeypatch.setenv("GROWTHDOC_MESSENGER_GRAPH_VERSION", "v26.0")
    get_settings.cache_clear()
    assert get_settings().messenger_api_url.endswith("/v26.0")
    monkeypatch.delenv("GROWTHDOC_MESSENGER_GRAPH_VERSION")
    get_settings.cache_clear()
    assert get_settings().messenger_api_url.endswith("/v25.0")  # available until 29 July 2028
