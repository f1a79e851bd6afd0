"""The LLM engine — wiring only: a LangChain agent over an OpenAI-compatible model and the session tools.

Any model error, timeout, exhausted tool budget or malformed output hands the turn to the offline
engine, with a short notice; the user's message is already stored by then.
"""

import json
import logging
from copy import deepcopy
from typing import Iterator

from assistant.contracts import Reply, TurnContext
from assistant.core.config import Settings
from assistant.core.templates import render
from assistant.core.templates import text as t
from assistant.engine.chunks import chunk_text
from assistant.tools.recorder import Recorder
from assistant.tools.session_tools import build_tools

log = logging.getLogger(__name__)
HISTORY_MESSAGES = 12


class MalformedOutput(RuntimeError):
    """The model ended the turn without a usable text answer."""


def build_chat_model(settings: Settings):
    """ChatOpenAI against OPENAI_BASE_URL (any OpenAI-compatible server); no retries, a timeout."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.model, api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                      timeout=settings.llm_timeout_s, max_retries=0)


def _history(ctx: TurnContext, message: str) -> list:
    from langchain_core.messages import AIMessage, HumanMessage

    past = [HumanMessage(m["text"]) if m["role"] == "user" else AIMessage(m["text"])
            for m in ctx.history[-HISTORY_MESSAGES:]]
    return past + [HumanMessage(message)]


def _final_text(messages: list) -> str:
    from langchain_core.messages import AIMessage

    last = messages[-1] if messages else None
    if not isinstance(last, AIMessage) or last.tool_calls or not isinstance(last.content, str) \
            or not last.content.strip():
        raise MalformedOutput(repr(last)[:200])
    return last.content.strip()


class LlmEngine:
    """`langchain.agents.create_agent` per turn (the tools are bound to the session's state)."""

    name = "llm"

    def __init__(self, settings: Settings, offline, search=None, chat_model=None):
        self.settings = settings
        self.offline = offline
        self.search = search
        self.model = chat_model or build_chat_model(settings)

    def _system_prompt(self, ctx: TurnContext) -> str:
        known = {k: v for k, v in ctx.snapshot.items() if v}
        return render("system.j2", lang=ctx.lang, snapshot=json.dumps(known, ensure_ascii=False) if known else "",
                      uploads=[u["filename"] for u in ctx.uploads])

    def _agent(self, ctx: TurnContext, recorder: Recorder):
        from langchain.agents import create_agent

        tools = build_tools(ctx, self.search, recorder, self.settings.knowledge_dir)
        return create_agent(model=self.model, tools=tools, system_prompt=self._system_prompt(ctx))

    def _config(self) -> dict:
        return {"recursion_limit": 2 * self.settings.llm_max_tool_rounds + 1}  # a round = model + tools step

    def _run(self, ctx: TurnContext, message: str) -> Reply:
        recorder = Recorder()
        result = self._agent(ctx, recorder).invoke({"messages": _history(ctx, message)}, config=self._config())
        return Reply(text=_final_text(result["messages"]), citations=recorder.citations,
                     artifacts=recorder.artifacts, lang=ctx.lang, engine="llm")

    def _fallback(self, ctx: TurnContext, message: str, saved, err: Exception) -> Reply:
        log.warning("LLM turn failed (%s: %s); the offline engine answers", type(err).__name__, err)
        ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts = saved
        reply = self.offline.respond(ctx, message)
        notice = t("engine.llm_fallback", ctx.lang)
        return reply.model_copy(update={"text": f"{notice}\n\n{reply.text}", "notice": notice})

    def respond(self, ctx: TurnContext, message: str) -> Reply:
        """The agent's answer, or the offline engine's with a notice if anything went wrong."""
        saved = deepcopy((ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts))
        try:
            return self._run(ctx, message)
        except Exception as err:  # model down, timeout, tool budget, malformed output: answer anyway
            return self._fallback(ctx, message, saved, err)

    def _tokens(self, ctx: TurnContext, message: str, recorder: Recorder) -> Iterator[str | list]:
        """The model's text tokens as they come, then the final message list."""
        from langchain_core.messages import (
            AIMessage,  # chunks when the model streams, whole messages otherwise
        )

        final = None
        for mode, data in self._agent(ctx, recorder).stream(
                {"messages": _history(ctx, message)}, config=self._config(), stream_mode=["messages", "values"]):
            if mode == "values":
                final = data["messages"]
                continue
            chunk, _meta = data
            if isinstance(chunk, AIMessage) and isinstance(chunk.content, str) and chunk.content:
                yield chunk.content
        yield final or []

    def stream(self, ctx: TurnContext, message: str) -> Iterator[str | Reply]:
        """Tokens as the model writes them, then the Reply; on failure the offline answer follows."""
        saved = deepcopy((ctx.snapshot, ctx.intake, ctx.diagnosis, ctx.drafts))
        recorder, shown = Recorder(), []
        try:
            for part in self._tokens(ctx, message, recorder):
                if isinstance(part, str):
                    shown.append(part)
                    yield part
                else:
                    _final_text(part)  # raises on a malformed ending
            yield Reply(text="".join(shown), citations=recorder.citations, artifacts=recorder.artifacts,
                        lang=ctx.lang, engine="llm")
        except Exception as err:
            reply = self._fallback(ctx, message, saved, err)
            lead = "\n\n" if shown else ""
            yield from chunk_text(lead + reply.text)
            yield reply.model_copy(update={"text": "".join(shown) + lead + reply.text})

    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply:
        """Uploads are summarised by the offline engine: the numbers come from the KPI report."""
        return self.offline.on_upload(ctx, filename, report)
