"""Helpers for the intake tests: read a message, or absorb messages into a fresh session."""

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import PROJECT_ROOT
from assistant.intake.absorb import absorb
from assistant.intake.reader import read


def figures(message: str, asked=None, known=None) -> dict:
    """field -> value of what the reader finds in one message."""
    return {f.field: f.value for f in read(message, asked, known=known).findings}


@pytest.fixture
def session():
    """absorb each message in turn into one session; returns the context and the last findings."""
    def talk(*messages, asked=None, snapshot=None):
        ctx = TurnContext(session_id="t")
        ctx.snapshot.update(snapshot or {})
        found = []
        for message in messages:
            ctx.intake["asked"] = asked
            found = absorb(ctx, message, PROJECT_ROOT / "knowledge")
        return ctx, found
    return talk
