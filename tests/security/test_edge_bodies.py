"""Hostile bodies at the HTTP edge: size refused while reading, nesting and Unicode refused with a 400."""

import asyncio
import json

import pytest
from fastapi.testclient import TestClient

from assistant.core.config import Settings, get_settings
from assistant.server import create_app
from tests.security.edge import serve_app

CHUNK = 16 * 1024


def _client(**settings) -> TestClient:
    get_settings.cache_clear()
    return TestClient(serve_app(Settings(**settings))[0])


def _session(client: TestClient) -> str:
    return client.post("/api/sessions").json()["session_id"]


def test_a_declared_length_over_the_limit_is_refused_up_front_in_the_readers_language():
    client = _client(body_limit_messages_kb=4)
    sid = _session(client)
    body = json.dumps({"text": "x" * 10_000})
    response = client.post(f"/api/sessions/{sid}/messages", content=body,
                           headers={"Content-Type": "application/json", "Accept-Language": "en"})
    assert response.status_code == 413 and response.json()["code"] == "common.body_too_large"
    assert "4 KB" in response.json()["detail"] and "too large" in response.json()["detail"]
    vi = client.post(f"/api/sessions/{sid}/messages", content=body, headers={"Content-Type": "application/json"})
    assert vi.status_code == 413 and "quá lớn" in vi.json()["detail"]


def test_v1_answers_413_in_openai_shape():
    client = _client(body_limit_openai_kb=1)
    body = {"model": "growthdoc", "messages": [{"role": "user", "content": "x" * 5000}]}
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "common.body_too_large"


def _call_streaming(app, path: str, chunks: int, headers: list | None = None,
                    head: bytes = b"") -> tuple[int, int, dict]:
    """POST `head` and `chunks` × 16 KB without Content-Length; (status, chunks read, JSON answer)."""
    read, sent = [0], []

    async def receive():
        read[0] += 1
        body = (head if read[0] == 1 else b"") + b" " * CHUNK
        return {"type": "http.request", "body": body, "more_body": read[0] < chunks}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers or [(b"content-type", b"application/json")], "client": ("203.0.113.9", 1),
             "server": ("test", 80), "scheme": "http", "root_path": "", "http_version": "1.1",
             "asgi": {"version": "3.0"}, "app": app}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], read[0], json.loads(body)


def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit():
    app = create_app(Settings(body_limit_diagnose_kb=64))
    status, read, body = _call_streaming(app, "/api/diagnose", chunks=6400)  # 100 MB offered
    assert status == 413 and body["code"] == "common.body_too_large"
    assert read == 64 // 16 + 1  # stopped at the chunk that passed 64 KB, not at the end


def test_a_chunked_upload_is_cut_off_even_inside_the_form_parser():
    app = create_app(Settings(body_limit_uploads_mb=0.1))
    headers = [(b"content-type", b"multipart/form-data; boundary=x")]
    head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
    status, read, body = _call_streaming(app, "/api/kpis", chunks=6400, headers=headers, head=head)
    assert status == 413 and body["code"] == "common.body_too_large"  # not the form parser's 400
    assert read <= 8


def test_a_body_within_the_limit_is_served():
    client = _client(body_limit_diagnose_kb=64)
    response = client.post("/api/diagnose", json={"funnel": {"leads": 400, "customers": 30}})
    assert response.status_code == 200 and response.json()["stages"]


DEEP = "[" * 5000 + "]" * 5000
NESTED_40 = '{"funnel": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"


@pytest.mark.parametrize("raw", [DEEP, NESTED_40], ids=["recursion", "over-the-cap"])
def test_deeply_nested_json_is_a_400_everywhere(raw):
    client = _client()
    sid = _session(client)
    for path in (f"/api/sessions/{sid}/messages", "/api/diagnose", "/v1/chat/completions"):
        response = client.post(path, content=raw, headers={"Content-Type": "application/json",
                                                           "Accept-Language": "en"})
        code = response.json().get("code") or response.json()["error"]["code"]
        assert (path, response.status_code, code) == (path, 400, "common.json_too_deep")


def test_a_lone_surrogate_is_a_400_not_a_500():
    client = _client()
    sid = _session(client)
    raw = b'{"text": "chao \\ud800 ban"}'
    response = client.post(f"/api/sessions/{sid}/messages", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "common.json_bad_unicode"
    assert "Unicode" in response.json()["detail"]
    openai_body = b'{"model": "growthdoc", "messages": [{"role": "user", "content": "\\udc00"}]}'
    refused = client.post("/v1/chat/completions", content=openai_body)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "common.json_bad_unicode"
    paired = b'{"text": "\\ud83d\\ude00"}'  # a real pair (an emoji) is fine
    assert client.post(f"/api/sessions/{sid}/messages", content=paired,
                       headers={"Content-Type": "application/json"}).status_code == 200


def test_bytes_that_are_not_utf8_are_a_400():
    client = _client()
    response = client.post("/api/diagnose", content=b'{"funnel": "\xff\xfe"}')
    assert response.status_code == 400 and response.json()["code"] == "common.json_not_utf8"
