"""Persistence of conversations through SQLAlchemy; SQLite (WAL) by default, any URL otherwise."""

import hashlib
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    create_engine,
    delete,
    event,
    func,
    insert,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversation.models import (
    PARTS,
    MessageRow,
    SessionRow,
    UploadBlobRow,
    UploadRow,
    utcnow,
)
from assistant.conversation.private import private_dir, private_file, remove_files

_SESSIONS, _MESSAGES, _UPLOADS = SessionRow.__table__, MessageRow.__table__, UploadRow.__table__


def ensure_schema(engine) -> None:
    """The tables through the migrations (assistant/conversation/schema.py) when the database is empty."""
    from assistant.conversation.schema import ensure

    ensure(engine)


def new_id() -> str:
    return uuid.uuid4().hex


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes, fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str):
    """An engine for `url`; SQLite gets WAL, a busy timeout and cross-thread connections."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            private_dir(Path(database).parent)
            private_file(Path(database))  # SQLite gives its -wal and -shm files the database's mode
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # a turn holds one connection for its session lock besides its short queries
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)


class ConversationStore:
    """Rows in, plain dicts out; every method commits its own short transaction."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        ensure_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        with self._sessions.begin() as db:
            yield db

    def create_session(self, workspace_id: str, channel: str, external_id: str | None) -> str:
        session_id = new_id()
        with self.tx() as db:
            db.add(SessionRow(id=session_id, workspace_id=workspace_id, channel=channel,
                              external_id=external_id, state={}))
        return session_id

    def session_for_external(self, workspace_id: str, channel: str, external_id: str) -> str:
        """The platform user's session, created on first contact as an upsert: two instances racing agree."""
        found = self.find_external(workspace_id, channel, external_id)
        if found:
            return found
        insert = _insert_ignoring(self.engine, ["workspace_id", "channel", "external_id"])
        with self.tx() as db:
            db.execute(insert(SessionRow).values(id=new_id(), workspace_id=workspace_id, channel=channel,
                                                 external_id=external_id, state={}, created_at=utcnow(),
                                                 updated_at=utcnow()))
        return self.find_external(workspace_id, channel, external_id)

    @contextmanager
    def session_lock(self, session_id: str) -> Iterator[None]:
        """One turn of a session at a time across processes: a PostgreSQL advisory lock held for the turn.

        SQLite serves one host; the service's in-process lock covers its threads."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        key = int.from_bytes(hashlib.sha256(session_id.encode()).digest()[:8], "big", signed=True)
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()

    def find_external(self, workspace_id: str, channel: str, external_id: str) -> str | None:
        with self.tx() as db:
            return db.scalar(select(SessionRow.id).where(
                SessionRow.workspace_id == workspace_id, SessionRow.channel == channel,
                SessionRow.external_id == external_id))

    def load(self, session_id: str, workspace_id: str) -> SessionRow | None:
        with self.tx() as db:
            row = db.get(SessionRow, session_id)
            return row if row is not None and row.workspace_id == workspace_id else None

    def lang_of(self, session_id: str, workspace_id: str) -> str | None:
        """The session's language ("" when not set yet), None if it is not this workspace's: one
        indexed read of two short columns, not the session's state."""
        query = select(SessionRow.workspace_id, SessionRow.lang).where(SessionRow.id == session_id)
        with self.tx() as db:
            found = db.execute(query).first()
        return (found.lang or "") if found is not None and found.workspace_id == workspace_id else None

    def open_turn(self, session_id: str, workspace_id: str, history: int,
                  message: str | None = None) -> tuple[Row, list[dict], list[dict]] | None:
        """What a turn reads, in one transaction: the session (None if not this workspace's), its
        uploads, its last `history` messages; and the user's `message` stored before anything else.
        SQL statements, not ORM objects: this runs every turn."""
        with self.engine.begin() as conn:
            row = conn.execute(select(_SESSIONS.c.workspace_id, _SESSIONS.c.lang, _SESSIONS.c.state,
                                      _SESSIONS.c.diagnosis).where(_SESSIONS.c.id == session_id)).first()
            if row is None or row.workspace_id != workspace_id:
                return None
            uploads = [_upload(r, False) for r in conn.execute(
                select(_UPLOADS).where(_UPLOADS.c.session_id == session_id).order_by(_UPLOADS.c.created_at))]
            recent = conn.execute(select(_MESSAGES.c.role, _MESSAGES.c.text, _MESSAGES.c.created_at)
                                  .where(_MESSAGES.c.session_id == session_id)
                                  .order_by(_MESSAGES.c.id.desc()).limit(history)).all()
            if message is not None:
                conn.execute(insert(_MESSAGES).values(session_id=session_id, role="user", text=message,
                                                      citations=[], artifacts=[], created_at=utcnow()))
        # the engines read who said what; the citations and artefacts of old replies stay in the database
        return row, uploads, [{"role": m.role, "text": m.text, "created_at": m.created_at.isoformat()}
                              for m in reversed(recent)]

    def add_message(self, session_id: str, role: str, text: str, citations=(), artifacts=()) -> None:
        with self.tx() as db:
            db.add(MessageRow(session_id=session_id, role=role, text=text,
                              citations=list(citations), artifacts=list(artifacts)))

    def save_state(self, session_id: str, lang: str, state: dict, diagnosis: dict | None,
                   reply: dict | None = None) -> None:
        """Store the session's state, and the assistant's reply with it in the same transaction."""
        with self.engine.begin() as conn:
            if reply is not None:
                conn.execute(insert(_MESSAGES).values(session_id=session_id, role="assistant",
                                                      created_at=utcnow(), **reply))
            conn.execute(update(_SESSIONS).where(_SESSIONS.c.id == session_id)
                         .values(lang=lang, state=state, diagnosis=diagnosis, updated_at=utcnow()))

    def messages(self, session_id: str, limit: int | None = None) -> list[dict]:
        query = select(MessageRow).where(MessageRow.session_id == session_id)
        if limit:  # the last `limit`, read from the end: a long conversation is not decoded whole
            query = query.order_by(MessageRow.id.desc()).limit(limit)
        else:
            query = query.order_by(MessageRow.id)
        with self.tx() as db:
            rows = list(db.scalars(query))
        rows = rows[::-1] if limit else rows
        return [{"role": r.role, "text": r.text, "citations": r.citations or [],
                 "artifacts": r.artifacts or [], "created_at": r.created_at.isoformat()} for r in rows]

    def add_upload(self, session_id: str, dataset_id: str, filename: str, path: str, report: dict,
                   parts: list[dict] | None = None, data: bytes | None = None) -> None:
        """Keep an upload's report, its parsed parts so it is never read again, and its bytes (in the database)."""
        stored = report if parts is None else {**report, PARTS: parts}
        with self.tx() as db:
            db.add(UploadRow(id=dataset_id, session_id=session_id, filename=filename, path=path, report=stored))
            if data is not None:
                db.flush()
                db.add(UploadBlobRow(id=dataset_id, data=data))

    def upload_data(self, dataset_id: str) -> bytes | None:
        """An upload's bytes as kept in the database (None for a file kept on disk by an older version)."""
        with self.tx() as db:
            return db.scalar(select(UploadBlobRow.data).where(UploadBlobRow.id == dataset_id))

    def upload_usage(self, session_id: str | None = None, workspace_id: str | None = None) -> tuple[int, int]:
        """(count, bytes kept) of the uploads of one session, or of every session of one workspace."""
        query = (select(UploadRow.path, func.length(UploadBlobRow.data))
                 .join(SessionRow, UploadRow.session_id == SessionRow.id)
                 .outerjoin(UploadBlobRow, UploadBlobRow.id == UploadRow.id))
        if session_id is not None:
            query = query.where(UploadRow.session_id == session_id)
        if workspace_id is not None:
            query = query.where(SessionRow.workspace_id == workspace_id)
        with self.tx() as db:
            rows = list(db.execute(query))
        return len(rows), sum(size if size is not None else _size(path) for path, size in rows)

    def delete_session(self, session_id: str, workspace_id: str) -> bool:
        """Erase a session of this workspace: its messages, uploads and their files; False if not its own."""
        with self.tx() as db:
            row = db.get(SessionRow, session_id)
            if row is None or row.workspace_id != workspace_id:
                return False
            paths = self._erase(db, [session_id])
        remove_files([p for p in paths if p])
        return True

    def delete_upload(self, dataset_id: str, workspace_id: str) -> bool:
        """Erase one upload of this workspace and its file; the figures already read stay in the session."""
        with self.tx() as db:
            row = db.get(UploadRow, dataset_id)
            owner = db.get(SessionRow, row.session_id) if row is not None else None
            if owner is None or owner.workspace_id != workspace_id:
                return False
            path = row.path
            db.execute(delete(UploadBlobRow).where(UploadBlobRow.id == dataset_id))
            db.delete(row)
        remove_files([p for p in [path] if p])
        return True

    def delete_workspace_data(self, workspace_id: str) -> int:
        """Erase every session of a workspace with its messages, uploads and files; returns how many."""
        with self.tx() as db:
            ids = list(db.scalars(select(SessionRow.id).where(SessionRow.workspace_id == workspace_id)))
            paths = self._erase(db, ids)
        remove_files([p for p in paths if p])
        return len(ids)

    def expired(self, before: datetime) -> dict[str, list[str]]:
        """Sessions idle since before `before`, and older uploads of the other sessions (ids)."""
        with self.tx() as db:
            idle = select(SessionRow.id).where(SessionRow.updated_at < before)
            sessions = list(db.scalars(idle))
            uploads = list(db.scalars(select(UploadRow.id).where(
                UploadRow.created_at < before, UploadRow.session_id.not_in(idle))))
        return {"sessions": sessions, "uploads": uploads}

    def purge(self, expired: dict[str, list[str]]) -> None:
        """Erase what `expired` listed, with the files."""
        with self.tx() as db:
            paths = self._erase(db, expired["sessions"])
            for ids in _batches(expired["uploads"]):
                paths += list(db.scalars(select(UploadRow.path).where(UploadRow.id.in_(ids))))
                db.execute(delete(UploadBlobRow).where(UploadBlobRow.id.in_(ids)))
                db.execute(delete(UploadRow).where(UploadRow.id.in_(ids)))
        remove_files([p for p in paths if p])

    @staticmethod
    def _erase(db: Session, session_ids: list[str]) -> list[str]:
        """Delete the rows of these sessions in one transaction; returns their upload files' paths."""
        paths = []
        for ids in _batches(session_ids):
            paths += list(db.scalars(select(UploadRow.path).where(UploadRow.session_id.in_(ids))))
            db.execute(delete(MessageRow).where(MessageRow.session_id.in_(ids)))
            uploads = select(UploadRow.id).where(UploadRow.session_id.in_(ids))
            db.execute(delete(UploadBlobRow).where(UploadBlobRow.id.in_(uploads)))
            db.execute(delete(UploadRow).where(UploadRow.session_id.in_(ids)))
            db.execute(delete(SessionRow).where(SessionRow.id.in_(ids)))
        return paths

    def uploads(self, session_id: str, with_parts: bool = False) -> list[dict]:
        """The session's uploads, oldest first; `parts` (None if not kept) only when asked for."""
        query = select(UploadRow).where(UploadRow.session_id == session_id).order_by(UploadRow.created_at)
        with self.tx() as db:
            rows = list(db.scalars(query))
        return [_upload(r, with_parts) for r in rows]


def _batches(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    """Ids in slices: one `IN (...)` of every expired id would pass SQLite's limit of bound variables."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _insert_ignoring(engine, unique: list[str]):
    """The dialect's INSERT … ON CONFLICT (unique) DO NOTHING (PostgreSQL and SQLite share it)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return lambda table: insert(table).on_conflict_do_nothing(index_elements=unique)


def _size(path: str) -> int:
    if not path:
        return 0
    try:
        return Path(path).stat().st_size
    except OSError:  # erased by hand or never written: it takes no room
        return 0


def _upload(row: UploadRow | Row, with_parts: bool) -> dict:
    report = {k: v for k, v in (row.report or {}).items() if k != PARTS}
    upload = {"dataset_id": row.id, "filename": row.filename, "path": row.path, "report": report,
              "created_at": row.created_at.isoformat()}
    return (upload | {"parts": (row.report or {}).get(PARTS)}) if with_parts else upload
