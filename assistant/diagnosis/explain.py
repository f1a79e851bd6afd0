"""Plain-words explanations with the numbers, as phrases (key + params) worded later in the reader's language."""

import math

from assistant.contracts import (
    CONVERSION_PRACTICES,
    MEASUREMENT_PRACTICES,
    STRATEGY_PRACTICES,
    Bottleneck,
    Phrase,
    Practices,
    UnitEconomics,
)
from assistant.contracts import rate_owner as owner
from assistant.diagnosis.stages import Rate


def say(macro: str, **params) -> Phrase:
    """A phrase of `prompts/{lang}/diagnosis.j2`."""
    return Phrase(key=f"diagnosis.{macro}", params=params)


def per_base(low: float) -> int:
    """A round base (10, 100, 1.000…) so the low benchmark reads as at least ~10 people."""
    return max(10, 10 ** math.ceil(math.log10(10 / low))) if low > 0 else 100


def stage_line(rate: Rate) -> Phrase:
    """'Out of every 1,000 visitors only 1 becomes a lead, where 20-66 is usual'."""
    per = per_base(rate.bench.low)
    actual, low, high = (_readable(v * per) for v in (rate.actual, rate.bench.low, rate.bench.high))
    return say("stage_line", stage=rate.stage, start=rate.start, end=rate.end, per=per,
               actual=actual, low=low, high=high, below=rate.actual < rate.bench.low)


def _readable(value: float) -> float:
    """One decimal below 10 (0.4 people), whole numbers above."""
    return round(value, 1) if value < 10 else float(round(value))


def _missing(practices: Practices, names) -> list[str]:
    """The practices answered "no" (unknown is not "no")."""
    return [n for n in names if getattr(practices, n) is False]


def rule_reason(rule: str, practices: Practices, known: int, bottleneck: Bottleneck | None) -> Phrase:
    """Why the first pillar is first, in the words of the priority rule."""
    if rule == "strategy":
        return say("rule_strategy", missing=_missing(practices, STRATEGY_PRACTICES))
    if rule == "measurement":
        if bottleneck is None:
            return say("rule_measurement_funnel", known=known)
        return say("rule_measurement_untracked")
    healthy = bottleneck.stage != "volume" and bottleneck.ratio >= 1
    return say("rule_bottleneck_healthy" if healthy else "rule_bottleneck",
               stage=bottleneck.stage, pillar=owner(bottleneck.stage))


def _volume_goal(bottleneck: Bottleneck) -> dict:
    """What the volume falls short of, as the bottleneck found it: the revenue goal, or the goal in customers."""
    return {"revenue": bottleneck.reached, "target": bottleneck.target, "measure": bottleneck.goal}


def reasons(rule: str, practices: Practices, counts: dict, rates: list[Rate], bottleneck: Bottleneck | None,
            money: dict, econ: UnitEconomics, order: list[tuple[str, int]]) -> list[Phrase]:
    """The why, in order: the rule, the bottleneck in numbers, its uplift, money warnings, the rest."""
    out = [rule_reason(rule, practices, len(counts), bottleneck)]
    if bottleneck and bottleneck.stage == "volume":
        out.append(say("volume_line", top=next(iter(counts)), current=bottleneck.actual,
                       needed=bottleneck.benchmark, **_volume_goal(bottleneck)))
    elif bottleneck:
        out.append(stage_line(next(r for r in rates if r.stage == bottleneck.stage)))
    currency = money.get("currency") or ""
    if bottleneck and bottleneck.revenue_uplift:
        out.append(say("uplift_line", amount=bottleneck.revenue_uplift, currency=currency))
    if econ.loses_money_per_customer:
        out.append(say("loss_line", cac=econ.cac, profit=econ.gross_profit_per_customer, currency=currency))
    minimum = money.get("ltv_cac_min")
    if econ.ltv_cac is not None and minimum and econ.ltv_cac < minimum:
        out.append(say("ltv_cac_line", ratio=econ.ltv_cac, minimum=minimum))
    if econ.roas is not None and econ.break_even_roas is not None:
        out.append(say("roas_line", roas=econ.roas, break_even=econ.break_even_roas))
    out.append(say("order_line", items=[list(item) for item in order]))
    return out


def findings(practices: Practices, rates: list[Rate], counts: dict, bottleneck: Bottleneck | None,
             money: dict) -> dict[str, list[Phrase]]:
    """Per pillar: the practices answered "no" and the weak or critical rates it owns."""
    known = len(counts)
    def missing(names):
        return [say("practice_missing", name=n) for n in _missing(practices, names)]

    out = {"strategy": missing(STRATEGY_PRACTICES), "traffic": [],
           "conversion": missing(CONVERSION_PRACTICES), "measurement": missing(MEASUREMENT_PRACTICES)}
    for rate in sorted((r for r in rates if r.status in ("weak", "critical")), key=lambda r: -r.ratio):
        out[owner(rate.stage)].insert(0, say("finding_stage", stage=rate.stage, actual=rate.actual,
                                             benchmark=rate.bench.typical, status=rate.status))
    if bottleneck and bottleneck.stage == "volume":
        out["traffic"].insert(0, say("finding_volume", **_volume_goal(bottleneck)))
    if known < 6:
        out["measurement"].append(say("finding_counts", known=known))
    return out
