"""The LLM agent — wiring only: the tools, the middleware, one `create_agent` call at start-up.

The turn's state reaches the tools and the system prompt as LangChain's runtime context
(`ToolContext`), so one compiled agent serves every session.
"""

import json

from langchain.agents import create_agent
from langchain.agents.middleware import ModelRequest, dynamic_prompt

from assistant.core.config import Settings
from assistant.core.templates import render
from assistant.tools.context import ToolContext
from assistant.tools.session_tools import TOOLS


def build_chat_model(settings: Settings):
    """ChatOpenAI against OPENAI_BASE_URL (any OpenAI-compatible server); no retries, a timeout."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=settings.model, api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                      timeout=settings.llm_timeout_s, max_retries=0)


@dynamic_prompt
def system_prompt(request: ModelRequest) -> str:
    """The session's system prompt: its language, what it knows so far, its uploads."""
    ctx = request.runtime.context.turn
    known = {k: v for k, v in ctx.snapshot.items() if v}
    return render("system.j2", lang=ctx.lang, snapshot=json.dumps(known, ensure_ascii=False) if known else "",
                  uploads=[u["filename"] for u in ctx.uploads])


MIDDLEWARE = [system_prompt]


def build_agent(model):
    """The compiled agent graph; each turn passes its own `ToolContext` as `context=`."""
    return create_agent(model, TOOLS, context_schema=ToolContext, middleware=MIDDLEWARE)
