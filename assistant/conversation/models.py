"""SQLAlchemy tables: sessions (with the funnel being filled), messages, uploads."""

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    DateTime,
    LargeBinary,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    """One conversation; `state` holds the snapshot being filled, the intake and the drafts."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("workspace_id", "channel", "external_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(64), index=True, default="default")
    channel: Mapped[str] = mapped_column(String(32), default="web")
    external_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    diagnosis: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MessageRow(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    artifacts: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# The parsed parts ride in the `report` column under this key (a new column would need a migration
# of existing databases); the store takes them out before anyone sees the report.
PARTS = "_parts"


class UploadRow(Base):
    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UploadBlobRow(Base):
    """An upload's bytes, in the database: every instance reads the same files (no local disk)."""

    __tablename__ = "upload_blobs"

    id: Mapped[str] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
