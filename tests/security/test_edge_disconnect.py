"""A client that drops a stream mid-reply: the turn is stored and the session is free for the next turn.

A real uvicorn server on 127.0.0.1, the real conversation service (its per-session lock) and an engine
that answers slowly word by word; the client reads the first chunk and hangs up.
"""

import httpx
import pytest

from assistant.core.config import get_settings
from tests.channels.fakes import LocalServer
from tests.security.edge import ScriptedEngine, serve_app

NEXT_TURN_TIMEOUT_S = 15.0  # the dropped turn needs ~2 s to finish; the old lock was held 20-60 s


@pytest.fixture
def server():
    get_settings.cache_clear()
    app, service = serve_app(get_settings(), ScriptedEngine(delay_s=0.05, words=40))
    _, admin_key = app.state.tenants.create_workspace("Shop A")
    with LocalServer(app) as running:
        yield running.url, service, admin_key


def _drop_after_first_chunk(method: str, url: str, **kwargs) -> None:
    with httpx.Client(timeout=10) as client, client.stream(method, url, **kwargs) as response:
        assert response.status_code == 200
        next(response.iter_raw())  # the reply has started; the client leaves


def test_a_dropped_v1_stream_keeps_its_turn_and_frees_the_session(server):
    url, service, admin_key = server
    headers = {"Authorization": f"Bearer {admin_key}", "X-GrowthDoc-Session": "tab-1"}
    first = {"model": "growthdoc", "stream": True, "messages": [{"role": "user", "content": "ads hết 30 triệu"}]}
    _drop_after_first_chunk("POST", f"{url}/v1/chat/completions", json=first, headers=headers)
    second = {"model": "growthdoc", "messages": [{"role": "user", "content": "tóm tắt"}]}
    response = httpx.post(f"{url}/v1/chat/completions", json=second, headers=headers, timeout=NEXT_TURN_TIMEOUT_S)
    assert response.json()["choices"][0]["message"]["content"].startswith("spend=30000000")
    [session_id] = {sid for sid in _sessions(service)}
    roles = [m["role"] for m in service.store.messages(session_id)]
    assert roles == ["user", "assistant", "user", "assistant"]  # the dropped turn's reply was stored


def test_a_dropped_rest_stream_keeps_its_turn_and_frees_the_session(server):
    url, service, _ = server
    sid = httpx.post(f"{url}/api/sessions").json()["session_id"]
    _drop_after_first_chunk("POST", f"{url}/api/sessions/{sid}/messages", json={"text": "ads hết 30 triệu"},
                            headers={"Accept": "text/event-stream"})
    response = httpx.post(f"{url}/api/sessions/{sid}/messages", json={"text": "tóm tắt"},
                          timeout=NEXT_TURN_TIMEOUT_S)
    assert response.json()["reply"].startswith("spend=30000000")
    assert [m["role"] for m in service.store.messages(sid)] == ["user", "assistant", "user", "assistant"]


def _sessions(service) -> list[str]:
    from sqlalchemy import select

    from assistant.conversation.models import SessionRow

    with service.store.tx() as db:
        return list(db.scalars(select(SessionRow.id).where(SessionRow.channel == "openai")))
