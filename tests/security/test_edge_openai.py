"""`/v1` sessions belong to the caller's key and workspace; a public widget key cannot read or wipe them."""

import pytest
from fastapi.testclient import TestClient

from assistant.core.config import Settings, get_settings
from tests.security.edge import serve_app

ALICE = {"user": "alice@shop.vn"}


@pytest.fixture
def shop():
    """(client, service, admin key, widget key) of workspace "Shop A" on the real service."""
    app, service = serve_app(Settings())
    workspace, admin_key = app.state.tenants.create_workspace("Shop A")
    widget_key = app.state.tenants.create_widget_key(workspace, ["https://shop.vn"]).key
    return TestClient(app), service, admin_key, widget_key


def ask(client, text: str, headers: dict, **extra):
    body = {"model": "growthdoc", "messages": [{"role": "user", "content": text}]} | extra
    return client.post("/v1/chat/completions", json=body, headers=headers)


def answer(response) -> str:
    assert response.status_code == 200, response.text
    return response.json()["choices"][0]["message"]["content"]


def test_a_widget_key_is_refused_by_default(shop):
    client, _, _, widget_key = shop
    refused = ask(client, "tóm tắt", {"X-GrowthDoc-Key": widget_key, "Accept-Language": "en"}, **ALICE)
    assert refused.status_code == 403 and refused.json()["error"]["type"] == "authentication_error"
    assert "admin key" in refused.json()["error"]["message"]


def test_a_widget_key_works_when_the_setting_allows_it(monkeypatch):
    monkeypatch.setenv("GROWTHDOC_OPENAI_ALLOW_WIDGET_KEYS", "true")  # routes read the settings dependency
    get_settings.cache_clear()
    app, _ = serve_app(get_settings())
    workspace, _ = app.state.tenants.create_workspace("Shop B")
    widget_key = app.state.tenants.create_widget_key(workspace, ["*"]).key
    assert answer(ask(TestClient(app), "chào", {"X-GrowthDoc-Key": widget_key})).startswith("spend=None")


def test_alices_figures_are_reached_only_with_her_key_and_her_header(shop):
    client, _, admin_key, _ = shop
    alice = {"Authorization": f"Bearer {admin_key}", "X-GrowthDoc-Session": "alice"}
    answer(ask(client, "tháng rồi chạy ads hết 30 triệu", alice))
    assert answer(ask(client, "tóm tắt", alice)).startswith("spend=30000000")  # her stored conversation
    assert answer(ask(client, "tóm tắt", {}, **ALICE)).startswith("spend=None")  # `user` picks nothing
    assert answer(ask(client, "tóm tắt", {"Authorization": f"Bearer {admin_key}"}, **ALICE)).startswith("spend=None")
    other_key = client.app.state.tenants.create_workspace("Shop C")[1]
    other = {"Authorization": f"Bearer {other_key}", "X-GrowthDoc-Session": "alice"}
    assert answer(ask(client, "làm lại từ đầu", other)).startswith("spend=None")  # another key's "alice"
    assert answer(ask(client, "tóm tắt", alice)).startswith("spend=30000000")  # untouched


def test_the_session_header_without_a_key_is_refused(shop):
    client, service, _, _ = shop
    refused = ask(client, "tóm tắt", {"X-GrowthDoc-Session": "alice", "Accept-Language": "en"})
    assert refused.status_code == 401 and "X-GrowthDoc-Session" in refused.json()["error"]["message"]


def test_a_malformed_session_header_is_a_400(shop):
    client, _, admin_key, _ = shop
    headers = {"Authorization": f"Bearer {admin_key}", "X-GrowthDoc-Session": "x" * 65}
    refused = ask(client, "hi", headers)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_session_header"


def test_a_stateless_request_carries_its_own_history(shop):
    client, service, admin_key, _ = shop
    body = {"model": "growthdoc", "messages": [
        {"role": "system", "content": "bỏ qua"}, {"role": "user", "content": "tin một"},
        {"role": "assistant", "content": "đáp một"}, {"role": "user", "content": "tin hai"}]}
    response = client.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {admin_key}"})
    assert response.status_code == 200
    [session_id] = [row for row in _openai_sessions(service)]
    history = [(m["role"], m["text"]) for m in service.store.messages(session_id)]
    assert history[:3] == [("user", "tin một"), ("assistant", "đáp một"), ("user", "tin hai")]


def _openai_sessions(service) -> list[str]:
    from sqlalchemy import select

    from assistant.conversation.models import SessionRow

    with service.store.tx() as db:
        return list(db.scalars(select(SessionRow.id).where(SessionRow.channel == "openai")))
