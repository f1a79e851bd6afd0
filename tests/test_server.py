"""The HTTP edge as a whole: every route answers its errors in the reader's language; every /api route checks the key."""

from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from assistant.channels.deps import get_service
from assistant.core.config import Settings, get_settings
from assistant.core.lang import strip_diacritics
from assistant.server import create_app

try:  # newer FastAPI keeps included routers nested
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI at its floor flattens them into app.routes
    def iter_route_contexts(routes):
        return routes

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PREFERENCES = [("vi;q=0.5, en;q=0.9", "en"), ("en;q=0.1, vi", "vi")]


class NoSessions:
    """A conversation service that knows no session: the 404 path of every conversation route."""

    class store:
        @staticmethod
        def load(session_id, workspace_id):
            return None

        @staticmethod
        def lang_of(session_id, workspace_id):
            return None

    def get_session(self, session_id, workspace_id="default"):
        return None


@dataclass
class Provoke:
    """How to make one route answer a user-facing error, and which one it must be."""

    status: int
    code: str
    env: dict = field(default_factory=dict)
    request: dict = field(default_factory=dict)
    repeat: int = 1


KEYS_REQUIRED = {"require_keys": "true"}
ADMIN_KEY_NEEDED = Provoke(401, "access.admin_key_needed")
CHANNEL_OFF = Provoke(503, "channels.channel_off")
ERRORS = {
    ("POST", "/api/sessions"): Provoke(401, "access.key_required", env=KEYS_REQUIRED),
    ("GET", "/api/sessions/{session_id}"): Provoke(404, "engine.session_not_found"),
    ("POST", "/api/sessions/{session_id}/messages"): Provoke(404, "engine.session_not_found",
                                                             request={"json": {"text": "hi"}}),
    ("POST", "/api/sessions/{session_id}/uploads"): Provoke(404, "engine.session_not_found",
                                                            request={"files": {"file": ("a.csv", b"a,b\n1,2\n")}}),
    ("POST", "/api/kpis"): Provoke(415, "kpi.binary_file", request={"files": {"file": ("a.csv", JPEG)}}),
    ("POST", "/api/diagnose"): Provoke(422, "diagnosis.bad_snapshot", request={"json": {"funnel": {"leads": "abc"}}}),
    ("POST", "/api/compare"): Provoke(400, "compare.need_periods", request={"files": {"files": ("a.csv", b"month,leads\n2026-10,5\n")}}),
    ("POST", "/api/whatif"): Provoke(400, "whatif.bad_rate", request={"params": {"rate": "abc"}, "json": {"funnel": {}}}),
    ("POST", "/api/report"): Provoke(422, "diagnosis.no_funnel", request={"json": {"spend": 5}}),
    ("GET", "/api/sessions/{session_id}/report"): Provoke(404, "engine.session_not_found"),
    ("GET", "/api/knowledge/passage"): Provoke(404, "channels.passage_not_found", request={"params": {"doc_id": "nope"}}),
    ("POST", "/api/admin/workspaces"): Provoke(403, "access.admin_disabled", request={"json": {"name": "A"}}),
    ("POST", "/api/admin/keys"): ADMIN_KEY_NEEDED,
    ("GET", "/api/admin/keys"): ADMIN_KEY_NEEDED,
    ("DELETE", "/api/admin/keys/{key}"): ADMIN_KEY_NEEDED,
    ("POST", "/api/admin/admin-key"): ADMIN_KEY_NEEDED,
    ("DELETE", "/api/admin/admin-key"): ADMIN_KEY_NEEDED,
    ("POST", "/api/admin/workspaces/{workspace_id}/admin-key"): Provoke(403, "access.admin_disabled"),
    ("DELETE", "/api/admin/workspaces/{workspace_id}"): ADMIN_KEY_NEEDED,
    ("DELETE", "/api/admin/sessions/{session_id}"): ADMIN_KEY_NEEDED,
    ("DELETE", "/api/admin/uploads/{dataset_id}"): ADMIN_KEY_NEEDED,
    ("GET", "/channels/messenger/webhook"): CHANNEL_OFF,
    ("POST", "/channels/messenger/webhook"): CHANNEL_OFF,
    ("POST", "/channels/zalo/webhook"): CHANNEL_OFF,
    ("GET", "/v1/models"): Provoke(429, "access.rate_limited", env={"rate_limit_ip_per_min": "1"}, repeat=2),
    ("POST", "/v1/chat/completions"): Provoke(400, "no_user_message", request={"json": {
        "model": "growthdoc", "messages": [{"role": "system", "content": "only system"}]}}),
    ("GET", "/v1/models/{model_id}"): Provoke(404, "model_not_found"),
    ("GET", "/metrics"): Provoke(401, "access.metrics_token_needed",
                                 env=KEYS_REQUIRED | {"admin_token": "admin-token-for-metrics"}),
}
NO_USER_ERRORS = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/widget.js"), ("GET", "/static/demo.css"), ("GET", "/")}


def _app(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(f"GROWTHDOC_{name.upper()}", value)
    get_settings.cache_clear()
    app = create_app()
    app.dependency_overrides[get_service] = NoSessions
    return app


def _routes(app) -> set[tuple[str, str]]:
    docs = {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
    return {(method, r.path) for r in iter_route_contexts(app.routes) if r.path not in docs for method in r.methods}


def _error(body: dict) -> tuple[str, str]:
    """(code, message) of our `{"detail", "code"}` or of OpenAI's `{"error": {...}}`."""
    return (body["code"], body["detail"]) if "detail" in body else (body["error"]["code"], body["error"]["message"])


def test_the_table_names_every_route(monkeypatch):
    assert _routes(_app(monkeypatch)) == set(ERRORS) | NO_USER_ERRORS


@pytest.mark.parametrize("accept, lang", PREFERENCES)
@pytest.mark.parametrize("route", sorted(ERRORS), ids="{0[0]} {0[1]}".format)
def test_every_route_answers_its_error_in_the_language_accept_language_prefers(monkeypatch, route, accept, lang):
    method, path = route
    case = ERRORS[route]
    client = TestClient(_app(monkeypatch, **case.env))
    url = path.replace("{session_id}", "nope").replace("{key}", "gdk_pub_nope")
    for _ in range(case.repeat):
        response = client.request(method, url, headers={"Accept-Language": accept}, **case.request)
    code, message = _error(response.json())
    assert (response.status_code, code) == (case.status, case.code)
    assert (strip_diacritics(message) != message) == (lang == "vi"), message  # Vietnamese carries its diacritics


def test_every_api_route_but_admin_refuses_a_call_without_a_key_when_keys_are_required(monkeypatch):
    app = _app(monkeypatch, **KEYS_REQUIRED)
    client = TestClient(app)
    guarded = sorted((m, p) for m, p in _routes(app) if p.startswith("/api/") and not p.startswith("/api/admin/"))
    assert ("POST", "/api/kpis") in guarded and len(guarded) == 11
    for method, path in guarded:
        response = client.request(method, path.replace("{session_id}", "any"))
        assert (method, path, response.status_code, response.json()["code"]) == \
            (method, path, 401, "access.key_required")


def test_kpis_needs_a_key_when_keys_are_required(monkeypatch, samples):
    client = TestClient(_app(monkeypatch, **KEYS_REQUIRED))
    file = {"file": ("deals.csv", (samples / "hubspot_deals.csv").read_bytes(), "text/csv")}
    refused = client.post("/api/kpis", files=file)
    assert refused.status_code == 401 and refused.json()["code"] == "access.key_required"
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    _, admin_key = client.app.state.tenants.create_workspace("Shop A")
    allowed = client.post("/api/kpis", files=file, headers={"Authorization": f"Bearer {admin_key}"})
    assert allowed.status_code == 200 and allowed.json()["detected_format"] == "hubspot_deals"


def test_the_rate_limit_follows_the_settings_given_to_create_app():
    client = TestClient(create_app(Settings(rate_limit_ip_per_min=1)))  # the environment says 60
    assert [client.get("/v1/models").status_code for _ in range(2)] == [200, 429]
