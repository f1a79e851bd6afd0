"""Platform tokens in the database (the Zalo OA's access and refresh tokens), shared by every instance.

A Zalo refresh token works once: an instance that refreshes must hand the new pair to the others at
once, or their next send fails. The pair lives in one row; a refresh happens under that row's lock
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite a write taken first, which locks the database file),
and a refresher that finds the row already changed uses the new token instead of refreshing again.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import DateTime, String, Text, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from assistant.conversation.store import ensure_schema, make_engine


class _Base(DeclarativeBase):
    pass


class TokenRow(_Base):
    __tablename__ = "channel_tokens"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    seed: Mapped[str] = mapped_column(String(64))  # fingerprint of the configured refresh token it came from
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass
class Tokens:
    access: str
    refresh: str | None
    expires_at: datetime | None


class TokenStore:
    """`current(channel)`, `seed(...)` at start-up, and `locked(channel)` for a refresh."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        ensure_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._local = threading.Lock()  # threads of this process queue here before the database lock

    def seed(self, channel: str, access: str, refresh: str | None, seed: str) -> None:
        """Store the configured tokens unless the row already holds tokens renewed from the same ones."""
        with self._sessions.begin() as db:
            row = self._lock_row(db, channel)
            if row is None:
                db.add(TokenRow(channel=channel, access_token=access, refresh_token=refresh, seed=seed,
                                expires_at=None, updated_at=_now()))
            elif row.seed != seed:  # the operator configured new tokens: they win over the renewed ones
                row.access_token, row.refresh_token, row.seed = access, refresh, seed
                row.expires_at, row.updated_at = None, _now()

    def current(self, channel: str) -> Tokens | None:
        with self._sessions.begin() as db:
            row = db.get(TokenRow, channel)
            return None if row is None else Tokens(row.access_token, row.refresh_token, _aware(row.expires_at))

    @contextmanager
    def locked(self, channel: str) -> Iterator[tuple[Tokens | None, callable]]:
        """(tokens as they are now, save(access, refresh, expires_at)) under the row's lock across processes."""
        with self._local, self._sessions.begin() as db:
            row = self._lock_row(db, channel)
            tokens = None if row is None else Tokens(row.access_token, row.refresh_token, _aware(row.expires_at))

            def save(access: str, refresh: str | None, expires_at: datetime | None) -> None:
                db.execute(update(TokenRow).where(TokenRow.channel == channel).values(
                    access_token=access, refresh_token=refresh, expires_at=expires_at, updated_at=_now()))

            yield tokens, save

    def _lock_row(self, db: Session, channel: str) -> TokenRow | None:
        if self.engine.dialect.name == "sqlite":  # take SQLite's write lock now, not at the first write
            db.execute(update(TokenRow).where(TokenRow.channel == channel).values(channel=channel))
        return db.scalar(select(TokenRow).where(TokenRow.channel == channel).with_for_update())


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives datetimes back without their zone; they were stored in UTC."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def _now() -> datetime:
    return datetime.now(timezone.utc)
