"""Read what the drafts need out of the snapshot dict and the typed `Diagnosis` (DESIGN.md contracts)."""

from typing import Any

from assistant.contracts import (
    PILLARS,
    STAGES,
    Bottleneck,
    Diagnosis,
    StageRate,
    rate_id,
)
from assistant.contracts import rate_ends as _rate_ends


def rate_ends(stage_id: str | None) -> tuple[str, str] | None:
    """'visit_to_lead' -> ('visits', 'leads'); None for 'volume' or an unknown id."""
    return _rate_ends(stage_id or "")


def funnel_counts(snapshot: dict | None) -> dict[str, float]:
    """The known funnel counts, in stage order."""
    funnel = (snapshot or {}).get("funnel") or {}
    return {s: float(funnel[s]) for s in STAGES if funnel.get(s) is not None}


def bottleneck(diagnosis: Diagnosis | None) -> Bottleneck | None:
    """The diagnosis' bottleneck, or None when it has none."""
    found = diagnosis.bottleneck if diagnosis else None
    return found if found and found.stage else None


def stage_to_fix(diagnosis: Diagnosis | None) -> str | None:
    """The bottleneck's stage when it needs fixing: `volume`, or a rate below its benchmark.

    The diagnosis names its weakest stage even when every rate is healthy; charts and tables must not
    flag that one as a bottleneck.
    """
    found = bottleneck(diagnosis)
    if not found:
        return None
    actual, bench = found.actual, found.benchmark
    healthy = found.stage != "volume" and actual is not None and bench is not None and actual >= bench
    return None if healthy else found.stage


def first_pillar(diagnosis: Diagnosis | None) -> str:
    """The pillar to fix first (defaults to measurement when the diagnosis says nothing)."""
    order = diagnosis.pillar_priority if diagnosis else []
    return order[0] if order and order[0] in PILLARS else "measurement"


def pillar_order(diagnosis: Diagnosis | None) -> list[str]:
    """All four pillars, the diagnosis' order first."""
    given = [p for p in (diagnosis.pillar_priority if diagnosis else []) if p in PILLARS]
    return given + [p for p in PILLARS if p not in given]


def stage_rows(diagnosis: Diagnosis | None) -> list[StageRate]:
    """The diagnosis' stage rates (none without a diagnosis)."""
    return list(diagnosis.stages) if diagnosis else []


def rate_into(diagnosis: Diagnosis | None, stage: str) -> dict | None:
    """The row of the rate that ends at a count stage ('customers' -> 'lead_to_customer'…), as a dict."""
    for row in stage_rows(diagnosis):
        ends = rate_ends(row.stage)
        if ends and ends[1] == stage:
            return row.model_dump()
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
            "model": "b2b" if model == "b2b" else "b2c", "model_known": model in ("b2b", "b2c"),
            # the owner's own words, quoted back in the drafts; the team decides the kick-off's size
            "customer": given.get("customer") or None, "positioning": given.get("positioning") or None,
            "team": given.get("team") or None}


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
