"""Migrations (Alembic) on SQLite and PostgreSQL: from the first schema with its data, and matching the models."""

from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from assistant.cli import main
from assistant.conversation import schema
from assistant.core.config import get_settings


def _first_schema_with_data(url: str) -> None:
    """A database as GrowthDoc made it before migrations (create_all, no version table), with a conversation."""
    schema.upgrade(url, "0001")
    now = datetime.now(timezone.utc)
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(text("DROP TABLE alembic_version"))
        db.execute(text("INSERT INTO sessions (id, workspace_id, channel, external_id, state, created_at, updated_at)"
                        " VALUES ('s1', 'default', 'zalo', 'u1', '{\"snapshot\": {\"spend\": 30000000}}', :t, :t)"),
                   {"t": now})
        db.execute(text("INSERT INTO messages (session_id, role, text, citations, artifacts, created_at)"
                        " VALUES ('s1', 'user', 'tháng rồi chạy ads hết 30 triệu', '[]', '[]', :t)"), {"t": now})
        db.execute(text("INSERT INTO webhook_seen_events (channel, event_id, seen_at) VALUES ('zalo', 'm1', :t)"),
                   {"t": now})
    engine.dispose()


def test_the_first_schema_is_refused_then_upgraded_in_place_keeping_everything(database_url, monkeypatch, capsys):
    _first_schema_with_data(database_url)
    with pytest.raises(schema.SchemaOutdated) as refused:
        schema.check(database_url)
    assert "revision 0001" in str(refused.value) and "growthdoc db upgrade" in str(refused.value)

    monkeypatch.setenv("GROWTHDOC_DATABASE_URL", database_url)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    assert f"0001 -> {schema.head()}" in capsys.readouterr().out
    schema.check(database_url)  # the server starts now

    from assistant.conversation.inbox import Inbox
    from assistant.conversation.store import ConversationStore

    store = ConversationStore(database_url)
    assert [m["text"] for m in store.messages("s1")] == ["tháng rồi chạy ads hết 30 triệu"]
    assert store.load("s1", "default").state["snapshot"]["spend"] == 30_000_000
    assert store.session_for_external("default", "zalo", "u1") == "s1"
    inbox = Inbox(database_url, keep_s=3600)
    assert inbox.accept("zalo", [("m1", "u1", {})]) == [False]  # an id seen before the upgrade stays seen
    assert inbox.backlog() == 0
    assert main(["db", "upgrade"]) == 0  # again: nothing to do


def test_the_migrations_build_exactly_the_tables_the_code_uses(database_url):
    schema.upgrade(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       schema.metadata())
    engine.dispose()
    assert differences == []


def test_the_server_refuses_to_start_on_an_old_schema_and_starts_on_an_empty_database(tmp_path, monkeypatch):
    from assistant.server import create_app

    url = f"sqlite:///{tmp_path / 'old.db'}"
    _first_schema_with_data(url)
    monkeypatch.setenv("GROWTHDOC_DATABASE_URL", url)
    get_settings.cache_clear()
    with pytest.raises(SystemExit, match="growthdoc db upgrade"):
        create_app()
    monkeypatch.setenv("GROWTHDOC_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    get_settings.cache_clear()
    create_app()
    assert schema.current(f"sqlite:///{tmp_path / 'new.db'}") == schema.head()
