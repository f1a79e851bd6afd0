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
from pydantic import BaseModel, Field, create_model

from assistant.contracts import Artifact
from assistant.core.errors import UserFacingError
from assistant.intake.absorb import known_counts
from assistant.intake.amounts import find_amounts
from assistant.intake.currency import DEFAULT_USD_RATE
from assistant.intake.figure import MONEY_MEASURES, Finding, stored_field
from assistant.intake.plausibility import derived_doubt, stated_doubts
from assistant.intake.reader import read
from assistant.intake.store import store
from assistant.tools import actions
from assistant.tools.context import ToolContext

# Parametrised so that pydantic knows the context's type when it validates a call; both parameters are
# given because LangChain 1.0's ToolRuntime has no default for the state's.
Runtime = ToolRuntime[ToolContext, AgentState]


class SearchArgs(BaseModel):
    query: str = Field(description="what to look up in the method notes, in the owner's words")


Measure = Literal["reach", "visits", "leads", "qualified", "customers", "repeat_customers", "spend", "revenue",
                  "aov", "gross_margin", "followers"]
TOLERANCE = 0.01  # a figure and the number in its quote agree within 1 %
# the old flat fields: each still needs the owner's quoted words, and is checked like a typed figure
FLAT = {"reach": ("reach", "count", "actual"), "visits": ("visits", "count", "actual"),
        "leads": ("leads", "count", "actual"), "qualified": ("qualified", "count", "actual"),
        "customers": ("customers", "count", "actual"), "repeat_customers": ("repeat_customers", "count", "actual"),
        "spend": ("spend", "money", "actual"), "revenue": ("revenue", "money", "actual"),
        "target_revenue": ("revenue", "money", "target"), "gross_margin": ("gross_margin", "percent", "actual")}


_HIDDEN = {"hidden": True}  # accepted when a model sends them, left out of the schema the model reads


class _Slim(StructuredTool):
    """A tool whose schema shown to the model leaves out the arguments marked hidden (still validated)."""

    @property
    def tool_call_schema(self):
        full = super().tool_call_schema
        hidden = {n for n, f in self.args_schema.model_fields.items() if (f.json_schema_extra or {}).get("hidden")}
        if not hidden:
            return full
        fields = {n: (f.annotation, f) for n, f in full.model_fields.items() if n not in hidden}
        return create_model(full.__name__, __doc__=full.__doc__, **fields)


class FigureArg(BaseModel):
    """One figure the owner stated, as the model read it; the tool checks it against the quoted words."""

    field: Measure
    value: float
    unit: Literal["count", "money", "percent"] = "count"
    currency: Literal["VND", "USD"] | None = None
    kind: Literal["actual", "target", "plan"] = "actual"
    channel: str | None = None
    period: str | None = None
    quote: str


class SnapshotArgs(BaseModel):
    """One figure per call (several figures: several calls, in parallel). The old flat fields
    (leads=…, spend=…) are accepted too, and need `quote` like the rest."""

    field: Measure | None = Field(None, description=(
        "leads = messages/DMs/forms; qualified = booked/visited/MQL; customers = orders/deals; "
        "visits = clicks; aov = average order value; followers = page audience"))
    value: float | None = Field(None, description="30 triệu = 30000000; 450k = 450000; 40% = 0.4")
    unit: Literal["count", "money", "percent"] = "count"
    currency: Literal["VND", "USD"] | None = None
    kind: Literal["actual", "target", "plan"] = Field("actual", description="target = a goal; plan = still to come")
    channel: str | None = None
    period: str | None = None
    quote: str | None = Field(None, description="the owner's exact words stating the number")
    reach: float | None = Field(None, json_schema_extra=_HIDDEN)
    visits: float | None = Field(None, json_schema_extra=_HIDDEN)
    leads: float | None = Field(None, json_schema_extra=_HIDDEN)
    qualified: float | None = Field(None, json_schema_extra=_HIDDEN)
    customers: float | None = Field(None, json_schema_extra=_HIDDEN)
    repeat_customers: float | None = Field(None, json_schema_extra=_HIDDEN)
    spend: float | None = Field(None, json_schema_extra=_HIDDEN)
    revenue: float | None = Field(None, json_schema_extra=_HIDDEN)
    target_revenue: float | None = Field(None, json_schema_extra=_HIDDEN)
    gross_margin: float | None = Field(None, json_schema_extra=_HIDDEN)
    practices: dict[str, bool] | None = Field(None, json_schema_extra=_HIDDEN)
    industry: str | None = Field(None, json_schema_extra=_HIDDEN)


class DraftArgs(BaseModel):
    kind: Literal["agenda", "sla", "kpi_tree"] = Field(description=(
        "agenda = campaign kick-off agenda, sla = marketing–sales SLA, kpi_tree = KPI tree"))


Rate = Literal["reach_to_visit", "visit_to_lead", "lead_to_qualified", "qualified_to_customer", "lead_to_customer",
               "customer_to_repeat", "reach_to_lead", "visit_to_customer"]


class WhatIfArgs(BaseModel):
    """Either a rate that changes (stage + rate) or a budget to forecast."""

    stage: Rate | None = Field(None, description="the rate that changes, e.g. lead_to_customer (close rate)")
    rate: float | None = Field(None, description="its new value as a fraction: 5% = 0.05")
    budget: float | None = Field(None, description="or: a budget in VND to forecast at the current rates")


class GoalArgs(BaseModel):
    goal: str = Field(description="the goal exactly as the owner wrote it")


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
    return f"error: invalid arguments ({err}); fix them and call again, or answer without this tool"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def _tool(schema: type[BaseModel] | None = None):
    """Make a module-level tool: the docstring is its description, errors come back as sentences."""
    # Tools without arguments pass no schema: with an empty one LangChain drops the injected runtime.
    def make(fn) -> StructuredTool:
        return _Slim.from_function(_safe(fn), name=fn.__name__, description=" ".join(fn.__doc__.split()),
                                            args_schema=schema, handle_tool_error=True,
                                            handle_validation_error=_bad_arguments)
    return make


@_tool(SearchArgs)
def search_knowledge(query: str, *, runtime: Runtime) -> str:
    """Search the marketing method notes. Returns passages, each with an `id`: put [id] after
    a sentence that uses it."""
    state = runtime.context
    if state.search is None:
        return "error: the method notes are not indexed; answer without method claims"
    hits = state.search.search(query, k=3, lang=state.turn.lang)
    ids = state.recorder.cite([h.to_citation() for h in hits])
    return _json([{"id": i, "title": h.citation, "text": h.text[:600]} for i, h in zip(ids, hits)])


@_tool(SnapshotArgs)
def update_snapshot(*, runtime: Runtime, **args) -> str:
    """Record ONE figure the owner stated that the facts do not hold yet (or is wrong there):
    field, value, unit, kind and the owner's exact words in `quote`. The tool checks the number
    against the quote and refuses what the words do not say."""
    state = runtime.context
    ctx = state.turn
    practices = args.pop("practices", None) or {}
    industry = args.pop("industry", None)
    quote = args.get("quote")
    figures = []
    if args.get("field") is not None or args.get("value") is not None:
        figures.append({k: args.get(k) for k in ("field", "value", "unit", "currency", "kind", "channel", "period")})
    for name, (measure, unit, kind) in FLAT.items():
        if args.get(name) is not None:
            figures.append({"field": measure, "value": args[name], "unit": unit, "kind": kind,
                            "currency": "VND" if unit == "money" else None})
    if figures and not quote:
        return "error: nothing stored. Give `quote`: the owner's exact words that state the number."
    checked = []
    for figure in figures:
        try:
            checked.append(_checked(FigureArg.model_validate({**figure, "quote": quote}), ctx.snapshot))
        except ValueError as err:
            checked.append(f"{figure.get('field')}: {err}")
    refused = [c for c in checked if isinstance(c, str)]
    if refused:  # nothing of this call is stored: the model fixes its reading and calls again
        return "error: nothing stored. " + " ".join(refused)
    for finding in checked:
        store(ctx.snapshot, finding)
    if any(f.field == "target_revenue" for f in checked):
        practices = {"business_goal_defined": True, **practices}
    ctx.snapshot.setdefault("practices", {}).update(practices)
    if industry:
        ctx.snapshot.setdefault("business", {})["industry"] = industry
    result = {"stored": [{"field": f.field, "value": f.value} for f in checked] or None,
              "practices": practices or None}
    doubt = _doubt(ctx.snapshot, checked, quote)
    if doubt:  # "CPL 21đ", 30 nghìn for 1.400 leads: worded back to the owner before any verdict rests on it
        result["doubt"] = {**doubt, "do": "Do not diagnose yet. Say the figure back to the owner, say why it looks "
                                         "wrong, and ask them to confirm or correct it."}
    elif checked and (ctx.diagnosis or len(known_counts(ctx.snapshot)) >= 2):
        diagnosis = actions.run_diagnosis(ctx)
        state.recorder.cite(actions.diagnosis_citations(diagnosis))
        state.recorder.keep(actions.diagnosis_artifacts(ctx))
        result["diagnosis"] = brief(diagnosis, state.recorder)
    return _json({k: v for k, v in result.items() if v})


def _doubt(snapshot: dict, stored: list[Finding], quote: str | None) -> dict | None:
    """The same plausibility check the offline intake makes, on what this call stored; kept on the figure."""
    fields = {f.field for f in stored}
    if not {"spend", "leads"} & fields:
        return None
    doubt = (stated_doubts(quote or "") or [None])[0] or derived_doubt(snapshot)
    if doubt:
        holder = "spend" if "spend" in fields else "leads"
        snapshot.setdefault("figures", {}).setdefault(holder, {})["doubt"] = doubt
    return doubt


def brief(diagnosis: dict, recorder) -> dict:
    """What the model needs to explain a diagnosis, each action with the citation ids it may use."""
    b = diagnosis.get("bottleneck") or {}
    return {"bottleneck": {k: b.get(k) for k in ("stage", "actual", "benchmark", "revenue_uplift") if b.get(k)},
            "pillar_priority": diagnosis.get("pillar_priority"), "reasons": (diagnosis.get("reasons") or [])[:3],
            "actions": [{"text": a["text"], "cite": recorder.ids(a.get("citations") or [])}
                        for a in (diagnosis.get("actions") or [])[:4]],
            "ask_next": ((diagnosis.get("missing_data") or [{}])[0]).get("question")}


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


@_tool(DraftArgs)
def make_draft(kind: str, *, runtime: Runtime) -> str:
    """Draft a document from the diagnosis when the owner asks for one: a campaign kick-off
    agenda, a marketing–sales SLA or a KPI tree. Returns its Markdown: show it as it is."""
    state = runtime.context
    artifact = actions.make_draft(state.turn, kind)
    state.recorder.keep([artifact])
    return artifact.data["markdown"]


@_tool(GoalArgs)
def check_smart_goal(goal: str, *, runtime: Runtime) -> str:
    """Check a goal the owner wrote against SMART: which criteria hold, what is missing, a
    rewritten goal."""
    state = runtime.context
    result = actions.check_goal(goal, state.turn.lang)
    state.recorder.keep([Artifact(type="smart", data=result)])
    return _json(result)


@_tool(WhatIfArgs)
def what_if(stage: str | None = None, rate: float | None = None, budget: float | None = None, *,
            runtime: Runtime) -> str:
    """What if one rate changed (stage + rate), or what a budget would bring at the current rates
    (budget): customers, revenue and cost per customer, before and after. Use its numbers as they are."""
    from assistant import planning

    ctx = runtime.context.turn
    snapshot = {**ctx.snapshot, "funnel": ctx.snapshot.get("funnel") or {}}
    if stage and rate is not None:
        result = planning.what_if(snapshot, stage, rate)
    elif budget is not None:
        result = planning.forecast(snapshot, budget)
    else:
        return "error: give stage and rate (a rate that changes) or budget (a budget to forecast)"
    data = {k: v for k, v in result.model_dump(mode="json").items() if v not in (None, [], {})}
    return _json(data)


TOOLS = [update_snapshot, search_knowledge, make_draft, check_smart_goal, what_if]
