"""The LLM engine: the deterministic core answers first, the model words it, the checks decide what is shown.

A turn:
1. The offline engine reads the message (figures, targets, plans, corrections, conflict answers go
   into the snapshot whatever the model does), diagnoses when the data allows and fetches the
   passages a method question needs. Its answer is kept as the turn's fallback.
2. The figures the turn stored are said back at once, in the core's words (the first paragraph of
   its answer: "Em ghi nhận …" or the "Em đang dùng" block), streamed before the model starts.
3. The model gets the conversation and, last, the turn's facts (figures, conflicts, diagnosis,
   sources with citation ids, GrowthDoc's answer); it may call tools (a figure the reader missed,
   more search, a draft, a SMART check).
4. Its reply is checked (numbers traceable, citation ids real, the owner's language, not a repeat,
   no tool call as text). A failed check gets one corrective retry naming the violations; a second
   failure, an error or the turn's deadline gives the offline answer with a notice.
The reply is held until it passed (README, "The LLM path": why not stream the model's tokens).
"""

import logging
import time
from copy import deepcopy
from typing import Iterator

from assistant.contracts import Reply, TurnContext
from assistant.core.config import Settings
from assistant.core.metrics import count_llm_tokens
from assistant.core.templates import text as t
from assistant.engine import checks
from assistant.engine.agent import build_agent, build_chat_model
from assistant.engine.chunks import chunk_text
from assistant.engine.facts import facts_block, turn_facts
from assistant.tools import actions
from assistant.tools.context import ToolContext
from assistant.tools.recorder import Recorder

log = logging.getLogger(__name__)
HISTORY_MESSAGES = 6  # the last three exchanges
PAST_REPLY_CHARS = 600  # an earlier reply, cut: its figures are in the facts again


class Ungrounded(RuntimeError):
    """The model's reply failed the checks twice."""

    def __init__(self, found: list[dict]):
        super().__init__("; ".join(v["kind"] for v in found))
        self.found = found


def _cut(text: str) -> str:
    return text if len(text) <= PAST_REPLY_CHARS else text[:PAST_REPLY_CHARS].rsplit(" ", 1)[0] + " …"


def _history(ctx: TurnContext, message: str, facts: str, correction: str | None = None) -> list:
    """The conversation, then the owner's message with the turn's facts last (the prompt's changing part)."""
    from langchain_core.messages import AIMessage, HumanMessage

    past = [HumanMessage(m["text"]) if m["role"] == "user" else AIMessage(_cut(m["text"]))
            for m in ctx.history[-HISTORY_MESSAGES:]]
    last = f"{message}\n\n{facts}" + (f"\n\n{correction}" if correction else "")
    return past + [HumanMessage(last)]


def _final_text(messages: list) -> str:
    """The model's last text answer ('' when the turn ended on anything else)."""
    from langchain_core.messages import AIMessage

    last = messages[-1] if messages else None
    if not isinstance(last, AIMessage) or last.tool_calls or not isinstance(last.content, str):
        return ""
    return last.content.strip()


def _tool_results(messages: list) -> list[str]:
    from langchain_core.messages import ToolMessage

    return [m.content for m in messages if isinstance(m, ToolMessage) and isinstance(m.content, str)]


def _previous_reply(ctx: TurnContext) -> str | None:
    return next((m["text"] for m in reversed(ctx.history) if m["role"] == "assistant"), None)


def _figures_key(snapshot: dict) -> list:
    return [(f["field"], f["value"], f["kind"], f["source"]) for f in actions.figures_in_use(snapshot)]


class LlmEngine:
    """One `create_agent` graph for the process; the session's state travels as its runtime context."""

    name = "llm"

    def __init__(self, settings: Settings, offline, search=None, chat_model=None):
        self.settings = settings
        self.offline = offline
        self.search = search
        self.agent = build_agent(chat_model or build_chat_model(settings))
        self.last_turn: dict = {}  # what the eval reads: violations, retries, fallback, tool calls

    def _config(self) -> dict:
        return {"recursion_limit": 2 * self.settings.llm_max_tool_rounds + 3}  # a round = model + tools step

    def _run(self, turn: ToolContext, messages: list) -> tuple[str, list]:
        result = self.agent.invoke({"messages": messages}, config=self._config(), context=turn)
        return _final_text(result["messages"]), result["messages"]

    def _ledger(self, ctx: TurnContext, message: str, facts: dict, answer: Reply) -> checks.Ledger:
        said = [m["text"] for m in ctx.history if m["role"] == "user"] + [message]
        return checks.Ledger().add(facts, ctx.snapshot, ctx.diagnosis, answer.text, *said)

    def _model_reply(self, ctx: TurnContext, message: str, turn: ToolContext, facts: dict, answer: Reply) -> str:
        """The model's checked reply: one corrective retry naming the violations, else `Ungrounded`."""
        block = facts_block(facts)
        ledger = self._ledger(ctx, message, facts, answer)
        saved = deepcopy((ctx.snapshot, ctx.diagnosis, ctx.drafts))
        correction, found = None, []
        previous = _previous_reply(ctx)
        if previous and checks.repeats(answer.text, previous):
            previous = None  # GrowthDoc's own answer is the same again (the same question asked): so may the model's
        for attempt in range(2):
            text, messages = self._run(turn, _history(ctx, message, block, correction))
            results = _tool_results(messages)
            ledger.add(*results)
            found = checks.violations(text, ledger=ledger, citations=len(turn.recorder.citations), lang=ctx.lang,
                                      previous=previous,
                                      cited_answer=bool(checks.citation_labels(answer.text)) and not results,
                                      answer=answer.text)
            self._measure(text, messages, results, ledger, turn)
            self.last_turn["violations"] += [v["kind"] for v in found]
            if not found:
                question = checks.core_question(answer.text, text)  # the one question the intake needs, kept
                return f"{text}\n\n{question}" if question else text
            log.info("LLM reply refused (%s)", "; ".join(v["kind"] for v in found))
            ctx.snapshot, ctx.diagnosis, ctx.drafts = deepcopy(saved)  # what a refused reply's tools did goes too
            correction = t("engine.llm_correction", ctx.lang, found=found)
            self.last_turn["retries"] = attempt + 1
        raise Ungrounded(found)

    def _measure(self, text: str, messages: list, results: list[str], ledger, turn: ToolContext) -> None:
        """What the eval reads of a model attempt: tool calls, numbers, citations, tokens."""
        from langchain_core.messages import AIMessage

        m = self.last_turn
        m["attempts"] += 1
        m["tool_calls"] += sum(len(x.tool_calls) for x in messages if isinstance(x, AIMessage))
        m["tool_errors"] += sum(r.startswith("error") for r in results)
        m["numbers"] += len(checks.find_amounts(checks.strip_citations(text)))
        m["numbers_untraced"] += len(checks.untraced(text, ledger))
        m["citations"] += len(checks.citation_labels(text))
        m["citations_bad"] += len(checks.bad_citations(text, len(turn.recorder.citations)))
        m["language_wrong"] += bool(text.strip()) and checks.wrong_language(text, turn.turn.lang)
        for x in messages:
            usage = getattr(x, "usage_metadata", None) if isinstance(x, AIMessage) else None
            m["tokens"] += (usage or {}).get("total_tokens", 0)

    def stream(self, ctx: TurnContext, message: str) -> Iterator[str | Reply]:
        """The figures the turn stored at once, then the checked reply; on failure the offline answer with a notice."""
        self.last_turn = {"violations": [], "retries": 0, "fallback": None, "attempts": 0, "tool_calls": 0,
                          "tool_errors": 0, "numbers": 0, "numbers_untraced": 0, "citations": 0, "citations_bad": 0,
                          "language_wrong": 0, "tokens": 0}
        before = _figures_key(ctx.snapshot)
        answer = self.offline.respond(ctx, message)  # the deterministic core: intake, conflicts, diagnosis, search
        changed = _figures_key(ctx.snapshot) != before
        lead, rest = "", answer.text
        if changed:  # never a figure stored silently: the core's own words for them go first, whatever the model does
            head, _, rest = answer.text.partition("\n\n")
            lead = head + "\n\n"
            yield lead
        recorder = Recorder(artifacts=list(answer.artifacts))
        recorder.cite(answer.citations)
        turn = ToolContext(turn=ctx, search=self.search, recorder=recorder, knowledge_dir=self.settings.knowledge_dir,
                           deadline=time.monotonic() + self.settings.llm_turn_deadline_s,
                           request_timeout_s=self.settings.llm_timeout_s,
                           max_tool_rounds=self.settings.llm_max_tool_rounds)
        facts = turn_facts(ctx, answer.model_copy(update={"text": rest}), recorder)
        core = deepcopy((ctx.snapshot, ctx.diagnosis, ctx.drafts))
        self.last_turn["guard"] = recorder.calls
        try:
            text = self._model_reply(ctx, message, turn, facts, answer)
        except Exception as err:  # model down, deadline, loop, ungrounded twice: the offline answer, said so
            count_llm_tokens(self.last_turn["tokens"])
            log.warning("LLM turn not used (%s: %s); the offline answer is shown", type(err).__name__, err)
            self.last_turn["fallback"] = type(err).__name__
            ctx.snapshot, ctx.diagnosis, ctx.drafts = core  # the core's reading stays, the model's half-done writes go
            notice = t("engine.llm_unchecked" if isinstance(err, Ungrounded) else "engine.llm_fallback", ctx.lang)
            body = f"{notice}\n\n{rest}" if rest else notice
            yield from chunk_text(body)
            yield answer.model_copy(update={"text": lead + body, "notice": notice, "engine": "offline"})
            return
        count_llm_tokens(self.last_turn["tokens"])  # /metrics: what the model costs
        yield from chunk_text(text)
        yield Reply(text=lead + text, citations=recorder.citations, artifacts=recorder.artifacts, lang=ctx.lang,
                    engine="llm")

    def respond(self, ctx: TurnContext, message: str) -> Reply:
        """The checked answer, or the offline engine's with a notice: `stream` consumed."""
        *_, reply = self.stream(ctx, message)
        return reply

    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply:
        """Uploads are summarised by the offline engine: the numbers come from the KPI report."""
        return self.offline.on_upload(ctx, filename, report)
