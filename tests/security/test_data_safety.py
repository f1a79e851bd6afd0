"""Quotas, file modes, retention: what a stranger uploads is bounded, private to the server, and expires."""

import json
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, insert, update

from assistant.cli import main
from assistant.conversation.models import SessionRow, UploadRow
from assistant.conversation.store import ConversationStore
from assistant.core.config import get_settings
from assistant.server import create_app

CSV = b"Ngay,Chi phi,Luot nhap\n2026-10-01,100000,10\n"


def _app(monkeypatch, **env) -> TestClient:
    for name, value in env.items():
        monkeypatch.setenv(f"GROWTHDOC_{name.upper()}", str(value))
    get_settings.cache_clear()
    return TestClient(create_app())


def _upload(client: TestClient, sid: str, name: str = "a.csv", data: bytes = CSV):
    return client.post(f"/api/sessions/{sid}/uploads", files={"file": (name, data, "text/csv")})


def _english_session(client: TestClient) -> str:
    """A session whose owner writes English (errors of a session answer in its language)."""
    sid = client.post("/api/sessions").json()["session_id"]
    assert client.post(f"/api/sessions/{sid}/messages", json={"text": "Hello, how do I find my bottleneck?"}).status_code == 200
    return sid


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_session_gets_its_quota_of_files_then_a_429_in_its_language(monkeypatch):
    with _app(monkeypatch, upload_quota_session_files=2) as client:
        sid, en = client.post("/api/sessions").json()["session_id"], _english_session(client)
        assert [_upload(client, sid).status_code for _ in range(2)] == [200, 200]
        refused = _upload(client, sid)
        assert refused.status_code == 429 and refused.json()["code"] == "common.too_many_uploads"
        assert "đã có đủ 2 tệp tải lên" in refused.json()["detail"]
        assert len(client.get(f"/api/sessions/{sid}").json()["uploads"]) == 2  # nothing stored past the quota
        assert [_upload(client, en).status_code for _ in range(2)] == [200, 200]
        assert "already holds 2 uploaded files" in _upload(client, en).json()["detail"]
        other = client.post("/api/sessions").json()["session_id"]
        assert _upload(client, other).status_code == 200  # the quota is per session


def test_a_session_gets_its_quota_of_bytes_then_a_413(monkeypatch):
    with _app(monkeypatch, upload_quota_session_mb=len(CSV) * 1.5 / 2**20) as client:
        sid = _english_session(client)
        assert _upload(client, sid).status_code == 200
        refused = _upload(client, sid)
        assert refused.status_code == 413 and refused.json()["code"] == "common.uploads_too_large"
        assert "This conversation's files would take more than" in refused.json()["detail"]
        assert len(ConversationStore(get_settings().sqlalchemy_url).uploads(sid)) == 1


def test_the_workspace_quota_spans_its_sessions(monkeypatch):
    with _app(monkeypatch, upload_quota_workspace_files=3) as client:
        sids = [client.post("/api/sessions").json()["session_id"] for _ in range(4)]
        assert [_upload(client, sid).status_code for sid in sids] == [200, 200, 200, 429]
        assert "Không gian làm việc này đã có đủ 3 tệp" in _upload(client, sids[3]).json()["detail"]


@pytest.fixture
def usual_umask():
    """The usual umask 022, under which files are created 0644 unless the code says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_uploads_and_the_database_are_readable_by_the_server_only(monkeypatch, usual_umask):
    with _app(monkeypatch) as client:
        sid = client.post("/api/sessions").json()["session_id"]
        assert _upload(client, sid).status_code == 200
    settings = get_settings()
    assert _mode(settings.data_dir) == 0o700
    assert not settings.uploads_dir.exists()  # the file's bytes are in the database, which is private
    db = settings.data_dir / "growthdoc.db"
    assert _mode(db) == 0o600
    assert all(_mode(p) == 0o600 for p in settings.data_dir.glob("growthdoc.db*"))


def test_the_zalo_tokens_are_kept_in_the_private_database_only(monkeypatch, usual_umask):
    from assistant.channels.zalo import ZaloTokens

    monkeypatch.setenv("GROWTHDOC_ZALO_ACCESS_TOKEN", "a1")
    monkeypatch.setenv("GROWTHDOC_ZALO_REFRESH_TOKEN", "r1")
    get_settings.cache_clear()
    settings = get_settings()
    tokens = ZaloTokens(settings, http=None)  # keeping them needs no HTTP
    with tokens.store.locked("zalo") as (_, save):
        save("a2", "r2", None)
    assert tokens.access == "a2"
    assert _mode(settings.data_dir / "growthdoc.db") == 0o600 and _mode(settings.data_dir) == 0o700
    assert [p.name for p in settings.data_dir.iterdir() if "token" in p.name] == []  # no token file beside it


def _age(store: ConversationStore, sid: str, days: int) -> None:
    """Make a session and its uploads look `days` old."""
    then = datetime.now(UTC) - timedelta(days=days)
    with store.tx() as db:
        db.execute(update(SessionRow).where(SessionRow.id == sid).values(updated_at=then, created_at=then))
        db.execute(update(UploadRow).where(UploadRow.session_id == sid).values(created_at=then))


@pytest.fixture
def aged(monkeypatch):
    """An old session, a live session with an old upload and a new one, and a fresh session."""
    with _app(monkeypatch) as client:
        old, live, fresh = (client.post("/api/sessions").json()["session_id"] for _ in range(3))
        for sid in (old, live, fresh):
            assert _upload(client, sid).status_code == 200
        client.post(f"/api/sessions/{old}/messages", json={"text": "chào"})
    store = ConversationStore(get_settings().sqlalchemy_url)
    _age(store, old, 40)
    _age(store, live, 40)
    with store.tx() as db:  # the live session was used today; its first upload is old
        db.execute(update(SessionRow).where(SessionRow.id == live).values(updated_at=datetime.now(UTC)))
    return store, old, live, fresh


def test_purge_is_a_dry_run_unless_told_yes(aged, capsys):
    store, old, live, _ = aged
    assert main(["purge", "--days", "30", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["deleted"] is False and found["sessions"] == [old] and len(found["uploads"]) == 1
    assert store.load(old, "default") is not None and store.uploads(live)


def test_purge_erases_expired_sessions_messages_uploads_and_files(aged, capsys):
    store, old, live, fresh = aged
    kept = {sid: [u["dataset_id"] for u in store.uploads(sid)] for sid in (old, live, fresh)}
    assert main(["--lang", "en", "purge", "--days", "30", "--yes"]) == 0
    assert "Erased 1 sessions" in capsys.readouterr().out
    assert store.load(old, "default") is None and store.messages(old) == [] and store.uploads(old) == []
    assert store.upload_data(kept[old][0]) is None
    assert store.load(live, "default") is not None and store.uploads(live) == []  # its old upload went alone
    assert store.upload_data(kept[live][0]) is None
    assert len(store.uploads(fresh)) == 1 and store.upload_data(kept[fresh][0])


def test_purge_with_retention_zero_keeps_everything(aged, capsys):
    store, old, *_ = aged
    assert main(["--lang", "en", "purge", "--yes"]) == 0  # GROWTHDOC_RETENTION_DAYS defaults to 0
    assert "keep forever" in capsys.readouterr().out and store.load(old, "default") is not None


def test_purge_reads_the_retention_setting(aged, monkeypatch, capsys):
    store, old, *_ = aged
    monkeypatch.setenv("GROWTHDOC_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    assert main(["purge", "--yes"]) == 0 and store.load(old, "default") is None


def test_purge_erases_more_sessions_than_one_sql_statement_may_name(tmp_path):
    """SQLite refuses a statement with more bound values than its limit (999 in older builds): slices."""
    store = ConversationStore(f"sqlite:///{tmp_path / 'many.db'}")
    store.engine.dispose()
    event.listen(store.engine, "connect",
                 lambda conn, _: conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999))
    then = datetime.now(UTC) - timedelta(days=40)
    with store.tx() as db:
        db.execute(insert(SessionRow), [{"id": f"s{i}", "workspace_id": "default", "channel": "web", "state": {},
                                         "created_at": then, "updated_at": then} for i in range(2_500)])
    expired = store.expired(datetime.now(UTC) - timedelta(days=30))
    assert len(expired["sessions"]) == 2_500
    store.purge(expired)
    assert store.expired(datetime.now(UTC)) == {"sessions": [], "uploads": []}
