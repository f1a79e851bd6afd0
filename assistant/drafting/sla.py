"""The marketing–sales SLA draft (silo 6): MQL/SAL criteria from the data, response time, loops."""

import math

from assistant.contracts import Diagnosis
from assistant.drafting.context import gather
from assistant.drafting.draft import Draft, finish
from assistant.drafting.facts import ratio
from assistant.drafting.labels import lines, say
from assistant.retrieval.knowledge import cite

SECTIONS = ("definitions", "mql_criteria", "sal_criteria", "volume", "response", "feedback", "nurture",
            "tooling")


def _target(f: dict, stage: str) -> float | None:
    """Count needed next period: enough for the revenue target at today's rates, else today's count."""
    count = f["counts"].get(stage)
    if count is None:
        return None
    growth = ratio(f["target_revenue"], f["revenue"])
    return float(math.ceil(count * growth)) if growth and growth > 1 else count


def _sla_facts(diagnosis: Diagnosis | None, snapshot: dict, lang: str) -> dict:
    f = gather(diagnosis, snapshot, lang)
    f["response_max"] = 48 if f["business"]["model"] == "b2b" else 24
    f["cost_per_mql"] = ratio(f["spend"], f["counts"].get("qualified"))
    f["mql_target"] = _target(f, "qualified")
    f["lead_target"] = _target(f, "leads") if f["mql_target"] is None else None
    return f


def sla_data(diagnosis: Diagnosis | None, snapshot: dict, lang: str = "vi") -> dict:
    """The SLA as a JSON-able dict (the chat's artefact card)."""
    f = _sla_facts(diagnosis, snapshot, lang)
    data = {"title": say("sla.title", lang, name=f["business_name"]), "purpose": say("sla.purpose", lang, f=f),
            "model": f["business"]["model"], "messaging": f["messaging"],
            "response_max_hours": f["response_max"], "mql_target": f["mql_target"]}
    data.update({name: lines(f"sla.{name}", lang, f=f) for name in SECTIONS})
    rows = [line.split("|") for line in lines("sla.kpi_rows", lang, f=f)]
    data["kpis"] = [{"name": n, "current": c, "target": t} for n, c, t in rows]
    return data


def draft_sla(diagnosis: Diagnosis | None, snapshot: dict, lang: str = "vi") -> Draft:
    """Draft the marketing–sales SLA from the session's data."""
    data = sla_data(diagnosis, snapshot, lang)
    return finish("sla.md.j2", "s", data, [cite("silos", "Silo 6", lang=lang)], lang)
