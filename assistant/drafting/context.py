"""The facts every draft is filled with, gathered once from the snapshot and the diagnosis."""

from typing import Any

from assistant.contracts import Diagnosis
from assistant.drafting import facts
from assistant.drafting.diagnosis_view import kpi_name
from assistant.drafting.labels import label, stage_label
from assistant.planning import target_steps


def _row(row: dict | None, lang: str) -> dict | None:
    """A stage row with its readable label."""
    if not row:
        return None
    return {**row, "label": stage_label(row.get("stage"), lang)}


def _rate(diagnosis: Diagnosis | None, snapshot: dict, stage: str) -> dict | None:
    """The diagnosis' rate into a stage, else the one the counts give (without benchmark)."""
    return facts.rate_into(diagnosis, stage) or facts.counted_rate(snapshot, stage)


def _bottleneck(diagnosis: Diagnosis | None, lang: str) -> dict | None:
    found = facts.bottleneck(diagnosis)
    if not found:
        return None
    row = found.model_dump()
    # the diagnosis names the weakest stage even when every rate is healthy: say "below" only if it is
    below = row["actual"] is not None and row["benchmark"] is not None and row["actual"] < row["benchmark"]
    # achievable targets: from today's rate toward the benchmark, which is named as the horizon
    steps = target_steps(row["actual"], row["benchmark"]) if below and found.stage != "volume" else None
    return {**row, "label": stage_label(found.stage, lang), "below": below,
            "steps": [s.rate for s in steps.steps] if steps else [],
            "reaches": bool(steps and steps.reaches_benchmark)}


def _practices(snapshot: dict) -> dict[str, Any]:
    names = ("target_customer_defined", "positioning_defined", "business_goal_defined", "kpis_tracked",
             "dashboard", "periodic_review", "lead_definition_agreed", "sales_sla", "crm")
    return {n: facts.practice(snapshot, n) for n in names}


def _money(snapshot: dict, counts: dict) -> dict[str, Any]:
    spend, revenue = snapshot.get("spend"), snapshot.get("revenue")
    customers, leads = counts.get("customers"), counts.get("leads")
    return {"spend": spend, "revenue": revenue, "target_revenue": snapshot.get("target_revenue"),
            "currency": snapshot.get("currency") or "VND", "cac": facts.ratio(spend, customers),
            "cpl": facts.ratio(spend, leads), "aov": facts.ratio(revenue, customers),
            "roas": facts.ratio(revenue, spend)}


def _lost_per_100(counts: dict) -> float | None:
    close = facts.ratio(counts.get("customers"), counts.get("leads"))
    return None if close is None or close > 1 else round(100 * (1 - close))


def _kpis_to_track(diagnosis: Diagnosis | None, lang: str) -> list[dict]:
    """The diagnosis' KPIs, named in the reader's language."""
    items = diagnosis.kpis_to_track if diagnosis else []
    return [{"name": kpi_name(k.id, lang), "level": k.level, "kind": k.kind} for k in items]


def gather(diagnosis: Diagnosis | None, snapshot: dict | None, lang: str) -> dict[str, Any]:
    """Everything the templates may mention; every key present (None when unknown)."""
    snapshot = snapshot or {}
    counts = facts.funnel_counts(snapshot)
    company = facts.business(snapshot)
    return {
        "business": company,
        "business_name": company["name"] or label("default_business", lang),
        "counts": counts,
        "bottleneck": _bottleneck(diagnosis, lang),
        "first_pillar": facts.first_pillar(diagnosis),
        "pillar_order": facts.pillar_order(diagnosis),
        "practices": _practices(snapshot),
        "close": _row(_rate(diagnosis, snapshot, "customers"), lang),
        "qualify": _row(_rate(diagnosis, snapshot, "qualified"), lang),
        "messaging": facts.is_messaging(snapshot),
        "lost_per_100": _lost_per_100(counts),
        "repeat_rate": facts.ratio(counts.get("repeat_customers"), counts.get("customers")),
        "kpis_to_track": _kpis_to_track(diagnosis, lang),
        "period": {k: (snapshot.get("period") or {}).get(k) for k in ("start", "end")},
        **_money(snapshot, counts),
    }
