"""What an engine sees of a session for one turn; it mutates it, the service saves it."""

import re
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from assistant.engine.reply import Reply


def empty_snapshot() -> dict:
    return {"business": {}, "currency": "VND", "funnel": {}, "practices": {}, "sources": {}}


@dataclass
class TurnContext:
    """The session state an engine reads and updates (snapshot, intake, diagnosis, drafts)."""

    session_id: str
    lang: str = "vi"
    snapshot: dict = field(default_factory=empty_snapshot)
    intake: dict = field(default_factory=dict)
    diagnosis: dict | None = None
    drafts: dict = field(default_factory=dict)
    uploads: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)

    @classmethod
    def from_state(cls, session_id: str, lang: str, state: dict, diagnosis, uploads, history):
        """Rebuild a context from what the store keeps."""
        return cls(session_id=session_id, lang=lang, snapshot=state.get("snapshot") or empty_snapshot(),
                   intake=state.get("intake") or {}, diagnosis=diagnosis, drafts=state.get("drafts") or {},
                   uploads=uploads, history=history)

    def state(self) -> dict:
        return {"snapshot": self.snapshot, "intake": self.intake, "drafts": self.drafts}


class Engine(Protocol):
    name: str

    def respond(self, ctx: TurnContext, text: str) -> Reply: ...

    def stream(self, ctx: TurnContext, text: str) -> Iterator[str | Reply]: ...

    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply: ...


def chunk_text(text: str, size: int = 24) -> Iterator[str]:
    """Split a finished reply into word-aligned deltas whose concatenation is exactly `text`."""
    buf = ""
    for piece in re.findall(r"\s*\S+\s*", text) or [text]:
        buf += piece
        if len(buf) >= size:
            yield buf
            buf = ""
    if buf:
        yield buf
