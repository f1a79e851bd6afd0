"""The webhook inbox: every accepted platform event, kept in the database until it is answered.

A platform wants a 200 at once and never redelivers what it was told was received, so an event
is written here, in the transaction that commits before the 200 goes out, and a turn runs only
from a row of this table. A crash, a restart or a second instance therefore loses nothing: the
backlog is read back from the database.

- Dedupe: `(channel, event_id)` is unique, and a delivery is inserted with `ON CONFLICT DO
  NOTHING`; the database decides, across restarts and instances. Rows stay for the replay window
  (an event older than the window is refused by its timestamp instead), then are purged.
- Claims: a worker claims one event with a single `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP
  LOCKED)` (SQLite, which serialises writers, ignores the lock clause), setting a lease. An instance
  killed mid-turn leaves a lease that expires, and another worker takes the event again: at least
  once, never zero times.
- Order: only a user's oldest unanswered event can be claimed, so one user's messages run one after
  another, in the order they arrived, whichever instance runs them.
- Held while worked on: the worker renews its lease while the turn runs (`extend`), and every write
  about the event (its reply, each message about to be sent) is fenced by the claim token, so a worker
  that lost its claim (a lease ended under a stalled process) sends nothing.
- Replies kept: the turn's reply is stored on the row before anything is sent (`keep_reply`), and
  the message about to go out is marked (`sending`). An event taken again after a crash does not run
  its turn a second time: the stored reply's unsent messages go out. The message whose call to the
  platform was under way at the crash counts as sent (the platform keeps a message on receipt, and a
  process spends that call waiting for the answer, not before its request leaves), unless the
  caller resends it: a possible duplicate instead of a possible gap.

Why a table and not a queue library (Procrastinate, arq, Dramatiq): the dedupe row and the queued job
must be one write, or a crash between the two loses or doubles a message; here they are the same row,
in the database the conversations already use, with no new service. benchmarks/webhook_burst.py
measures what it costs (acknowledgement latency and drain rate, README "Several instances").
"""

import dataclasses
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import (
    JSON,
    DateTime,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, mapped_column, sessionmaker

from assistant.conversation.store import ensure_schema, make_engine

PURGE_EVERY_S = 600.0
MAX_ATTEMPTS = 3  # a turn that failed this often is set aside (logged), so the user's next ones run


class _Base(DeclarativeBase):
    pass


class InboxRow(_Base):
    """One platform event: who sent it, what it carried, and where its answer stands."""

    __tablename__ = "webhook_inbox"
    __table_args__ = (UniqueConstraint("channel", "event_id", name="uq_webhook_inbox_event"),
                      Index("ix_webhook_inbox_user", "channel", "user_id", "id"),
                      Index("ix_webhook_inbox_open", "channel", "done_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claim: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)  # answered | failed | stale
    reply: Mapped[list | None] = mapped_column(JSON, nullable=True)  # the turn's messages, once it ran
    sending: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the reply message last started


@dataclasses.dataclass(frozen=True)
class Claimed:
    """An event a worker holds until `done` or its lease ends."""

    id: int
    channel: str
    user_id: str
    payload: dict
    attempts: int
    claim: str
    reply: list[str] | None = None
    sending: int | None = None


class Inbox:
    """Accept events (deduplicated, durable), claim them one at a time in each user's order, mark them done."""

    def __init__(self, url: str, keep_s: float, engine=None):
        self.engine = engine or make_engine(url)
        ensure_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.keep_s = keep_s
        self._purged_at = 0.0
        self._lock = threading.Lock()
        self.arrived = threading.Condition()  # local workers wake at once; others poll

    # -- the webhook's side ------------------------------------------------------------------------

    def accept(self, channel: str, events: list[tuple[str, str, dict]]) -> list[bool]:
        """Store (event_id, user_id, payload) events in one transaction; True for each one new here."""
        self._purge_now_and_then()
        now, fresh = _now(), []
        insert = _insert_ignoring_duplicates(self.engine)
        with self._sessions.begin() as db:
            for event_id, user_id, payload in events:
                result = db.execute(insert(InboxRow).values(
                    channel=channel, event_id=event_id[:255], user_id=user_id[:128], payload=payload,
                    received_at=now, attempts=0).returning(InboxRow.id))
                fresh.append(result.first() is not None)
        if any(fresh):
            with self.arrived:
                self.arrived.notify_all()
        return fresh

    def backlog(self, channel: str | None = None) -> int:
        """Events accepted and not answered yet (all channels when None)."""
        query = select(func.count()).select_from(InboxRow).where(InboxRow.done_at.is_(None))
        if channel is not None:
            query = query.where(InboxRow.channel == channel)
        with self._sessions.begin() as db:
            return int(db.scalar(query) or 0)

    # -- the workers' side -------------------------------------------------------------------------

    def claim(self, channel: str, lease_s: float) -> Claimed | None:
        """Take the oldest claimable event of the channel whose user has nothing older unanswered."""
        now, token = _now(), uuid.uuid4().hex
        older = aliased(InboxRow)
        candidate = (
            select(InboxRow.id)
            .where(InboxRow.channel == channel, InboxRow.done_at.is_(None),
                   or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until < now),
                   ~exists().where(and_(older.channel == InboxRow.channel, older.user_id == InboxRow.user_id,
                                        older.id < InboxRow.id, older.done_at.is_(None))))
            .order_by(InboxRow.id).limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery())
        take = (update(InboxRow)
                .where(InboxRow.id == candidate, InboxRow.done_at.is_(None),
                       or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until < now))
                .values(claim=token, claimed_until=now + timedelta(seconds=lease_s),
                        attempts=InboxRow.attempts + 1)
                .returning(InboxRow.id, InboxRow.user_id, InboxRow.payload, InboxRow.attempts, InboxRow.reply,
                           InboxRow.sending)
                .execution_options(synchronize_session=False))
        with self._sessions.begin() as db:
            row = db.execute(take).first()
        if row is None:
            return None
        return Claimed(row.id, channel, row.user_id, row.payload, row.attempts, token, row.reply, row.sending)

    def _while_held(self, claimed: Claimed, lease_s: float | None = None, **values) -> bool:
        """Write `values` to the event if `claimed` still holds it (renewing the lease when given); False if not."""
        if lease_s is not None:
            values["claimed_until"] = _now() + timedelta(seconds=lease_s)
        with self._sessions.begin() as db:
            held = db.execute(update(InboxRow)
                              .where(InboxRow.id == claimed.id, InboxRow.claim == claimed.claim,
                                     InboxRow.done_at.is_(None))
                              .values(**values).returning(InboxRow.id)
                              .execution_options(synchronize_session=False)).first()
        return held is not None

    def extend(self, claimed: Claimed, lease_s: float) -> bool:
        """Renew the lease of an event being worked on; False when another worker has taken it meanwhile."""
        return self._while_held(claimed, lease_s)

    def keep_reply(self, claimed: Claimed, messages: list[str]) -> bool:
        """Store the turn's reply before sending it; False (send nothing) when the claim was lost."""
        return self._while_held(claimed, reply=list(messages))

    def sending(self, claimed: Claimed, index: int) -> bool:
        """Mark reply message `index` as about to be sent; False (send nothing) when the claim was lost."""
        return self._while_held(claimed, sending=index)

    def done(self, claimed: Claimed, outcome: str = "answered") -> None:
        """The event is answered (or set aside): the user's next one may run."""
        with self._sessions.begin() as db:
            db.execute(update(InboxRow).where(InboxRow.id == claimed.id, InboxRow.claim == claimed.claim)
                       .values(done_at=_now(), outcome=outcome, claimed_until=None)
                       .execution_options(synchronize_session=False))

    def retry_later(self, claimed: Claimed, delay_s: float) -> None:
        """The turn failed: let the event be claimed again after `delay_s` (the user's next ones wait)."""
        with self._sessions.begin() as db:
            db.execute(update(InboxRow).where(InboxRow.id == claimed.id, InboxRow.claim == claimed.claim)
                       .values(claimed_until=_now() + timedelta(seconds=delay_s))
                       .execution_options(synchronize_session=False))

    def wait_for_arrival(self, timeout: float) -> None:
        """Sleep until this process accepts an event or `timeout` passes (another instance's events are polled)."""
        with self.arrived:
            self.arrived.wait(timeout)

    def _purge_now_and_then(self) -> None:
        with self._lock:
            if time.monotonic() - self._purged_at < PURGE_EVERY_S:
                return
            self._purged_at = time.monotonic()
        cutoff = _now() - timedelta(seconds=self.keep_s)
        with self._sessions.begin() as db:
            db.execute(delete(InboxRow).where(InboxRow.received_at < cutoff, InboxRow.done_at.is_not(None)))


def _insert_ignoring_duplicates(engine):
    """The dialect's INSERT with ON CONFLICT DO NOTHING (PostgreSQL and SQLite share the syntax)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other databases are not supported as stores
        raise RuntimeError(f"the webhook inbox needs PostgreSQL or SQLite, not {engine.dialect.name}")
    return lambda table: insert(table).on_conflict_do_nothing(index_elements=["channel", "event_id"])


def _now() -> datetime:
    return datetime.now(timezone.utc)
