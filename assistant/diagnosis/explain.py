"""Plain-words explanations with the numbers: reasons for the priority and findings per pillar."""

import math

from assistant.contracts import (
    CONVERSION_PRACTICES,
    MEASUREMENT_PRACTICES,
    STRATEGY_PRACTICES,
    Bottleneck,
    Practices,
    UnitEconomics,
)
from assistant.contracts import rate_owner as owner
from assistant.core.templates import text
from assistant.diagnosis.stages import Rate


def per_base(low: float) -> int:
    """A round base (10, 100, 1.000…) so the low benchmark reads as at least ~10 people."""
    return max(10, 10 ** math.ceil(math.log10(10 / low))) if low > 0 else 100


def stage_line(rate: Rate, lang: str) -> str:
    """'Out of every 1,000 visitors only 1 becomes a lead, where 20-66 is usual' (in the user's language)."""
    per = per_base(rate.bench.low)
    actual, low, high = (_readable(v * per) for v in (rate.actual, rate.bench.low, rate.bench.high))
    return text("diagnosis.stage_line", lang, stage=rate.stage, start=rate.start, end=rate.end, per=per,
                actual=actual, low=low, high=high, below=rate.actual < rate.bench.low)


def _readable(value: float) -> float:
    """One decimal below 10 (0.4 people), whole numbers above."""
    return round(value, 1) if value < 10 else float(round(value))


def rule_reason(rule: str, practices: Practices, known: int, bottleneck: Bottleneck | None, lang: str) -> str:
    """Why the first pillar is first, in the words of the priority rule."""
    if rule == "strategy":
        missing = [text("diagnosis.practice_missing", lang, name=p)
                   for p in STRATEGY_PRACTICES if getattr(practices, p) is False]
        return text("diagnosis.rule_strategy", lang, missing=missing)
    if rule == "measurement":
        if bottleneck is None:
            return text("diagnosis.rule_measurement_funnel", lang, known=known)
        return text("diagnosis.rule_measurement_untracked", lang)
    healthy = bottleneck.stage != "volume" and bottleneck.ratio >= 1
    key = "diagnosis.rule_bottleneck_healthy" if healthy else "diagnosis.rule_bottleneck"
    return text(key, lang, stage=bottleneck.stage, pillar=owner(bottleneck.stage))


def reasons(rule: str, practices: Practices, counts: dict, rates: list[Rate], bottleneck: Bottleneck | None,
            money: dict, econ: UnitEconomics, order: list[tuple[str, int]], lang: str) -> list[str]:
    """The why, in order: the rule, the bottleneck in numbers, its uplift, money warnings, the rest."""
    out = [rule_reason(rule, practices, len(counts), bottleneck, lang)]
    if bottleneck and bottleneck.stage == "volume":
        top = next(iter(counts))
        out.append(text("diagnosis.volume_line", lang, top=top, current=bottleneck.actual, needed=bottleneck.benchmark,
                        revenue=money["revenue"], target=money["target_revenue"]))
    elif bottleneck:
        out.append(stage_line(next(r for r in rates if r.stage == bottleneck.stage), lang))
    currency = money.get("currency") or ""
    if bottleneck and bottleneck.revenue_uplift:
        out.append(text("diagnosis.uplift_line", lang, amount=bottleneck.revenue_uplift, currency=currency))
    if econ.loses_money_per_customer:
        out.append(text("diagnosis.loss_line", lang, cac=econ.cac, profit=econ.gross_profit_per_customer,
                        currency=currency))
    minimum = money.get("ltv_cac_min")
    if econ.ltv_cac is not None and minimum and econ.ltv_cac < minimum:
        out.append(text("diagnosis.ltv_cac_line", lang, ratio=econ.ltv_cac, minimum=minimum))
    if econ.roas is not None and econ.break_even_roas is not None:
        out.append(text("diagnosis.roas_line", lang, roas=econ.roas, break_even=econ.break_even_roas))
    out.append(text("diagnosis.order_line", lang, items=order))
    return out


def findings(practices: Practices, rates: list[Rate], known: int, bottleneck: Bottleneck | None,
             money: dict, lang: str) -> dict[str, list[str]]:
    """Per pillar: the practices answered "no" and the weak or critical rates it owns."""
    def missing(names):
        return [text("diagnosis.practice_missing", lang, name=n) for n in names if getattr(practices, n) is False]

    out = {"strategy": missing(STRATEGY_PRACTICES), "traffic": [],
           "conversion": missing(CONVERSION_PRACTICES), "measurement": missing(MEASUREMENT_PRACTICES)}
    for rate in sorted((r for r in rates if r.status in ("weak", "critical")), key=lambda r: -r.ratio):
        out[owner(rate.stage)].insert(0, text("diagnosis.finding_stage", lang, stage=rate.stage, actual=rate.actual,
                                              benchmark=rate.bench.typical, status=rate.status))
    if bottleneck and bottleneck.stage == "volume":
        out["traffic"].insert(0, text("diagnosis.finding_volume", lang, revenue=money["revenue"],
                                      target=money["target_revenue"]))
    if known < 6:
        out["measurement"].append(text("diagnosis.finding_counts", lang, known=known))
    return out
