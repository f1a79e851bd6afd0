"""Workspaces and keys: the admin API, key checks, per-key CORS, REQUIRE_KEYS, isolation."""

import pytest
from fastapi.testclient import TestClient

from assistant.channels.deps import WorkspaceDep
from assistant.core.config import get_settings
from assistant.server import create_app

ADMIN_TOKEN = "bootstrap-token-for-tests"
SHOP = "https://shop.example.vn"


def _client(monkeypatch, **env) -> TestClient:
    monkeypatch.setenv("GROWTHDOC_ADMIN_TOKEN", ADMIN_TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(f"GROWTHDOC_{name.upper()}", value)
    get_settings.cache_clear()
    app = create_app()

    @app.get("/api/_whoami")  # probe of the workspace dependency, independent of the REST routes
    def whoami(workspace: WorkspaceDep) -> dict:
        return {"workspace": workspace}

    return TestClient(app)


def _workspace(client: TestClient, name: str = "Shop A") -> dict:
    created = client.post("/api/admin/workspaces", json={"name": name},
                          headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert created.status_code == 201
    return created.json()


def _widget_key(client: TestClient, admin_key: str, origins: list[str]) -> str:
    made = client.post("/api/admin/keys", json={"allowed_origins": origins, "label": "site"},
                       headers={"Authorization": f"Bearer {admin_key}"})
    assert made.status_code == 201
    return made.json()["key"]


def test_creating_a_workspace_needs_the_bootstrap_token(monkeypatch):
    client = _client(monkeypatch)
    refused = client.post("/api/admin/workspaces", json={"name": "X"}, headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401 and refused.json()["code"] == "access.bad_admin_token"
    made = _workspace(client)
    assert made["workspace_id"].startswith("ws_") and made["admin_key"].startswith("gdk_admin_")


def test_admin_api_is_off_without_a_token(monkeypatch):
    client = _client(monkeypatch, admin_token="")
    refused = client.post("/api/admin/workspaces", json={"name": "X"}, headers={"Authorization": "Bearer x"})
    assert refused.status_code == 403 and "GROWTHDOC_ADMIN_TOKEN" in refused.json()["detail"]


def test_widget_keys_are_listed_per_workspace_and_revocable(monkeypatch):
    client = _client(monkeypatch)
    a, b = _workspace(client, "A"), _workspace(client, "B")
    key_a = _widget_key(client, a["admin_key"], [SHOP + "/", "HTTPS://Blog.Example.vn"])
    listed = client.get("/api/admin/keys", headers={"Authorization": f"Bearer {a['admin_key']}"}).json()
    assert [k["key"] for k in listed] == [key_a]
    assert listed[0]["allowed_origins"] == ["https://blog.example.vn", SHOP]
    assert client.get("/api/admin/keys", headers={"Authorization": f"Bearer {b['admin_key']}"}).json() == []
    other = client.delete(f"/api/admin/keys/{key_a}", headers={"Authorization": f"Bearer {b['admin_key']}"})
    assert other.status_code == 404
    assert client.delete(f"/api/admin/keys/{key_a}", headers={"Authorization": f"Bearer {a['admin_key']}"}).status_code == 204
    assert client.get("/api/_whoami", headers={"X-GrowthDoc-Key": key_a}).status_code == 401


def test_keys_resolve_to_their_workspace(monkeypatch):
    client = _client(monkeypatch)
    ws = _workspace(client)
    key = _widget_key(client, ws["admin_key"], [SHOP])
    assert client.get("/api/_whoami").json() == {"workspace": "default"}
    assert client.get("/api/_whoami", headers={"X-GrowthDoc-Key": key, "Origin": SHOP}).json() == {"workspace": ws["workspace_id"]}
    bearer = {"Authorization": f"Bearer {ws['admin_key']}"}
    assert client.get("/api/_whoami", headers=bearer).json() == {"workspace": ws["workspace_id"]}
    # an OpenAI client's placeholder key is not ours: it counts as no key
    assert client.get("/api/_whoami", headers={"Authorization": "Bearer sk-none"}).json() == {"workspace": "default"}


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({"X-GrowthDoc-Key": "gdk_pub_unknown"}, 401, "access.bad_widget_key"),
    ({"Authorization": "Bearer gdk_admin_forged"}, 401, "access.bad_admin_key"),
])
def test_unknown_keys_are_refused(monkeypatch, headers, status, code):
    response = _client(monkeypatch).get("/api/_whoami", headers=headers)
    assert response.status_code == status and response.json()["code"] == code


def test_a_widget_key_is_refused_from_a_site_it_does_not_list(monkeypatch):
    client = _client(monkeypatch)
    key = _widget_key(client, _workspace(client)["admin_key"], [SHOP])
    refused = client.get("/api/_whoami", headers={"X-GrowthDoc-Key": key, "Origin": "https://evil.example"})
    assert refused.status_code == 403 and "https://evil.example" in refused.json()["detail"]
    assert "access-control-allow-origin" not in refused.headers


def test_cors_headers_only_for_the_keys_origins(monkeypatch):
    client = _client(monkeypatch)
    key = _widget_key(client, _workspace(client)["admin_key"], [SHOP])
    preflight = {"Origin": SHOP, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "x-growthdoc-key, content-type"}
    ok = client.options("/api/sessions", headers=preflight)
    assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == SHOP
    assert "X-GrowthDoc-Key" in ok.headers["access-control-allow-headers"]
    assert client.options("/api/sessions", headers=preflight | {"Origin": "https://evil.example"}).status_code == 403
    allowed = client.get("/api/_whoami", headers={"X-GrowthDoc-Key": key, "Origin": SHOP})
    assert allowed.headers["access-control-allow-origin"] == SHOP


def test_require_keys_refuses_anonymous_calls_in_the_callers_language(monkeypatch):
    client = _client(monkeypatch, require_keys="true")
    refused = client.get("/api/_whoami", headers={"Accept-Language": "en"})
    assert refused.status_code == 401 and refused.json()["code"] == "access.key_required"
    assert "key is required" in refused.json()["detail"]
    assert "Cần khoá" in client.get("/api/_whoami").json()["detail"]
    key = _widget_key(client, _workspace(client)["admin_key"], ["*"])
    assert client.get("/api/_whoami", headers={"X-GrowthDoc-Key": key, "Origin": "https://any.site"}).status_code == 200
    assert client.get("/healthz").status_code == 200  # probes need no key


def test_one_workspace_never_reads_another_workspaces_sessions_or_uploads(monkeypatch, samples):
    """Real REST routes and service: A's conversation is invisible to B and to the default workspace."""
    with _client(monkeypatch) as client:
        a, b = _workspace(client, "A"), _workspace(client, "B")
        key_a = {"X-GrowthDoc-Key": _widget_key(client, a["admin_key"], [SHOP]), "Origin": SHOP}
        key_b = {"X-GrowthDoc-Key": _widget_key(client, b["admin_key"], [SHOP]), "Origin": SHOP}
        session = client.post("/api/sessions", headers=key_a).json()["session_id"]
        upload = client.post(f"/api/sessions/{session}/uploads", headers=key_a,
                             files={"file": ("meta.csv", (samples / "meta_ads_vi.csv").read_bytes(), "text/csv")})
        assert upload.status_code == 200
        for other in (key_b, {"Authorization": f"Bearer {b['admin_key']}"}, {}):
            assert client.get(f"/api/sessions/{session}", headers=other).status_code == 404
            assert client.post(f"/api/sessions/{session}/messages", headers=other, json={"text": "chào"}).status_code == 404
            sneaked = client.post(f"/api/sessions/{session}/uploads", headers=other,
                                  files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
            assert sneaked.status_code == 404
        history = client.get(f"/api/sessions/{session}", headers={"Authorization": f"Bearer {a['admin_key']}"}).json()
        assert [u["dataset_id"] for u in history["uploads"]] == [upload.json()["dataset_id"]]
        assert all("chào" not in m["text"] for m in history["messages"])  # nothing B sent landed in A's session


# --- admin keys: rotate, revoke, reissue; erasure of a workspace's data (issue 14) --------------------

SAMPLE = ("meta_ads_vi.csv", "text/csv")


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _session_with_upload(client: TestClient, admin_key: str, samples) -> tuple[str, str]:
    """A session of the admin key's workspace holding one upload; (session_id, dataset_id)."""
    sid = client.post("/api/sessions", headers=_bearer(admin_key)).json()["session_id"]
    with open(samples / SAMPLE[0], "rb") as f:
        made = client.post(f"/api/sessions/{sid}/uploads", files={"file": (SAMPLE[0], f, SAMPLE[1])},
                           headers=_bearer(admin_key))
    assert made.status_code == 200, made.text
    return sid, made.json()["dataset_id"]


def _files(settings, sid: str) -> list:
    """The bytes of the session's uploads as kept (in the database, so every instance has them)."""
    from sqlalchemy import select

    from assistant.conversation.models import UploadBlobRow, UploadRow
    from assistant.conversation.store import ConversationStore

    with ConversationStore(settings.sqlalchemy_url).tx() as db:
        return sorted(db.scalars(select(UploadBlobRow.data).join(UploadRow, UploadRow.id == UploadBlobRow.id)
                                 .where(UploadRow.session_id == sid)))


def test_rotating_the_admin_key_returns_a_new_one_once_and_the_old_one_stops_at_once(monkeypatch):
    client = _client(monkeypatch)
    ws = _workspace(client)
    rotated = client.post("/api/admin/admin-key", headers=_bearer(ws["admin_key"]))
    assert rotated.status_code == 200
    new_key = rotated.json()["admin_key"]
    assert new_key.startswith("gdk_admin_") and new_key != ws["admin_key"]
    assert rotated.json()["workspace_id"] == ws["workspace_id"]
    old = client.get("/api/admin/keys", headers=_bearer(ws["admin_key"]))
    assert old.status_code == 401 and old.json()["code"] == "access.bad_admin_key"
    assert client.get("/api/admin/keys", headers=_bearer(new_key)).status_code == 200
    assert client.get("/api/_whoami", headers=_bearer(new_key)).json() == {"workspace": ws["workspace_id"]}


def test_a_revoked_admin_key_stops_and_only_the_bootstrap_token_issues_a_new_one(monkeypatch):
    client = _client(monkeypatch)
    ws, other = _workspace(client, "A"), _workspace(client, "B")
    assert client.delete("/api/admin/admin-key", headers=_bearer(ws["admin_key"])).status_code == 204
    assert client.get("/api/admin/keys", headers=_bearer(ws["admin_key"])).status_code == 401
    path = f"/api/admin/workspaces/{ws['workspace_id']}/admin-key"
    assert client.post(path, headers=_bearer(other["admin_key"])).status_code == 401  # not the bootstrap token
    reissued = client.post(path, headers=_bearer(ADMIN_TOKEN))
    assert reissued.status_code == 200
    assert client.get("/api/admin/keys", headers=_bearer(reissued.json()["admin_key"])).status_code == 200
    assert client.post("/api/admin/workspaces/ws_nope/admin-key", headers=_bearer(ADMIN_TOKEN)).status_code == 404
    assert client.get("/api/admin/keys", headers=_bearer(other["admin_key"])).status_code == 200  # B untouched


def test_an_owner_erases_a_session_with_its_messages_uploads_and_files(monkeypatch, samples):
    with _client(monkeypatch) as client:
        a, b = _workspace(client, "A"), _workspace(client, "B")
        sid, _ = _session_with_upload(client, a["admin_key"], samples)
        settings = get_settings()
        assert _files(settings, sid)
        refused = client.delete(f"/api/admin/sessions/{sid}", headers=_bearer(b["admin_key"]))
        assert refused.status_code == 404 and refused.json()["code"] == "access.not_found"
        assert client.get(f"/api/sessions/{sid}", headers=_bearer(a["admin_key"])).status_code == 200
        assert _files(settings, sid)  # B's key erased nothing
        assert client.delete(f"/api/admin/sessions/{sid}", headers=_bearer(a["admin_key"])).status_code == 204
        assert client.get(f"/api/sessions/{sid}", headers=_bearer(a["admin_key"])).status_code == 404
        assert _files(settings, sid) == []
        assert client.delete(f"/api/admin/sessions/{sid}", headers=_bearer(a["admin_key"])).status_code == 404


def test_an_owner_erases_one_upload_and_its_file(monkeypatch, samples):
    with _client(monkeypatch) as client:
        a, b = _workspace(client, "A"), _workspace(client, "B")
        sid, dataset = _session_with_upload(client, a["admin_key"], samples)
        assert client.delete(f"/api/admin/uploads/{dataset}", headers=_bearer(b["admin_key"])).status_code == 404
        assert len(_files(get_settings(), sid)) == 1
        assert client.delete(f"/api/admin/uploads/{dataset}", headers=_bearer(a["admin_key"])).status_code == 204
        assert _files(get_settings(), sid) == []
        session = client.get(f"/api/sessions/{sid}", headers=_bearer(a["admin_key"])).json()
        assert session["uploads"] == [] and session["messages"]  # the conversation itself stays


def test_an_owner_erases_the_whole_workspace_and_no_other(monkeypatch, samples):
    with _client(monkeypatch) as client:
        a, b = _workspace(client, "A"), _workspace(client, "B")
        sid_a, _ = _session_with_upload(client, a["admin_key"], samples)
        sid_b, _ = _session_with_upload(client, b["admin_key"], samples)
        widget = _widget_key(client, a["admin_key"], [SHOP])
        path = f"/api/admin/workspaces/{b['workspace_id']}"
        assert client.delete(path, headers=_bearer(a["admin_key"])).status_code == 404  # not A's to erase
        gone = client.delete(f"/api/admin/workspaces/{a['workspace_id']}", headers=_bearer(a["admin_key"]))
        assert gone.status_code == 204
        assert _files(get_settings(), sid_a) == [] and _files(get_settings(), sid_b)
        assert client.get("/api/admin/keys", headers=_bearer(a["admin_key"])).status_code == 401
        assert client.get("/api/_whoami", headers={"X-GrowthDoc-Key": widget}).status_code == 401
        assert client.get(f"/api/sessions/{sid_b}", headers=_bearer(b["admin_key"])).status_code == 200
