"""Consultant turns of the offline engine: glossary, why, disagreement, planning, capability, decline.

Each returns `(text, citations)`: numbers come from `assistant.planning` and the kept diagnosis, the words
from `prompts/{lang}/dialogue.j2`, method passages from the knowledge search (cited)."""

import re

from assistant import planning
from assistant.contracts import (
    STRATEGY_PRACTICES,
    Citation,
    TurnContext,
    rate_ends,
    stored_diagnosis,
)
from assistant.core.errors import UserFacingError
from assistant.core.templates import text as _text
from assistant.diagnosis import diagnose
from assistant.diagnosis.benchmarks import load_benchmarks
from assistant.engine.offline.answers import answer_parts
from assistant.engine.offline.kinds import TurnKind
from assistant.intake.amounts import find_amounts
from assistant.intake.text import norm
from assistant.tools import actions


def t(key: str, lang: str, **params) -> str:
    """A dialogue text with its optional lines dropped cleanly (no run of blank lines, no trailing spaces)."""
    body = _text(key, lang, **params)
    body = re.sub(r"[ \t]+\n", "\n", body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def _ok_ratio() -> float:
    return float(load_benchmarks().thresholds["ok"])


# --- the owner's own figures ---------------------------------------------------------------------

def owner_figures(ctx: TurnContext) -> dict[str, dict]:
    """KPI id -> {value, source}: the latest upload that has it, else computed from the chat's figures."""
    out: dict[str, dict] = {}
    base = planning.baseline(_snapshot(ctx))
    computed = {
        "cpl": base.per("leads"), "cost_per_message": base.per("leads"), "cac": base.per("customers"),
        "cpa": base.per("customers"), "aov": base.aov,
        "roas": base.revenue / base.spend if base.revenue is not None and base.spend else None,
        "ctr": base.rate("reach_to_visit"), "lead_to_customer": base.rate("lead_to_customer"),
        "break_even_roas": 1 / base.gross_margin if base.gross_margin else None,
        "cpm": base.spend / base.counts["reach"] * 1000 if base.spend and base.counts.get("reach") else None,
    }
    for kpi, value in computed.items():
        if value is not None:
            out[kpi] = {"value": value, "source": "chat"}
    for upload in ctx.uploads:
        for kpi, value in ((upload.get("report") or {}).get("kpis") or {}).items():
            if isinstance(value, (int, float)):
                out[kpi] = {"value": value, "source": upload.get("filename")}
    if "cpm" in out and out["cpm"]["source"] == "chat":
        out["cpm"]["approx"] = True  # reach, not impressions (impressions >= reach): a ceiling of the real CPM
    return out


def economics(ctx: TurnContext) -> dict:
    """The one line of unit economics (CPL, CAC, ROAS against break-even) when known."""
    be = planning.break_even(_snapshot(ctx))
    return {"cpl": be.current_cpl, "cac": be.current_cpa, "roas": be.current_roas, "break_even_roas": be.roas,
            "break_even_cpa": be.cpa, "verdict": be.verdict}


def _snapshot(ctx: TurnContext) -> dict:
    return {**ctx.snapshot, "funnel": ctx.snapshot.get("funnel") or {}}


def _passage(search, query: str, prefer: str | None = None):
    """The best knowledge passage for a query: (parts, citations), or ([], []) without an index."""
    if search is None:
        return [], []
    try:
        hits = search.search(query, k=5)
    except UserFacingError:
        return [], []
    if prefer:
        hits = sorted(hits, key=lambda h: getattr(h, "doc_id", "") != prefer)
    parts = answer_parts(hits, query, max_chunks=1)
    parts = [p for p in parts if p["overlap"] > 0]
    return parts, [p["hit"].to_citation() for p in parts]


# --- glossary ------------------------------------------------------------------------------------

GLOSSARY_QUERY = {"break_even_roas": "ROAS hoà vốn", "lead_to_customer": "tỷ lệ chuyển đổi conversion rate",
                  "reach": "reach frequency tiếp cận", "frequency": "reach frequency tiếp cận tần suất"}


def glossary(ctx: TurnContext, search, kind: TurnKind, message: str):
    entry = actions.classify_kpi(kind.term, ctx.lang) or {"id": kind.term, "name": kind.term.upper(), "formula": None}
    mine = owner_figures(ctx)
    own = mine.get(kind.term) or mine.get({"cpa": "cac", "cac": "cpa"}.get(kind.term, ""))
    extra = {}
    if kind.term == "break_even_roas":
        extra = {"roas": mine.get("roas"), "margin": planning.baseline(_snapshot(ctx)).gross_margin}
    query = GLOSSARY_QUERY.get(kind.term, f"{kind.term.upper()} {entry['name']}")
    parts, citations = _passage(search, f"{query} {message}", prefer="glossary")
    return t("dialogue.glossary", ctx.lang, entry=entry, own=own, term=kind.term, extra=extra,
             parts=parts, asked_mine=kind.mine), citations


# --- why / explain more ----------------------------------------------------------------------------

def why(ctx: TurnContext):
    """The reasons and figures behind the last diagnosis, and its first action (cited)."""
    if not ctx.diagnosis:
        return None
    shown = actions.shown_diagnosis(ctx)
    citations, refs = actions.cited_actions(shown, limit=1)
    return t("dialogue.why", ctx.lang, d=shown, refs=refs, econ=economics(ctx)), citations


# --- disagreement ----------------------------------------------------------------------------------

_HYPOTHESES = [
    ("traffic_cost", (r"gia (ads|quang cao|tin nhan|mess|click)|ads dat|dat qua|cpm|cpc|cpl|chi phi (moi|quang cao)|"
                      r"\d+\s?k\s?(mot|moi|/|1)|expensive|cost per|ads cost|too costly")),
    ("traffic_volume", (r"thieu (traffic|khach|luot|nguoi)|it (khach|nguoi|tin nhan|traffic|luot)|traffic|"
                        r"khong du (khach|nguoi)|not enough (traffic|leads|people|visitors)|more (traffic|leads)|reach")),
    ("conversion", r"chot|sale|tu van|close|closing|conversion|landing|kich ban"),
    ("strategy", r"san pham|gia ban|dinh vi|doi thu|product|price|pricing|positioning|competitor|thi truong|market"),
]


def hypothesis(message: str) -> str | None:
    n = norm(message)
    return next((h for h, pattern in _HYPOTHESES if re.search(pattern, n)), None)


def disagree(ctx: TurnContext, message: str):
    """The figures behind the call next to the owner's idea, and what would change the verdict."""
    diag = stored_diagnosis(ctx.diagnosis)
    if diag is None:
        return None
    base = planning.baseline(_snapshot(ctx))
    idea = hypothesis(message)
    neck = diag.bottleneck
    said = [a.value for a in find_amounts(message) if a.unit == "money" and a.value < 1e6]
    change, levers = None, {}
    ends = rate_ends(neck.stage) if neck else None
    if neck and ends and neck.benchmark and ends[0] in base.counts:
        needed = base.counts[ends[0]] * neck.benchmark * _ok_ratio()
        change = {"stage": neck.stage, "start": ends[0], "start_count": base.counts[ends[0]], "end": ends[1],
                  "needed": needed, "now": base.counts.get(ends[1])}
        step = planning.target_steps(neck.actual, neck.benchmark, periods=1)
        if step.steps and base.customers:
            w = planning.what_if(base, neck.stage, step.steps[0].rate)
            levers = {"step_rate": step.steps[0].rate, "step_customers": w.customers_after,
                      "customers": base.customers,
                      # half the cost per lead at the same spend brings twice the leads, and twice the customers
                      "half_cost_customers": base.customers * 2 if idea == "traffic_cost" else None}
    return t("dialogue.disagree", ctx.lang, idea=idea, d=diag.model_dump(mode="json"), said=said[:1],
             cpl=base.per("leads"), change=change, levers=levers), []


# --- planning ---------------------------------------------------------------------------------------

def _budget(ctx: TurnContext, message: str, findings) -> float | None:
    for f in findings:
        if f.field == "planned_budget":
            return f.value
    money = [a.value for a in find_amounts(message) if a.unit == "money" and a.currency in (None, "VND")
             and a.value >= 1e6]
    return money[0] if money else ctx.snapshot.get("planned_budget")


def _target(ctx: TurnContext, message: str, base: planning.Baseline) -> dict:
    n = norm(message)
    for word, factor in (("gap doi", 2), ("double", 2), ("x2", 2), ("gap ba", 3), ("triple", 3), ("x3", 3)):
        if word in n and base.customers:
            return {"customers": base.customers * factor, "factor": factor}
    for a in find_amounts(message):
        if a.unit == "money" and a.value >= 1e6:
            return {"revenue": a.value}
        if a.unit == "count" and a.value > 0:
            return {"customers": a.value}
    if ctx.snapshot.get("target_customers"):
        return {"customers": ctx.snapshot["target_customers"]}
    if ctx.snapshot.get("target_revenue"):
        return {"revenue": ctx.snapshot["target_revenue"]}
    return {}


_NAMED_STAGE = [(r"chot|close|closing|ban duoc|mua", ("qualified_to_customer", "lead_to_customer", "visit_to_customer",
                                                     "reach_to_customer")),
                (r"click|nhap|ctr|bam", ("reach_to_visit",)),
                (r"lead|tin nhan|dang ky|sign ?up", ("visit_to_lead", "reach_to_lead")),
                (r"mua lai|repeat|quay lai", ("customer_to_repeat",))]


def _whatif_stage(message: str, diag, base: planning.Baseline) -> str | None:
    n = norm(message)
    for pattern, stages in _NAMED_STAGE:
        if re.search(pattern, n):
            known = [s for s in stages if base.rate(s) is not None]
            if known:
                return known[0]
    return diag.bottleneck.stage if diag and diag.bottleneck else None


def plan(ctx: TurnContext, kind: TurnKind, message: str, findings):
    """Forecast, target, what-if, cut-or-keep: figures from `assistant.planning`, said in one screen."""
    snapshot = _snapshot(ctx)
    base = planning.baseline(snapshot)
    # the kept diagnosis, else one computed for this answer only (the first diagnosis is still shown in full)
    diag = stored_diagnosis(ctx.diagnosis) or (diagnose(snapshot) if snapshot["funnel"] else None)
    sub, data = kind.sub, {}
    if sub == "whatif":
        rate = next((a.value for a in find_amounts(message) if a.unit == "percent"), None)
        stage = _whatif_stage(message, diag, base)
        if rate is not None and stage:
            data["whatif"] = planning.what_if(base, stage, rate).model_dump()
        else:
            sub = "budget"
    if sub == "target":
        target = _target(ctx, message, base)
        if target:
            tp = planning.plan_for_target(snapshot, diag, customers=target.get("customers"),
                                          revenue=target.get("revenue"))
            data["target"] = {**tp.model_dump(), "factor": target.get("factor")}
        else:
            sub = "budget"
    if sub in ("cut", "breakeven"):
        be = planning.break_even(snapshot)
        data["breakeven"] = be.model_dump()
        channels = planning.channels_of(snapshot)
        if len(channels) >= 2 and base.spend:
            data["split"] = planning.split_budget(channels, base.spend, break_even_cpa=be.cpa).model_dump()
        data["increase"] = bool(re.search(r"\b(tang|them|increase|raise|scale)\b", norm(message)))
    if sub == "budget":
        budget = _budget(ctx, message, findings)
        data["forecast"] = planning.forecast(snapshot, budget).model_dump()
        data["improved"] = planning.forecast_improved(snapshot, diag, budget, periods=3).model_dump() if diag else None
        channels = planning.channels_of(snapshot)
        if len(channels) >= 2 and (budget or base.spend):
            be = planning.break_even(snapshot)
            data["split"] = planning.split_budget(channels, budget or base.spend, break_even_cpa=be.cpa).model_dump()
        data["given_budget"] = budget
    return t("dialogue.plan", ctx.lang, sub=sub, data=data, base=base.model_dump()), []


# --- capability and decline -------------------------------------------------------------------------

def capability(ctx: TurnContext, kind: TurnKind):
    return t("dialogue.capability", ctx.lang, platform=kind.platform), []


def decline(ctx: TurnContext):
    return t("dialogue.decline", ctx.lang), []


def citations_of_draft(artifact) -> list[Citation]:
    """A draft's own citations (not the last diagnosis')."""
    raw = ((artifact.data or {}).get("data") or {}).get("citations") or []
    return [Citation.model_validate(c) for c in raw]


# --- what changed since the last diagnosis ------------------------------------------------------------

def _strategy_first(item) -> int:
    """The strategy practices in the order the question names them, then any other."""
    name = item[0]
    return STRATEGY_PRACTICES.index(name) if name in STRATEGY_PRACTICES else len(STRATEGY_PRACTICES)


def verdict_of(diagnosis) -> dict:
    """What a verdict is, to say whether it moved: the bottleneck's stage and the first pillar."""
    return {"stage": diagnosis.bottleneck.stage if diagnosis.bottleneck else None, "pillar": diagnosis.first_pillar}


def delta(ctx: TurnContext, before, findings, fixed: list[str], removed: list[str], offer: bool = False) -> str:
    """The new figures, the rates that moved, and whether the verdict moved — not the whole diagnosis."""
    after = stored_diagnosis(ctx.diagnosis)
    new = {f.field for f in findings if not f.removed}
    figures = [f for f in actions.figures_in_use(ctx.snapshot) if f["field"] in new]
    old = {s.stage: s for s in before.stages}
    rates = []
    for s in after.stages:
        was = old.get(s.stage)
        if was is None or was.actual != s.actual:
            rates.append({"stage": s.stage, "before": was.actual if was else None, "after": s.actual,
                          "benchmark": s.benchmark})
    business = ctx.snapshot.get("business") or {}
    words = {"target_customer_defined": business.get("customer"), "positioning_defined": business.get("positioning")}
    practices = [{"name": k, "value": v, "words": words.get(k) if v else None}
                 for k, v in sorted((ctx.intake.pop("practices_said", None) or {}).items(), key=_strategy_first)]
    return t("dialogue.delta", ctx.lang, figures=figures, fixed=fixed, removed=removed, rates=rates,
             before=verdict_of(before), after=verdict_of(after), econ=economics(ctx), practices=practices, offer=offer)
