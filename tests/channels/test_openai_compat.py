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
