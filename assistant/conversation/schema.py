"""The database schema's version, with Alembic: `growthdoc db upgrade`, and the check the server runs at start-up.

The migrations live in assistant/conversation/migrations/ (shipped in the wheel). A database made
before migrations existed (tables, no `alembic_version`) is the first schema, revision 0001. A new,
empty database is brought to the head at start-up (there is nothing to migrate); a database at an
older revision is refused with a message naming the command, never half-used.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text

from assistant.conversation.store import make_engine

FIRST = "0001"
MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaOutdated(SystemExit):
    """The database is at an older schema than this version of GrowthDoc needs (the server does not start)."""


def metadata() -> MetaData:
    """Every table GrowthDoc keeps, in one MetaData (Alembic compares the migrations against it)."""
    from assistant.conversation import inbox, models, tenants, tokens

    merged = MetaData()
    for source in (models.Base.metadata, tenants._Base.metadata, inbox._Base.metadata, tokens._Base.metadata):
        for table in source.tables.values():
            table.to_metadata(merged)
    return merged


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(url: str) -> str | None:
    """The database's revision: None when it is empty; FIRST for tables made before migrations."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _revision(connection)
    finally:
        engine.dispose()


def upgrade(url: str, to: str = "head") -> tuple[str | None, str]:
    """Migrate the database to `to`; (revision before, revision after)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _serialise(connection)
            before = _revision(connection)
            config = _config(connection)
            if before is not None and _unversioned(connection):
                command.stamp(config, before)  # made by create_all() before migrations: say which schema it is
            command.upgrade(config, to)
            after = _revision(connection)
        return before, after
    finally:
        engine.dispose()


def ensure(engine) -> None:
    """Every store calls this: an empty database gets the head schema through the migrations (so it is
    versioned); an existing one is left as it is (the server's `check` judges it)."""
    with engine.begin() as connection:
        _serialise(connection)
        if _revision(connection) is None:
            command.upgrade(_config(connection), "head")


def check(url: str) -> None:
    """At start-up: bring an empty database to the head; refuse an older schema with a clear message."""
    found, needed = current(url), head()
    if found == needed:
        return
    if found is None:
        upgrade(url)
        return
    raise SchemaOutdated(
        f"GrowthDoc: the database schema is at revision {found}, this version needs {needed}. "
        f"Back the database up, then run `growthdoc db upgrade` (it migrates in place), and start again.")


def _revision(connection) -> str | None:
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        return MigrationContext.configure(connection).get_current_revision()
    if "sessions" in tables or "tenant_workspaces" in tables or "webhook_seen_events" in tables:
        return FIRST
    return None


def _unversioned(connection) -> bool:
    return "alembic_version" not in set(inspect(connection).get_table_names())


def _serialise(connection) -> None:
    """Two instances starting on one new PostgreSQL database: one migrates, the other waits (until commit)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(7317001)"))


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
