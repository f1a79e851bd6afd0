"""The LLM engine: runs a turn through the agent (built once) and falls back to the offline engine.

Any model error, timeout, exhausted tool budget or malformed output hands the turn to the offline
engine, with a short notice; the user's message is already stored by then. There is one path:
`respond` is `stream` consumed.
"""

import logging
from copy import deepcopy
from typing import Iterator

from assistant.contracts import Reply, TurnContext
from assistant.core.config import Settings
from assistant.core.templates import text as t
from assistant.engine.agent import build_agent, build_chat_model
from assistant.engine.chunks import chunk_text
from assistant.tools.context import ToolContext

log = logging.getLogger(__name__)
HISTORY_MESSAGES = 12


class MalformedOutput(RuntimeError):
    """The model ended the turn without a usable text answer."""


def _history(ctx: TurnContext, message: str) -> list:
    from langchain_core.messages import AIMessage, HumanMessage

    past = [HumanMessage(m["text"]) if m["role"] == "user" else AIMessage(m["text"])
            for m in ctx.history[-HISTORY_MESSAGES:]]
    return past + [HumanMessage(message)]


def _check_final(messages: list) -> None:
    """Raise unless the turn ended on a text answer of the model."""
    from langchain_core.messages import AIMessage

    last = messages[-1] if messages else None
    if not isinstance(last, AIMessage) or last.tool_calls or not isinstance(last.content, str) \
            or not last.content.strip():
        raise MalformedOutput(repr(last)[:200])


def _text_of(chunk) -> str:
    """The text of a streamed model message (chunks when the model streams, whole messages otherwise)."""
    from langchain_core.messages import AIMessage

    return chunk.content if isinstance(chunk, AIMessage) and isinstance(chunk.content, str) else ""


class LlmEngine:
    """One `create_agent` graph for the process; the session's state travels as its runtime context."""

    name = "llm"

    def __init__(self, settings: Settings, offline, search=None, chat_model=None):
        self.settings = settings
        self.offline = offline
        self.search = search
        self.agent = build_agent(chat_model or build_chat_model(settings))

    def _config(self) -> dict:
        return {"recursion_limit": 2 * self.settings.llm_max_tool_rounds + 1}  # a round = model + tools step

    def _tokens(self, turn: ToolContext, message: str) -> Iterator[str]:
        """The model's text as it comes; raises at the end if the turn has no usable answer."""
        final: list = []
        for mode, data in self.agent.stream({"messages": _history(turn.turn, message)}, config=self._config(),
                                            context=turn, stream_mode=["messages", "values"]):
            if mode == "values":
                final = data["messages"]
            elif text := _text_of(data[0]):
                yield text
        _check_final(final)

    def _fallback(self, ctx: TurnContext, message: str, saved, err: Exception) -> Reply:
        log.warning("LLM turn failed (%s: %s); the offline engine answers", type(err).__name__, err)
        ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts = saved
        reply = self.offline.respond(ctx, message)
        notice = t("engine.llm_fallback", ctx.lang)
        return reply.model_copy(update={"text": f"{notice}\n\n{reply.text}", "notice": notice})

    def stream(self, ctx: TurnContext, message: str) -> Iterator[str | Reply]:
        """Tokens as the model writes them, then the Reply; on failure the offline answer follows."""
        saved = deepcopy((ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts))
        turn = ToolContext(turn=ctx, search=self.search, knowledge_dir=self.settings.knowledge_dir)
        shown: list[str] = []
        try:
            for token in self._tokens(turn, message):
                shown.append(token)
                yield token
            yield Reply(text="".join(shown), citations=turn.recorder.citations,
                        artifacts=turn.recorder.artifacts, lang=ctx.lang, engine="llm")
        except Exception as err:  # model down, timeout, tool budget, malformed output: answer anyway
            reply = self._fallback(ctx, message, saved, err)
            lead = "\n\n" if shown else ""
            yield from chunk_text(lead + reply.text)
            yield reply.model_copy(update={"text": "".join(shown) + lead + reply.text})

    def respond(self, ctx: TurnContext, message: str) -> Reply:
        """The agent's answer, or the offline engine's with a notice: `stream` consumed."""
        *_, reply = self.stream(ctx, message)
        return reply

    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply:
        """Uploads are summarised by the offline engine: the numbers come from the KPI report."""
        return self.offline.on_upload(ctx, filename, report)
