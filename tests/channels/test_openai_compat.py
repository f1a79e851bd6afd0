"""OpenAI-compatible API: the real `openai` client against the app served by uvicorn on loopback.

Stateless by default (the request's messages are the history); a stored conversation only with the
`X-GrowthDoc-Session` header under the caller's admin key, never through the `user` field.
"""

import httpx
import openai
import pytest

from assistant.core.config import get_settings
from tests.channels.fakes import FakeService, LocalServer


@pytest.fixture
def served_app():
    """(base url, service, app) of the app on a free loopback port, with a scripted service."""
    get_settings.cache_clear()
    from assistant.channels.deps import get_service
    from assistant.server import create_app

    app, service = create_app(), FakeService()
    app.dependency_overrides[get_service] = lambda: service
    with LocalServer(app) as server:
        yield server.url, service, app


@pytest.fixture
def served(served_app):
    return served_app[:2]


@pytest.fixture
def admin_key(served_app) -> str:
    """An admin key of a new workspace."""
    return served_app[2].state.tenants.create_workspace("Shop A")[1]


@pytest.fixture
def client(served):
    return openai.OpenAI(base_url=f"{served[0]}/v1", api_key="x", max_retries=0)


def turns(service, text: str) -> list[list[dict]]:
    """The histories of the conversations in which `text` was a turn (not seeded history)."""
    return [h for h in service.history.values()
            if any(m["role"] == "user" and m["text"] == text and not m.get("seeded") for m in h)]


def stored(service, header: str) -> list[str]:
    """The user turns of the stored conversations named `header` (under any key)."""
    return [m["text"] for (_, _, external), sid in service.sessions.items() if external.endswith(":" + header)
            for m in service.history[sid] if m["role"] == "user"]


def test_models_lists_growthdoc(client):
    assert [m.id for m in client.models.list()] == ["growthdoc"]


def test_completion_answers_the_last_user_message_with_sources(client, served):
    _, service = served
    completion = client.chat.completions.create(model="growthdoc", user="owner-1", messages=[
        {"role": "system", "content": "ignored"},
        {"role": "user", "content": "tin đầu"},
        {"role": "assistant", "content": "..."},
        {"role": "user", "content": "tháng rồi chạy ads hết 30 triệu"}])
    content = completion.choices[0].message.content
    assert content.startswith("Đã nhận: tháng rồi chạy ads hết 30 triệu")
    assert "Nguồn:\n[1] Sáu silo › SLA marketing–sales" in content
    assert completion.choices[0].finish_reason == "stop" and completion.model == "growthdoc"
    [history] = turns(service, "tháng rồi chạy ads hết 30 triệu")  # a new conversation: stateless
    assert [(m["role"], m["text"]) for m in history[:3]] == [
        ("user", "tin đầu"), ("assistant", "..."), ("user", "tháng rồi chạy ads hết 30 triệu")]  # the request's history
    assert service.sessions == {}  # nothing was stored under the `user` value


def test_the_user_field_does_not_pick_a_conversation(client, served):
    """Was `test_the_user_field_keeps_one_conversation`: `user` is free-form, so any caller could guess it."""
    _, service = served
    for text in ("một", "hai"):
        client.chat.completions.create(model="growthdoc", user="owner-2", messages=[{"role": "user", "content": text}])
    assert len(turns(service, "một")) == len(turns(service, "hai")) == 1
    assert turns(service, "một") != turns(service, "hai") and service.sessions == {}


def test_the_session_header_keys_the_conversation_under_the_callers_key(served, admin_key):
    url, service = served
    client = openai.OpenAI(base_url=f"{url}/v1", api_key=admin_key, default_headers={"X-GrowthDoc-Session": "tab-9"})
    for text in ("phần chữ", "phần hai"):
        client.chat.completions.create(model="growthdoc", messages=[{"role": "user", "content": [
            {"type": "text", "text": text}]}])
    assert stored(service, "tab-9") == ["phần chữ", "phần hai"]


def test_streaming_yields_chunks_that_add_up_to_the_reply(client, served):
    _, service = served
    stream = client.chat.completions.create(model="growthdoc", user="owner-3", stream=True,
                                            messages=[{"role": "user", "content": "chào bạn"}])
    chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert len(chunks) > 3 and chunks[-1].choices[0].finish_reason == "stop"
    assert content.startswith("Đã nhận: chào bạn") and content.rstrip().endswith("SLA marketing–sales")
    assert len(turns(service, "chào bạn")) == 1


def test_raw_stream_ends_with_done(served):
    url, _ = served
    body = {"model": "growthdoc", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body) as response:
        lines = [line for line in response.iter_lines() if line]
    assert response.headers["content-type"].startswith("text/event-stream")
    assert lines[-1] == "data: [DONE]" and lines[0].startswith("data: {")


def test_errors_come_back_in_openai_format(client):
    with pytest.raises(openai.BadRequestError) as no_user:
        client.chat.completions.create(model="growthdoc", messages=[{"role": "system", "content": "only system"}])
    assert no_user.value.code == "no_user_message" and "user" in no_user.value.message
    with pytest.raises(openai.NotFoundError) as wrong_model:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert wrong_model.value.code == "model_not_found" and "growthdoc" in wrong_model.value.message


def test_malformed_body_is_a_400_in_openai_format(served):
    url, _ = served
    response = httpx.post(f"{url}/v1/chat/completions", content=b"{not json", headers={"Accept-Language": "en"})
    assert response.status_code == 400 and response.json()["error"]["type"] == "invalid_request_error"
    missing = httpx.post(f"{url}/v1/chat/completions", json={"model": "growthdoc"})
    assert missing.status_code == 400 and "messages" in missing.json()["error"]["message"]


def test_unknown_prefixed_key_is_refused_in_openai_format(served):
    url, _ = served
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="gdk_admin_not-a-real-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as refused:
        client.chat.completions.create(model="growthdoc", messages=[{"role": "user", "content": "hi"}])
    assert refused.value.status_code == 401


def test_usage_counts_the_request_and_the_answer(client):
    answer = client.chat.completions.create(model="growthdoc", messages=[
        {"role": "user", "content": "tháng rồi chạy ads hết 30 triệu"},
        {"role": "assistant", "content": "Dạ em ghi nhận."},
        {"role": "user", "content": "có 1.500 tin nhắn"}])
    usage = answer.usage
    assert usage.prompt_tokens >= 10 and usage.completion_tokens >= 5
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_include_usage_sends_a_last_chunk_with_the_usage(client):
    chunks = list(client.chat.completions.create(model="growthdoc", stream=True,
                                                 stream_options={"include_usage": True},
                                                 messages=[{"role": "user", "content": "chào bạn"}]))
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])
    without = list(client.chat.completions.create(model="growthdoc", stream=True,
                                                  messages=[{"role": "user", "content": "chào bạn"}]))
    assert all(c.usage is None for c in without)


@pytest.mark.parametrize("extra, named", [
    ({"n": 2}, "n"),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]}, "tools"),
    ({"response_format": {"type": "json_object"}}, "response_format"),
    ({"max_tokens": 50}, "max_tokens"),
    ({"logprobs": True}, "logprobs"),
])
def test_a_parameter_growthdoc_cannot_honour_is_refused_by_name(served, extra, named):
    url, service = served
    body = {"model": "growthdoc", "messages": [{"role": "user", "content": "hi"}], **extra}
    refused = httpx.post(f"{url}/v1/chat/completions", json=body, headers={"Accept-Language": "en"})
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["param"] == named and named in error["message"]
    assert error["code"] == "unsupported_parameter" and not turns(service, "hi")
    if named in ("n", "response_format"):  # their supported values pass, with the harmless sampling knobs
        ok = httpx.post(f"{url}/v1/chat/completions",
                        json=body | {"n": 1, "response_format": {"type": "text"}, "temperature": 0.2})
        assert ok.status_code == 200


def test_models_by_id_and_the_stream_headers(client, served):
    assert client.models.retrieve("growthdoc").id == "growthdoc"
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve("gpt-4o")
    assert missing.value.code == "model_not_found"
    url, _ = served
    body = {"model": "growthdoc", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body) as response:
        assert response.headers["cache-control"] == "no-cache" and response.headers["x-accel-buffering"] == "no"


def test_a_message_over_the_rest_cap_is_refused_before_any_turn(served):
    from assistant.channels.rest import MAX_MESSAGE_CHARS

    url, service = served
    long = "a" * (MAX_MESSAGE_CHARS + 1)
    refused = httpx.post(f"{url}/v1/chat/completions", headers={"Accept-Language": "en"},
                         json={"model": "growthdoc", "messages": [{"role": "user", "content": long}]})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "message_too_long"
    assert f"{MAX_MESSAGE_CHARS:,}" in refused.json()["error"]["message"] and not turns(service, long)


def test_every_v1_error_is_in_openai_shape(served, served_app, monkeypatch):
    url, service = served
    cases = {
        404: httpx.get(f"{url}/v1/embeddings"),
        405: httpx.get(f"{url}/v1/chat/completions"),
        413: httpx.post(f"{url}/v1/chat/completions", content=b"x" * (2 * 2**20),
                        headers={"Content-Type": "application/json"}),
    }
    monkeypatch.setattr(service, "send_message", lambda *a, **k: 1 / 0)
    cases[500] = httpx.post(f"{url}/v1/chat/completions", json={"model": "growthdoc",
                                                                "messages": [{"role": "user", "content": "hi"}]})
    for status, response in cases.items():
        assert response.status_code == status
        error = response.json()["error"]
        assert error["message"] and error["type"] and "detail" not in response.json(), status
    assert "/v1/chat/completions" in cases[404].json()["error"]["message"]  # says what exists
    assert "ZeroDivisionError" not in cases[500].text


def test_rate_limited_v1_calls_get_openai_shape(monkeypatch):
    monkeypatch.setenv("GROWTHDOC_RATE_LIMIT_IP_PER_MIN", "2")
    get_settings.cache_clear()
    from assistant.server import create_app

    with LocalServer(create_app()) as server:
        codes = [httpx.get(f"{server.url}/v1/models") for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].json()["error"]["type"] == "rate_limit_error" and codes[2].headers["retry-after"]
