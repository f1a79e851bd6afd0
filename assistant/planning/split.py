"""A budget across the channels or campaigns the session knows, by their cost per customer."""

from pydantic import BaseModel, Field

from assistant.contracts import Snapshot
from assistant.diagnosis.inputs import parse_snapshot


class Performance(BaseModel):
    """One channel's or campaign's period: spend and the customers (or orders) it brought."""

    name: str
    spend: float | None = None
    customers: float | None = None
    revenue: float | None = None

    @property
    def cpa(self) -> float | None:
        return self.spend / self.customers if self.spend is not None and self.customers else None


class ChannelShare(BaseModel):
    """`status`: scale | keep | reduce (by budget vs spend), no_results (spend, zero customers),
    over_break_even (CPA above the break-even CPA), unknown (spend or customers not known)."""

    name: str
    status: str
    spend: float | None = None
    cpa: float | None = None
    budget: float = 0.0
    share: float = 0.0
    expected_customers: float | None = None


class BudgetSplit(BaseModel):
    budget: float
    shares: list[ChannelShare] = Field(default_factory=list)
    allocated: float = 0.0
    unallocated: float = 0.0          # left over when every channel hit its scaling cap
    expected_customers: float | None = None
    caveats: list[str] = Field(default_factory=list)  # "diminishing_returns", "capped", "zero_results"
    missing: list[str] = Field(default_factory=list)


def channels_of(snapshot: Snapshot | dict) -> list[Performance]:
    """The snapshot's per-channel figures (`channels`: {"tiktok": {"spend": …, "customers": …}})."""
    snap = parse_snapshot(snapshot)
    return [Performance(name=name, spend=figs.get("spend"), customers=figs.get("customers"),
                        revenue=figs.get("revenue")) for name, figs in snap.channels.items()]


def split_budget(performances: list[Performance], budget: float, max_scale: float = 2.0,
                 break_even_cpa: float | None = None) -> BudgetSplit:
    """Shares proportional to customers per đồng (1 / CPA), each capped at `max_scale` x its spend.

    A channel that spent and brought no customer gets nothing (status no_results); one whose CPA is above
    `break_even_cpa` gets nothing (over_break_even); what the caps leave is `unallocated`, not forced in.
    """
    shares, eligible = [], []
    for p in performances:
        if not p.spend or p.customers is None:
            shares.append(ChannelShare(name=p.name, status="unknown", spend=p.spend))
        elif p.customers <= 0:
            shares.append(ChannelShare(name=p.name, status="no_results", spend=p.spend))
        elif break_even_cpa is not None and p.cpa > break_even_cpa:
            shares.append(ChannelShare(name=p.name, status="over_break_even", spend=p.spend, cpa=p.cpa))
        else:
            eligible.append(p)
    alloc = _water_fill(eligible, budget, max_scale)
    for p in eligible:
        amount = alloc[p.name]
        status = "scale" if amount > p.spend * 1.1 else "reduce" if amount < p.spend * 0.9 else "keep"
        shares.append(ChannelShare(name=p.name, status=status, spend=p.spend, cpa=p.cpa, budget=amount,
                                   share=amount / budget if budget else 0.0, expected_customers=amount / p.cpa))
    shares.sort(key=lambda s: (-s.budget, s.name))
    allocated = sum(alloc.values())
    unallocated = max(0.0, budget - allocated)
    caveats = []
    if any(s.budget > (s.spend or 0) for s in shares):
        caveats.append("diminishing_returns")
    if unallocated > 1e-6 * max(budget, 1):
        caveats.append("capped")
    if any(s.status == "no_results" for s in shares):
        caveats.append("zero_results")
    missing = [] if performances else ["channels"]
    missing += [f"{s.name}.customers" for s in shares if s.status == "unknown"]
    expected = sum(s.expected_customers for s in shares if s.expected_customers is not None) if eligible else None
    return BudgetSplit(budget=budget, shares=shares, allocated=allocated, unallocated=unallocated,
                       expected_customers=expected, caveats=caveats, missing=missing)


def _water_fill(eligible: list[Performance], budget: float, max_scale: float) -> dict[str, float]:
    """Split by weight 1/CPA; a channel over its cap is fixed at the cap and the rest re-split."""
    alloc = {p.name: 0.0 for p in eligible}
    active, remaining = list(eligible), budget
    while active and remaining > 0:
        total = sum(1 / p.cpa for p in active)
        tentative = {p.name: remaining * (1 / p.cpa) / total for p in active}
        capped = [p for p in active if tentative[p.name] >= p.spend * max_scale]
        if not capped:
            alloc.update(tentative)
            break
        for p in capped:
            alloc[p.name] = p.spend * max_scale
            remaining -= alloc[p.name]
            active.remove(p)
    return alloc
