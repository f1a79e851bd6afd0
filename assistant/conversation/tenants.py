"""Workspaces and their keys: a secret admin key each, and public widget keys bound to origins.

Admin keys are stored as SHA-256 hashes (they are long random tokens, so a fast hash suffices);
widget keys are public by nature (they sit in a page's HTML) and are stored as they are.
"""

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, delete, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from assistant.conversation.store import ensure_schema, make_engine

DEFAULT_WORKSPACE = "default"
ADMIN_PREFIX = "gdk_admin_"
PUBLIC_PREFIX = "gdk_pub_"


class _Base(DeclarativeBase):
    """Tenant tables live in their own metadata, beside the conversation tables."""


class WorkspaceRow(_Base):
    __tablename__ = "tenant_workspaces"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    admin_key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WidgetKeyRow(_Base):
    __tablename__ = "tenant_widget_keys"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("tenant_workspaces.id"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    allowed_origins: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class WidgetKey:
    """A public key as the admin API shows it."""

    key: str
    workspace_id: str
    label: str
    allowed_origins: list[str] = field(default_factory=list)
    created_at: str = ""

    def allows(self, origin: str | None) -> bool:
        """True when a browser page at `origin` may use this key (no Origin: not a browser)."""
        if origin is None:
            return True
        return "*" in self.allowed_origins or normalize_origin(origin) in self.allowed_origins


def normalize_origin(origin: str) -> str:
    """'HTTPS://Shop.vn/' -> 'https://shop.vn' (how browsers send the Origin header)."""
    return origin.strip().rstrip("/").lower()


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _to_widget_key(row: WidgetKeyRow) -> WidgetKey:
    return WidgetKey(
        key=row.key,
        workspace_id=row.workspace_id,
        label=row.label,
        allowed_origins=json.loads(row.allowed_origins),
        created_at=row.created_at.isoformat(),
    )


class TenantStore:
    """Workspaces and keys on any SQLAlchemy URL; tables are created on first use."""

    def __init__(self, url: str):
        self._engine = make_engine(url)  # same SQLite settings as the conversation store
        self._ready = False
        self._lock = threading.Lock()

    def _session(self) -> Session:
        if not self._ready:
            with self._lock:
                if not self._ready:
                    ensure_schema(self._engine)
                    self._ready = True
        return Session(self._engine, expire_on_commit=False)

    def create_workspace(self, name: str) -> tuple[str, str]:
        """Create a workspace; returns (workspace_id, admin_key) — the key is shown only once."""
        workspace_id = "ws_" + secrets.token_hex(6)
        admin_key = ADMIN_PREFIX + secrets.token_urlsafe(24)
        row = WorkspaceRow(id=workspace_id, name=name, admin_key_hash=hash_key(admin_key), created_at=_now())
        with self._session() as db, db.begin():
            db.add(row)
        return workspace_id, admin_key

    def workspace_for_admin_key(self, admin_key: str) -> str | None:
        """The workspace an admin key opens, or None."""
        with self._session() as db:
            found = db.scalar(select(WorkspaceRow.id).where(WorkspaceRow.admin_key_hash == hash_key(admin_key)))
        return found

    def replace_admin_key(self, workspace_id: str) -> str | None:
        """A new admin key for the workspace (shown once); the old one stops working at once. None: no such workspace."""
        admin_key = ADMIN_PREFIX + secrets.token_urlsafe(24)
        with self._session() as db, db.begin():
            row = db.get(WorkspaceRow, workspace_id)
            if row is None:
                return None
            row.admin_key_hash = hash_key(admin_key)
        return admin_key

    def revoke_admin_key(self, workspace_id: str) -> None:
        """No admin key opens the workspace any more, until the bootstrap token issues a new one."""
        with self._session() as db, db.begin():
            row = db.get(WorkspaceRow, workspace_id)
            if row is not None:  # the hash of a key nobody holds (the column is unique and not null)
                row.admin_key_hash = hash_key(secrets.token_urlsafe(32))

    def delete_workspace(self, workspace_id: str) -> bool:
        """Delete a workspace and its widget keys (its conversations are erased by the conversation store)."""
        with self._session() as db, db.begin():
            row = db.get(WorkspaceRow, workspace_id)
            if row is None:
                return False
            db.execute(delete(WidgetKeyRow).where(WidgetKeyRow.workspace_id == workspace_id))
            db.delete(row)
        return True

    def create_widget_key(self, workspace_id: str, allowed_origins: list[str], label: str = "") -> WidgetKey:
        """Issue a public widget key usable from the given origins."""
        origins = sorted({normalize_origin(o) for o in allowed_origins if o.strip()})
        row = WidgetKeyRow(
            key=PUBLIC_PREFIX + secrets.token_urlsafe(16),
            workspace_id=workspace_id,
            label=label,
            allowed_origins=json.dumps(origins),
            created_at=_now(),
        )
        with self._session() as db, db.begin():
            db.add(row)
        return _to_widget_key(row)

    def list_widget_keys(self, workspace_id: str) -> list[WidgetKey]:
        """Every widget key of one workspace, oldest first."""
        query = select(WidgetKeyRow).where(WidgetKeyRow.workspace_id == workspace_id)
        with self._session() as db:
            rows = db.scalars(query.order_by(WidgetKeyRow.created_at)).all()
        return [_to_widget_key(row) for row in rows]

    def revoke_widget_key(self, workspace_id: str, key: str) -> bool:
        """Delete a key of this workspace; False when it is not one of its keys."""
        with self._session() as db, db.begin():
            row = db.get(WidgetKeyRow, key)
            if row is None or row.workspace_id != workspace_id:
                return False
            db.delete(row)
        return True

    def widget_key(self, key: str) -> WidgetKey | None:
        """Look up a public key."""
        with self._session() as db:
            row = db.get(WidgetKeyRow, key)
        return _to_widget_key(row) if row else None

    def origin_known(self, origin: str) -> bool:
        """True when some widget key allows this origin (answers CORS preflights, which carry no key)."""
        origin = normalize_origin(origin)
        with self._session() as db:
            lists = db.scalars(select(WidgetKeyRow.allowed_origins)).all()
        return any(origin in json.loads(value) or "*" in json.loads(value) for value in lists)
