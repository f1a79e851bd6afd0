"""Read what the drafts need out of the plain snapshot and diagnosis dicts (DESIGN.md contracts)."""

from typing import Any

from assistant.contracts import PILLARS, STAGES, rate_id
from assistant.contracts import rate_ends as _rate_ends


def rate_ends(stage_id: str | None) -> tuple[str, str] | None:
    """'visit_to_lead' -> ('visits', 'leads'); None for 'volume' or an unknown id."""
    return _rate_ends(stage_id or "")


def funnel_counts(snapshot: dict | None) -> dict[str, float]:
    """The known funnel counts, in stage order."""
    funnel = (snapshot or {}).get("funnel") or {}
    return {s: float(funnel[s]) for s in STAGES if funnel.get(s) is not None}


def bottleneck(diagnosis: dict | None) -> dict | None:
    """The diagnosis' bottleneck dict, or None when it has none."""
    found = (diagnosis or {}).get("bottleneck") or None
    return found if found and found.get("stage") else None


def stage_to_fix(diagnosis: dict | None) -> str | None:
    """The bottleneck's stage when it needs fixing: `volume`, or a rate below its benchmark.

    The diagnosis names its weakest stage even when every rate is healthy; charts and tables must not
    flag that one as a bottleneck.
    """
    found = bottleneck(diagnosis)
    if not found:
        return None
    actual, bench = found.get("actual"), found.get("benchmark")
    healthy = found["stage"] != "volume" and actual is not None and bench is not None and actual >= bench
    return None if healthy else found["stage"]


def first_pillar(diagnosis: dict | None) -> str:
    """The pillar to fix first (defaults to measurement when the diagnosis says nothing)."""
    order = (diagnosis or {}).get("pillar_priority") or []
    return order[0] if order and order[0] in PILLARS else "measurement"


def pillar_order(diagnosis: dict | None) -> list[str]:
    """All four pillars, the diagnosis' order first."""
    given = [p for p in (diagnosis or {}).get("pillar_priority") or [] if p in PILLARS]
    return given + [p for p in PILLARS if p not in given]


def stage_rate(diagnosis: dict | None, stage_id: str) -> dict | None:
    """The diagnosis' row for one rate id ('lead_to_customer'…), if present."""
    for row in (diagnosis or {}).get("stages") or []:
        if row.get("stage") == stage_id:
            return row
    return None


def rate_into(diagnosis: dict | None, stage: str) -> dict | None:
    """The row of the rate that ends at a count stage ('customers' -> 'lead_to_customer'…)."""
    for row in (diagnosis or {}).get("stages") or []:
        ends = rate_ends(row.get("stage"))
        if ends and ends[1] == stage:
            return row
    return None


def counted_rate(snapshot: dict | None, stage: str) -> dict | None:
    """The rate into a count stage from the previous known count, when no diagnosis row exists."""
    counts = funnel_counts(snapshot)
    known = list(counts)
    if stage not in counts or known.index(stage) == 0:
        return None
    before = known[known.index(stage) - 1]
    actual = ratio(counts[stage], counts[before])
    stage_id = rate_id(before, stage)
    return {"stage": stage_id, "actual": actual, "benchmark": None, "status": "unknown"}



def business(snapshot: dict | None) -> dict[str, Any]:
    """Business name, industry and model (b2c unless said otherwise)."""
    given = (snapshot or {}).get("business") or {}
    model = str(given.get("model") or "").lower()
    return {"name": given.get("name") or None, "industry": given.get("industry") or None,
            "model": "b2b" if model == "b2b" else "b2c", "model_known": model in ("b2b", "b2c")}


def practice(snapshot: dict | None, name: str) -> bool | None:
    """One practice flag: True, False or None (unknown)."""
    return ((snapshot or {}).get("practices") or {}).get(name)


def is_messaging(snapshot: dict | None) -> bool:
    """A messaging funnel: sources say messages, or a B2C funnel with leads (chats) but no web visits."""
    counts = funnel_counts(snapshot)
    sources = " ".join(str(v) for v in ((snapshot or {}).get("sources") or {}).values()).lower()
    chats = business(snapshot)["model"] == "b2c" and "leads" in counts and "visits" not in counts
    return chats or "messag" in sources or "tin nhắn" in sources


def ratio(numerator, denominator) -> float | None:
    """numerator / denominator, None when either is unknown or the denominator is zero."""
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)
