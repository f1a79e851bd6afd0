"""What-if: one rate reaches a value, every other rate holds -> customers, revenue, CAC."""

from pydantic import BaseModel, Field

from assistant.contracts import STAGES, Snapshot, rate_ends
from assistant.planning.baseline import Baseline, baseline


class WhatIf(BaseModel):
    """Before and after one rate changes; `counts_after` holds every known count after the change."""

    stage: str
    actual: float | None = None
    rate: float
    customers_before: float | None = None
    customers_after: float | None = None
    revenue_before: float | None = None
    revenue_after: float | None = None
    cac_before: float | None = None
    cac_after: float | None = None
    counts_after: dict[str, float] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


def apply_rate(counts: dict[str, float], stage: str, rate: float) -> dict[str, float] | None:
    """The counts after `stage` reaches `rate`: the rate's end and every later known count move with it.

    None when either end of the rate is unknown. From a zero rate the end is set to start x rate and the
    later counts (zero then) are scaled by the end-to-later rates they cannot have: they stay as they were.
    """
    ends = rate_ends(stage)
    if not ends or ends[0] not in counts or ends[1] not in counts or counts[ends[0]] <= 0:
        return None
    start, end = ends
    new_end = counts[start] * rate
    factor = new_end / counts[end] if counts[end] > 0 else None
    later = STAGES[STAGES.index(end) + 1:]
    after = dict(counts)
    after[end] = new_end
    for stage_name in later:
        if stage_name in after and factor is not None:
            after[stage_name] = counts[stage_name] * factor
    return after


def money_after(base: Baseline, counts_after: dict[str, float]) -> tuple[float | None, float | None]:
    """Revenue and CAC for changed counts at the same order value and spend.

    When only the repeat rate moved, each extra returning customer adds one order to the period's revenue.
    """
    customers = counts_after.get("customers")
    revenue = None
    if base.aov is not None and customers is not None:
        if customers == base.customers:
            gain = counts_after.get("repeat_customers", 0) - base.counts.get("repeat_customers", 0)
            revenue = (base.revenue if base.revenue is not None else customers * base.aov) + gain * base.aov
        else:
            revenue = customers * base.aov
    cac = base.spend / customers if base.spend is not None and customers else None
    return revenue, cac


def what_if(snapshot: Snapshot | dict | Baseline, stage: str, rate: float) -> WhatIf:
    """Lead->customer 5% -> 10% with 400 leads: 20 -> 40 customers, revenue and CAC follow."""
    base = snapshot if isinstance(snapshot, Baseline) else baseline(snapshot)
    ends = rate_ends(stage)
    unknown = [e for e in ends if e not in base.counts] if ends else ["stage"]
    after = apply_rate(base.counts, stage, rate) if not unknown else None
    revenue_after, cac_after = money_after(base, after) if after else (None, None)
    missing = unknown + (["revenue"] if base.aov is None else [])
    return WhatIf(stage=stage, actual=base.rate(stage), rate=rate, customers_before=base.customers,
                  customers_after=(after or {}).get("customers"), revenue_before=base.revenue,
                  revenue_after=revenue_after, cac_before=base.per("customers"), cac_after=cac_after,
                  counts_after=after or {}, missing=missing)
