"""The LLM agent — wiring only: the tools, the middleware, one `create_agent` call at start-up.

The turn's state reaches the tools and the middleware as LangChain's runtime context
(`ToolContext`), so one compiled agent serves every session. The middleware makes small models
usable: the system prompt is the same for every turn of a language (prompt-cache friendly); every
request carries what is left of the turn's deadline as its timeout; a tool call written as text is
turned into a real call; a call whose arguments are not JSON is asked again once; past the tool
budget, or on the same call twice, the model must answer without tools.
"""

import json
import re
import time
import uuid

from langchain.agents import create_agent
from langchain.agents.middleware import (
    ModelRequest,
    ModelResponse,
    dynamic_prompt,
    wrap_model_call,
)
from langchain_core.messages import AIMessage, HumanMessage

from assistant.core.config import Settings
from assistant.core.templates import render
from assistant.core.templates import text as t
from assistant.tools.session_tools import TOOLS

TOOL_NAMES = {t.name for t in TOOLS}
_TAGGED = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)


class TurnDeadline(TimeoutError):
    """The turn's deadline passed before the model answered."""


def build_chat_model(settings: Settings):
    """ChatOpenAI against OPENAI_BASE_URL (any OpenAI-compatible server): no retries, a token and a time budget.

    OpenAI itself takes the budget as `max_completion_tokens` (what langchain-openai sends); llama.cpp,
    Ollama and vLLM read `max_tokens`, so a custom base URL gets that name in the body instead.
    """
    from langchain_openai import ChatOpenAI

    budget = ({"extra_body": {"max_tokens": settings.llm_max_tokens}} if settings.openai_base_url
              else {"max_tokens": settings.llm_max_tokens})
    return ChatOpenAI(model=settings.model, api_key=settings.openai_api_key, base_url=settings.openai_base_url,
                      timeout=settings.llm_timeout_s, max_retries=0, temperature=settings.llm_temperature, **budget)


@dynamic_prompt
def system_prompt(request: ModelRequest) -> str:
    """The same text for every turn of a language: the facts of a turn come after the conversation."""
    return render("system.j2", lang=request.runtime.context.turn.lang)


def _calls_in(value) -> list[dict]:
    """Tool calls in a parsed JSON value: {"name", "arguments"}, {"function": {…}}, or a list of them."""
    if isinstance(value, list):
        return [c for v in value for c in _calls_in(v)]
    if not isinstance(value, dict):
        return []
    if isinstance(value.get("function"), dict):
        value = value["function"]
    name = value.get("name")
    args = next((value[k] for k in ("arguments", "parameters", "args") if k in value), {})
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            return []
    if name not in TOOL_NAMES or not isinstance(args, dict):
        return []
    return [{"name": name, "args": args, "id": f"text_{uuid.uuid4().hex[:8]}", "type": "tool_call"}]


def text_tool_calls(text: str) -> list[dict]:
    """Tool calls a model wrote as text (Qwen's <tool_call> tags, a JSON object or list, in a code fence or not)."""
    pieces = _TAGGED.findall(text) or [text]
    calls: list[dict] = []
    decoder = json.JSONDecoder()
    for piece in pieces:
        i = 0
        while (start := min((p for p in (piece.find("{", i), piece.find("[", i)) if p >= 0), default=-1)) >= 0:
            try:
                value, end = decoder.raw_decode(piece, start)
            except ValueError:
                i = start + 1
                continue
            calls += _calls_in(value)
            i = end
    return calls


def _this_turn(messages: list) -> list:
    """The messages after the owner's last one: this turn's tool rounds."""
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    return messages[last + 1:]


def _signature(message: AIMessage) -> list:
    return sorted(json.dumps([c["name"], c["args"]], sort_keys=True) for c in message.tool_calls)


def _must_answer(messages: list, max_rounds: int) -> bool:
    """Past the tool budget, or the model made the same calls as in its previous round: a loop."""
    rounds = [m for m in _this_turn(messages) if isinstance(m, AIMessage) and m.tool_calls]
    return len(rounds) >= max_rounds or (len(rounds) >= 2 and _signature(rounds[-1]) == _signature(rounds[-2]))


@wrap_model_call
def guard(request: ModelRequest, handler) -> ModelResponse:
    """Deadline, tool budget, loops, tool calls as text and malformed tool arguments."""
    state = request.runtime.context
    if _must_answer(request.messages, state.max_tool_rounds):
        state.recorder.calls.append("loop")
        request = request.override(tools=[], messages=[*request.messages, HumanMessage(t(
            "engine.llm_answer_now", state.turn.lang))])
    response = _call(request, handler, state)
    message = response.result[-1] if response.result else None
    if isinstance(message, AIMessage) and message.tool_calls and not request.tools:  # told to answer, called anyway
        text = message.content if isinstance(message.content, str) else ""
        return ModelResponse(result=[*response.result[:-1], AIMessage(content=text)],
                             structured_response=response.structured_response)
    if not isinstance(message, AIMessage) or message.tool_calls or not request.tools:
        return response
    if isinstance(message.content, str) and (calls := text_tool_calls(message.content)):
        state.recorder.calls.append("text")
        fixed = AIMessage(content="", tool_calls=calls, response_metadata=message.response_metadata,
                          usage_metadata=message.usage_metadata)
        return ModelResponse(result=[*response.result[:-1], fixed], structured_response=response.structured_response)
    if message.invalid_tool_calls:  # arguments that are not JSON: say so once, then take what comes
        state.recorder.calls += ["malformed"] * len(message.invalid_tool_calls)
        bad = ", ".join(c.get("name") or "?" for c in message.invalid_tool_calls)
        note = HumanMessage(t("engine.llm_bad_tool_json", state.turn.lang, names=bad))
        return _call(request.override(messages=[*request.messages, note]), handler, state)
    return response


def _call(request: ModelRequest, handler, state) -> ModelResponse:
    """One model request, with what is left of the turn's deadline as its timeout (the connection closes then)."""
    timeout = state.request_timeout_s
    if state.deadline is not None:
        timeout = min(timeout, state.deadline - time.monotonic())
        if timeout <= 0.05:
            raise TurnDeadline("the turn's deadline passed")
    return handler(request.override(model_settings={**request.model_settings, "timeout": timeout}))


MIDDLEWARE = [system_prompt, guard]


def build_agent(model):
    """The compiled agent graph; each turn passes its own `ToolContext` as `context=`."""
    from assistant.tools.context import ToolContext

    return create_agent(model, TOOLS, context_schema=ToolContext, middleware=MIDDLEWARE)
