"""Webhook event ids already accepted, kept in the database (unique per channel and event id).

A platform redelivers what it thinks was lost, and an attacker can replay a signed delivery; in
memory, a restart forgot every id and the same delivery was answered again. Here the database's
unique key decides, so a restart or a second instance answers an event once. Ids are kept for the
replay window; an event older than the window is refused by its timestamp instead.
"""

import threading
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import DateTime, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from assistant.conversation.store import make_engine

PURGE_EVERY_S = 600.0


class _Base(DeclarativeBase):
    pass


class SeenEventRow(_Base):
    __tablename__ = "webhook_seen_events"

    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SeenEvents:
    """`first_time(channel, event_id)` is True once per id across restarts and instances."""

    def __init__(self, url: str, keep_s: float):
        self.engine = make_engine(url)
        _Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine)
        self.keep_s = keep_s
        self._purged_at = 0.0
        self._lock = threading.Lock()

    def first_time(self, channel: str, event_id: str) -> bool:
        """Record the id; False when it was already recorded."""
        self._purge_now_and_then()
        try:
            with self._sessions.begin() as db:
                db.add(SeenEventRow(channel=channel, event_id=event_id[:255], seen_at=_now()))
        except IntegrityError:
            return False
        return True

    def forget(self, channel: str, event_id: str) -> None:
        """Let an id through again (its event could not be queued; the platform will retry)."""
        with self._sessions.begin() as db:
            db.execute(delete(SeenEventRow).where(SeenEventRow.channel == channel,
                                                  SeenEventRow.event_id == event_id[:255]))

    def _purge_now_and_then(self) -> None:
        with self._lock:
            if time.monotonic() - self._purged_at < PURGE_EVERY_S:
                return
            self._purged_at = time.monotonic()
        cutoff = _now() - timedelta(seconds=self.keep_s)
        with self._sessions.begin() as db:
            db.execute(delete(SeenEventRow).where(SeenEventRow.seen_at < cutoff))


def _now() -> datetime:
    return datetime.now(timezone.utc)
