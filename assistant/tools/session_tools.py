"""The tools the LLM agent may call, at module level. Thin: they parse, call `actions`, and report.

Each reads the turn's state from `runtime.context` (a `ToolContext`), returns JSON text (or an
error sentence the model can act on) and never raises.
"""

import json
from functools import wraps
from typing import Literal

from langchain.agents import AgentState
from langchain.tools import ToolRuntime
from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field

from assistant.contracts import STAGES, Artifact
from assistant.core.config import resource_dir
from assistant.core.errors import UserFacingError
from assistant.intake.absorb import absorb
from assistant.intake.amounts import find_amounts
from assistant.intake.currency import DEFAULT_USD_RATE
from assistant.intake.figure import MONEY_MEASURES, Finding, stored_field
from assistant.intake.reader import read
from assistant.intake.store import store
from assistant.tools import actions
from assistant.tools.context import ToolContext

# Parametrised so that pydantic knows the context's type when it validates a call; both parameters are
# given because LangChain 1.0's ToolRuntime has no default for the state's.
Runtime = ToolRuntime[ToolContext, AgentState]


class SearchArgs(BaseModel):
    query: str = Field(description="the method question, in the user's words (Vietnamese or English)")
    k: int = Field(default=3, ge=1, le=5, description="how many passages to return")


Measure = Literal["reach", "visits", "leads", "qualified", "customers", "repeat_customers", "spend", "revenue",
                  "aov", "gross_margin", "followers"]
TOLERANCE = 0.01  # a figure and the number in its quote agree within 1 %


class FigureArg(BaseModel):
    """One figure the owner stated, as the model read it; the tool checks it against the quoted words."""

    field: Measure = Field(description=(
        "what the number measures: a funnel stage (reach, visits, leads = enquiries/messages/DMs/forms, qualified = "
        "MQL/SQL/booked/visited, customers = orders/deals/enrolled, repeat_customers), spend, revenue, aov "
        "(average order value / price), gross_margin, followers (page audience, not a period's reach). "
        "For a goal or a budget still to spend give the measure and set `kind`"))
    value: float = Field(description="the number in `unit`/`currency` (30 triệu = 30000000; $1,200 = 1200 with USD; 40% = 0.4)")
    unit: Literal["count", "money", "percent"] = Field(description="count, money or percent")
    currency: Literal["VND", "USD"] | None = Field(None, description="for money: VND or USD, as the owner wrote it")
    kind: Literal["actual", "target", "plan"] = Field("actual", description=(
        "actual = what happened in the period; target = a goal (mục tiêu, KPI, muốn đạt); "
        "plan = a budget or figure still to come (tháng sau, dự kiến)"))
    channel: str | None = Field(None, description="the channel the figure belongs to, if named (facebook, tiktok, zalo…)")
    period: str | None = Field(None, description="the period named with it, if any (e.g. 'week', 'tháng 10')")
    quote: str = Field(description="the owner's exact words that state this number, copied from their message")


class SnapshotArgs(BaseModel):
    from_text: str | None = Field(None, description=(
        "the user's own sentence with figures (e.g. 'chạy ads hết 30 triệu, 1.500 mess, chốt 12 đơn'): "
        "the tool reads the numbers itself — prefer this to converting numbers yourself"))
    figures: list[FigureArg] | None = Field(None, description=(
        "figures you extracted, each with the owner's quoted words; the tool checks every one against its quote "
        "and refuses what the words do not say (fix it and call again)"))
    reach: float | None = Field(None, description="people reached by ads/content")
    visits: float | None = Field(None, description="website or landing-page visits (clicks)")
    leads: float | None = Field(None, description="enquiries: messages, calls, forms")
    qualified: float | None = Field(None, description="leads that meet the qualification criteria")
    customers: float | None = Field(None, description="customers or orders closed")
    repeat_customers: float | None = Field(None, description="customers who bought again")
    spend: float | None = Field(None, description="ad/marketing spend in VND (30 triệu = 30000000)")
    revenue: float | None = Field(None, description="revenue in VND for the same period")
    target_revenue: float | None = Field(None, description="the revenue goal in VND")
    gross_margin: float | None = Field(None, description="gross margin as a fraction (40% = 0.4)")
    industry: str | None = Field(None, description="retail, fnb, education, b2b_services or health")
    practices: dict[str, bool] | None = Field(None, description=(
        "practices the owner confirmed or denied: target_customer_defined, positioning_defined, "
        "business_goal_defined, kpis_tracked, dashboard, periodic_review, lead_definition_agreed, sales_sla, crm"))


class GoalArgs(BaseModel):
    goal: str = Field(description="the goal exactly as the user wrote it")


class KpiArgs(BaseModel):
    name: str = Field(description="the KPI name, e.g. 'CPL', 'tỷ lệ chốt', 'ROAS'")


def _safe(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserFacingError as err:
            return f"error: {err.message('en')}"
        except Exception as err:  # the model gets a sentence, the turn goes on
            return f"error: {type(err).__name__}: {err}"
    return wrapper


def _bad_arguments(err) -> str:
    return f"error: invalid arguments ({err}); fix them and call again, or ask the user"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _brief(diagnosis: dict) -> dict:
    """What the model needs to explain a diagnosis, with citation labels."""
    return {"bottleneck": diagnosis.get("bottleneck"), "pillar_priority": diagnosis.get("pillar_priority"),
            "reasons": diagnosis.get("reasons"), "stages": diagnosis.get("stages"),
            "actions": [{"text": a["text"], "step": a.get("step"),
                         "cite": [f"{c['title']} › {c['heading']}" for c in a.get("citations") or []]}
                        for a in diagnosis.get("actions") or []],
            "kpis_to_track": diagnosis.get("kpis_to_track"), "missing_data": diagnosis.get("missing_data"),
            "unit_economics": diagnosis.get("unit_economics")}


def _tool(schema: type[BaseModel] | None = None):
    """Make a module-level tool: the docstring is its description, errors come back as sentences."""
    # Tools without arguments pass no schema: with an empty one LangChain drops the injected runtime.
    def make(fn) -> StructuredTool:
        return StructuredTool.from_function(_safe(fn), name=fn.__name__, description=fn.__doc__,
                                            args_schema=schema, handle_tool_error=True,
                                            handle_validation_error=_bad_arguments)
    return make


@_tool(SearchArgs)
def search_knowledge(query: str, k: int = 3, *, runtime: Runtime) -> str:
    """Search the systematic-marketing method notes. Use it before any claim about the method
    (pillars, the seven steps, KPIs, SMART, silos, SLA, glossary). Returns passages in the
    user's language with a `cite` label: cite it in brackets after the claim."""
    state = runtime.context
    if state.search is None:
        return "error: the knowledge base is not indexed; answer without method claims"
    hits = state.search.search(query, k=k, lang=state.turn.lang)
    state.recorder.cite([h.to_citation() for h in hits])
    return _json([{"text": h.text, "cite": h.citation} for h in hits])


@_tool()
def compute_kpis(*, runtime: Runtime) -> str:
    """KPIs computed from the files the user uploaded in this conversation (spend, CPL, CTR,
    ROAS…), per file. Use these numbers; never compute KPIs yourself."""
    state = runtime.context
    uploads = state.turn.uploads
    if not uploads:
        return "no files uploaded in this conversation; ask the user for figures or an export"
    reports = [{"filename": u["filename"], **{k: (u.get("report") or {}).get(k) for k in
                ("detected_format", "currency", "period", "rows", "totals", "kpis", "warnings")}}
               for u in uploads]
    state.recorder.keep([Artifact(type="kpis", data=uploads[-1].get("report"))])
    return _json(reports)


@_tool(SnapshotArgs)
def update_snapshot(*, runtime: Runtime, **fields) -> str:
    """Record figures and practices the user stated (only those; unknown stays empty) into the
    funnel snapshot of this conversation. Money in VND, counts as numbers. Returns the snapshot."""
    state = runtime.context
    ctx = state.turn
    practices = fields.pop("practices", None) or {}
    industry = fields.pop("industry", None)
    said = fields.pop("from_text", None)
    extracted = fields.pop("figures", None) or []
    if said:  # the reader stores what the words say (each figure in its own holder, with its record)
        absorb(ctx, said, state.knowledge_dir or resource_dir("knowledge"))
    checked = [_checked(FigureArg.model_validate(f), ctx.snapshot) for f in extracted]
    refused = [c for c in checked if isinstance(c, str)]
    if refused:  # nothing of this call is stored: the model fixes its reading and calls again
        return "error: nothing stored. " + " ".join(refused)
    for finding in checked:
        store(ctx.snapshot, finding)
    for name, value in fields.items():
        if value is None:
            continue
        target = ctx.snapshot.setdefault("funnel", {}) if name in STAGES else ctx.snapshot
        target[name] = value
        ctx.snapshot.setdefault("sources", {})[name] = "chat"
    if fields.get("target_revenue") is not None:
        practices = {"business_goal_defined": True, **practices}
    ctx.snapshot.setdefault("practices", {}).update(practices)
    if industry:
        ctx.snapshot.setdefault("business", {})["industry"] = industry
    return _json(ctx.snapshot)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def _checked(fig: FigureArg, snapshot: dict) -> Finding | str:
    """The figure as a Finding to store, or why its quote does not say it (a sentence the model can act on)."""
    expected = "money" if fig.field in MONEY_MEASURES else "percent" if fig.field == "gross_margin" else "count"
    if fig.unit != expected:
        return f"{fig.field} is a {expected} figure, not {fig.unit} (quote {fig.quote!r})."
    field = stored_field(fig.field, fig.kind)
    if field is None:
        return f"{fig.field} has no {fig.kind} figure; record it as kind 'actual' or leave it out."
    rate = (snapshot.get("fx") or {}).get("USD") or DEFAULT_USD_RATE
    usd = fig.unit == "money" and fig.currency == "USD"
    vnd = fig.value * rate if usd else fig.value
    amounts = [a for a in find_amounts(fig.quote) if _close(a.value, fig.value) or _close(a.value, vnd)
               or (fig.unit == "percent" and _close(a.value, fig.value * 100))]
    if not amounts:
        return (f"the quote {fig.quote!r} does not contain {fig.value:g}; quote the owner's exact words that state "
                f"the number, or use from_text.")
    reading = [f for f in read(fig.quote, known=None).findings if not f.removed and f.value is not None
               and (_close(f.value, vnd) or (f.original and _close(f.original["value"], fig.value)))]
    disagree = [f for f in reading if f.field != field]
    if reading and not any(f.field == field for f in reading):
        f = disagree[0]
        return (f"the words {fig.quote!r} read as {f.field} (kind {f.kind}), not {field} (field {fig.field}, "
                f"kind {fig.kind}); check the measure and the kind (actual / target / plan) and call again.")
    original = {"value": fig.value, "currency": "USD", "rate": rate} if usd else None
    return Finding(field=field, value=vnd, raw=amounts[0].text, measure=fig.field, kind=fig.kind, unit=fig.unit,
                   currency="VND" if fig.unit == "money" else None, channel=fig.channel, period=fig.period,
                   quote=fig.quote, original=original)


@_tool()
def diagnose(*, runtime: Runtime) -> str:
    """Diagnose the conversation's funnel snapshot: bottleneck, pillar priority (first = fix
    first), reasons, actions with citations, KPIs to track, the next question to ask. Call it
    once the snapshot has figures; explain its result in words, keep its numbers."""
    state = runtime.context
    diagnosis = actions.run_diagnosis(state.turn)
    state.recorder.cite(actions.diagnosis_citations(diagnosis))
    state.recorder.keep(actions.diagnosis_artifacts(state.turn))
    return _json(_brief(diagnosis))


def _draft(runtime: Runtime, kind: str) -> str:
    state = runtime.context
    artifact = actions.make_draft(state.turn, kind)
    state.recorder.keep([artifact])
    return artifact.data["markdown"]


@_tool()
def draft_kickoff_agenda(*, runtime: Runtime) -> str:
    """Draft the cross-team campaign kick-off agenda (Markdown), pre-filled from the diagnosis."""
    return _draft(runtime, "agenda")


@_tool()
def draft_sla(*, runtime: Runtime) -> str:
    """Draft the marketing–sales SLA (Markdown): MQL/SAL criteria, response time, feedback loop,
    nurturing, shared KPIs — from this conversation's data."""
    return _draft(runtime, "sla")


@_tool(GoalArgs)
def check_smart_goal(goal: str, *, runtime: Runtime) -> str:
    """Check a goal against SMART (Specific, Measurable, Achievable, Relevant, Time-bound):
    which criteria hold, what is missing, a rewritten goal."""
    state = runtime.context
    result = actions.check_goal(goal, state.turn.lang)
    state.recorder.keep([Artifact(type="smart", data=result)])
    return _json(result)


@_tool(KpiArgs)
def classify_kpi(name: str, *, runtime: Runtime) -> str:
    """Classify a KPI: level (input/output/impact), kind (strategic/tactical), pillar, formula."""
    result = actions.classify_kpi(name, runtime.context.turn.lang)
    return _json(result) if result else f"unknown KPI: {name!r}"


TOOLS = [search_knowledge, compute_kpis, update_snapshot, diagnose, draft_kickoff_agenda, draft_sla,
         check_smart_goal, classify_kpi]
