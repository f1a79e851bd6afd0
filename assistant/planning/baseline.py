"""The period's figures the plans start from: usable counts, money, order value, margin, rates."""

from pydantic import BaseModel, Field

from assistant.contracts import STAGES, Snapshot, rate_ends
from assistant.diagnosis.inputs import clean_money, parse_snapshot
from assistant.diagnosis.stages import clean_counts


class Baseline(BaseModel):
    """Known counts (no negative or impossible ones), spend, revenue, order value and margin of one period."""

    counts: dict[str, float] = Field(default_factory=dict)
    spend: float | None = None
    revenue: float | None = None
    aov: float | None = None          # revenue per customer, or the owner's stated order value
    gross_margin: float | None = None  # a fraction (40 is read as 40%)
    currency: str = "VND"

    @property
    def customers(self) -> float | None:
        return self.counts.get("customers")

    def rate(self, stage: str) -> float | None:
        """A rate between two known counts by its id ('lead_to_customer'); None when an end is unknown."""
        ends = rate_ends(stage)
        if not ends or ends[0] not in self.counts or ends[1] not in self.counts:
            return None
        start, end = (self.counts[e] for e in ends)
        return end / start if start > 0 and end <= start else None

    def per(self, stage: str) -> float | None:
        """Spend per unit of a stage: 'leads' -> CPL, 'customers' -> CAC."""
        count = self.counts.get(stage)
        return self.spend / count if self.spend is not None and count else None


def baseline(snapshot: Snapshot | dict) -> Baseline:
    """The usable figures of a snapshot (the diagnosis' own cleaning: negative counts, margins in %)."""
    snap = parse_snapshot(snapshot)
    money, _ = clean_money(snap)
    counts, _ = clean_counts(snap.funnel)
    customers = counts.get("customers")
    aov = snap.aov if snap.aov and snap.aov > 0 else None
    if aov is None and money["revenue"] is not None and customers:
        aov = money["revenue"] / customers
    return Baseline(counts={s: counts[s] for s in STAGES if s in counts}, spend=money["spend"],
                    revenue=money["revenue"], aov=aov, gross_margin=money["gross_margin"],
                    currency=money["currency"])
