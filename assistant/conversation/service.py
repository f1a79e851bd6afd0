"""The conversation service: sessions, turns and uploads, shared by every door (thread-safe).

Turns of one session run one at a time: a lock per session in this process and, on PostgreSQL, an
advisory lock across processes, so two instances answering the same user never lose a figure.
"""

import logging
import threading
import time
from contextlib import nullcontext
from typing import Iterator

from assistant.contracts import Engine, Reply, TurnContext
from assistant.conversation.isolation import reader_for
from assistant.conversation.names import upload_name
from assistant.conversation.quota import check_upload_quota
from assistant.conversation.slots import FairSlots
from assistant.conversation.store import ConversationStore, new_id
from assistant.conversation.uploads import read_upload, snapshot_from_uploads
from assistant.core.config import Settings
from assistant.core.lang import detect_lang
from assistant.core.metrics import observe_turn
from assistant.core.templates import text as t
from assistant.kpi.model import worded_warnings
from assistant.retrieval.knowledge import localize

log = logging.getLogger(__name__)
HISTORY_TURNS = 20


class SessionNotFound(LookupError):
    """No such session in this workspace (the HTTP doors answer 404)."""


class ConversationService:
    """Built once at start-up; turns of one session run one at a time, sessions in parallel."""

    def __init__(self, settings: Settings, engine: Engine, store: ConversationStore | None = None):
        self.settings = settings
        self.engine = engine
        self.store = store or ConversationStore(settings.sqlalchemy_url)
        self.reader = reader_for(settings)  # uploads come from strangers: read in a bounded worker
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # An offline turn is ~10 ms of CPU under the one GIL: twenty at once each took twenty times as
        # long, the heaviest longest (p95 390 ms at 20 busy clients); two at a time, the others waiting,
        # keep every wait near the mean (p95 ~270 ms, more turns per second: less switching), provided
        # they are served in arrival order (FairSlots).
        limit = 0 if settings.llm_enabled else settings.offline_turns_at_once
        self._slots = FairSlots(limit) if limit > 0 else nullcontext()

    def _lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(session_id, threading.Lock())

    def create_session(self, workspace_id: str = "default", channel: str = "web",
                       external_id: str | None = None) -> str:
        """A new, empty conversation; returns its id."""
        return self.store.create_session(workspace_id, channel, external_id)

    def session_for(self, workspace_id: str, channel: str, external_id: str) -> str:
        """The conversation of a platform user (Messenger sender, Zalo user, a /v1 key's named session)."""
        return self.store.session_for_external(workspace_id, channel, external_id)

    def seed_history(self, session_id: str, messages: list[tuple[str, str]]) -> None:
        """Store (role, text) pairs a stateless client sent before its turn: history the engine reads, not turns."""
        for role, text in messages:
            self.store.add_message(session_id, role, text)

    def get_session(self, session_id: str, workspace_id: str = "default") -> dict | None:
        """History, uploads and last diagnosis, or None."""
        row = self.store.load(session_id, workspace_id)
        if row is None:
            return None
        uploads = [{k: u[k] for k in ("dataset_id", "filename", "created_at")} |
                   {"detected_format": u["report"].get("detected_format")}
                   for u in self.store.uploads(session_id)]
        return {"session_id": row.id, "lang": row.lang or "vi", "channel": row.channel,
                "messages": self.store.messages(session_id), "uploads": uploads,
                "snapshot": (row.state or {}).get("snapshot"), "drafts": (row.state or {}).get("drafts") or {},
                "diagnosis": row.diagnosis}

    def _context(self, session_id: str, workspace_id: str, message: str | None = None) -> TurnContext:
        """The session as the engine reads it (one transaction); `message` is stored in it first."""
        found = self.store.open_turn(session_id, workspace_id, HISTORY_TURNS, message)
        if found is None:
            raise SessionNotFound(session_id)
        row, uploads, history = found
        return TurnContext.from_state(session_id, row.lang or "vi", row.state or {}, row.diagnosis, uploads, history)

    def _begin_turn(self, session_id: str, message: str, workspace_id: str) -> TurnContext:
        ctx = self._context(session_id, workspace_id, message)  # the message is stored before any processing
        ctx.lang = detect_lang(message, default=ctx.lang)
        return ctx

    def _finish_turn(self, ctx: TurnContext, reply: Reply, started: float | None = None) -> Reply:
        # whatever the engine cited, the reader sees the sections titled in their language
        reply.citations = [localize(c, ctx.lang, self.settings.knowledge_dir) for c in reply.citations]
        stored = {"text": reply.text, "citations": [c.model_dump() for c in reply.citations],
                  "artifacts": [a.model_dump(mode="json") for a in reply.artifacts]}
        self.store.save_state(ctx.session_id, ctx.lang, ctx.state(), ctx.diagnosis, stored)
        if started is not None:  # a turn (an upload's summary is not one)
            observe_turn(reply.engine, time.perf_counter() - started,
                         fell_back=self.settings.llm_enabled and reply.engine == "offline")
        return reply

    def _failed(self, ctx: TurnContext) -> Reply:
        log.exception("turn failed in session %s", ctx.session_id)
        return Reply(text=t("common.unexpected_error", ctx.lang), lang=ctx.lang)

    def send_message(self, session_id: str, text: str, workspace_id: str = "default") -> Reply:
        """One turn: store the message, let the engine answer, store the answer and the state."""
        with self._lock(session_id), self.store.session_lock(session_id), self._slots:
            started = time.perf_counter()
            ctx = self._begin_turn(session_id, text, workspace_id)
            try:
                reply = self.engine.respond(ctx, text)
            except Exception:  # the message is kept; the user gets a clear line, not a 500
                reply = self._failed(ctx)
            return self._finish_turn(ctx, reply, started)

    def stream_message(self, session_id: str, text: str, workspace_id: str = "default") -> Iterator[str | Reply]:
        """Like send_message, yielding text deltas and then the final Reply."""
        with self._lock(session_id), self.store.session_lock(session_id), self._slots:
            started = time.perf_counter()
            ctx = self._begin_turn(session_id, text, workspace_id)
            reply = None
            try:
                for part in self.engine.stream(ctx, text):
                    if isinstance(part, Reply):
                        reply = part
                    else:
                        yield part
            except Exception:
                reply = self._failed(ctx)
                yield reply.text
            yield self._finish_turn(ctx, reply, started)

    def add_upload(self, session_id: str, filename: str, data: bytes, workspace_id: str = "default",
                   rates: dict[str, float] | None = None) -> dict:
        """Keep the file, read its KPIs into the session's snapshot and say what was read.

        Files in another currency are converted at `rates` (given with this upload), else the rate the
        owner stated in the chat, else the configured one; without any, they are refused by name."""
        filename = upload_name(filename)  # once, before it names a file on disk, a row or a reply
        with self._lock(session_id), self.store.session_lock(session_id):
            ctx = self._context(session_id, workspace_id)
            check_upload_quota(self.store, self.settings, session_id, workspace_id, len(data))
            report, parts = read_upload(data, filename, self.settings.max_upload_mb, self.reader)  # a bad file raises UserFacingError; nothing is stored
            # combined before anything is kept: files that cannot go together (two currencies, no rate)
            # are refused with the reason, and the session stays as it was
            pending = {"filename": filename, "path": "", "parts": parts}
            known = {**self.settings.currency_rates, **(ctx.snapshot.get("fx") or {}), **(rates or {})}
            snapshot = snapshot_from_uploads(ctx.snapshot, self.store.uploads(session_id, with_parts=True) + [pending],
                                             known)
            dataset_id = new_id()
            # the bytes live in the database, so every instance sees the session's files
            self.store.add_upload(session_id, dataset_id, filename, "", report, parts, data=data)
            ctx.snapshot = snapshot
            if rates:  # the session's later uploads are combined with this file again: keep its rate
                ctx.snapshot["fx"] = {**(ctx.snapshot.get("fx") or {}), **rates}
            ctx.uploads = self.store.uploads(session_id)
            try:
                reply = self.engine.on_upload(ctx, filename, report)
            except Exception:  # the file and its KPIs are kept; the summary failed
                reply = self._failed(ctx)
            self.store.add_message(session_id, "user", f"[upload] {filename}")
            self._finish_turn(ctx, reply)
        return {"dataset_id": dataset_id, "detected_format": report.get("detected_format"),
                "rows": report.get("rows"), "kpis": report.get("kpis", {}),
                "warnings": worded_warnings(report, ctx.lang), "reply": reply.text}
