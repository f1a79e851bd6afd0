"""Pillar scores (0-100) and the priority rule of DESIGN.md: strategy -> measurement -> bottleneck owner."""

from statistics import mean

from assistant.contracts import (
    CONVERSION_PRACTICES,
    MEASUREMENT_PRACTICES,
    PILLARS,
    STRATEGY_PRACTICES,
    Bottleneck,
    Practices,
    strategy_missing,
)
from assistant.contracts import rate_owner as owner
from assistant.diagnosis.stages import Rate

STATUS_VALUE = {"ok": 1.0, "weak": 0.5, "critical": 0.0}
UNKNOWN_VALUE = 0.5  # unknown is not zero: half credit until the owner tells us


def _practice(practices: Practices, name: str) -> float:
    value = getattr(practices, name)
    return UNKNOWN_VALUE if value is None else float(value)


def score_pillars(practices: Practices, rates: list[Rate], known_counts: int,
                  bottleneck: Bottleneck | None) -> dict[str, int]:
    """0-100 per pillar from the practices it needs and the statuses of the rates it owns."""
    owned = {"traffic": [], "conversion": []}
    for rate in rates:
        if rate.status in STATUS_VALUE:
            owned[owner(rate.stage)].append(STATUS_VALUE[rate.status])
    if bottleneck and bottleneck.stage == "volume":
        owned["traffic"].append(min(1.0, bottleneck.ratio))
    parts = {
        "strategy": [_practice(practices, p) for p in STRATEGY_PRACTICES],
        "traffic": owned["traffic"] or [UNKNOWN_VALUE],
        "conversion": [_practice(practices, p) for p in CONVERSION_PRACTICES] + owned["conversion"],
        "measurement": [_practice(practices, p) for p in MEASUREMENT_PRACTICES] + [min(known_counts, 6) / 6],
    }
    return {pillar: round(100 * mean(values)) for pillar, values in parts.items()}


def nothing_tracked(practices: Practices) -> bool:
    """No KPIs tracked and neither a dashboard nor a periodic review (explicit answers only)."""
    return practices.kpis_tracked is False and not practices.dashboard and not practices.periodic_review


def priority(practices: Practices, rates: list[Rate], bottleneck: Bottleneck | None,
             scores: dict[str, int]) -> tuple[list[str], str]:
    """The four pillars in the order to fix them, and which rule chose the first one."""
    if strategy_missing(practices):
        first, rule = "strategy", "strategy"
    elif bottleneck is None or nothing_tracked(practices):
        first, rule = "measurement", "measurement"
    else:
        first, rule = owner(bottleneck.stage), "bottleneck"
    rest = sorted((p for p in PILLARS if p != first), key=lambda p: (scores[p], PILLARS.index(p)))
    return [first, *rest], rule
