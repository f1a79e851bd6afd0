"""Shared pieces of the edge tests: the real app over the real conversation service and a scripted engine."""

import time

from assistant.contracts import Reply
from assistant.conversation.service import ConversationService

FIGURE = "spend"


class ScriptedEngine:
    """Answers slowly word by word; "triệu" stores a figure, "tóm tắt" reads it back (as the offline engine would)."""

    name = "offline"

    def __init__(self, delay_s: float = 0.0, words: int = 5):
        self.delay_s, self.words = delay_s, words

    def stream(self, ctx, text: str):
        if "triệu" in text:
            ctx.snapshot[FIGURE] = 30_000_000
        reply = f"{FIGURE}={ctx.snapshot.get(FIGURE)} " + " ".join(f"w{i}" for i in range(self.words))
        for word in reply.split(" "):
            time.sleep(self.delay_s)
            yield word + " "
        yield Reply(text=reply, lang=ctx.lang)

    def respond(self, ctx, text: str) -> Reply:
        return [part for part in self.stream(ctx, text) if isinstance(part, Reply)][-1]

    def on_upload(self, ctx, filename, report) -> Reply:
        return Reply(text=f"read {filename}", lang=ctx.lang)


def serve_app(settings, engine=None):
    """The real app with a real conversation service over `engine` (no lifespan: no knowledge index)."""
    from assistant.channels.deps import get_service
    from assistant.server import create_app

    app = create_app(settings)
    service = ConversationService(settings, engine or ScriptedEngine())
    app.dependency_overrides[get_service] = lambda: service
    return app, service
