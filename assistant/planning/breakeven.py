"""Break-even CPA, CPL and ROAS from the order value and gross margin, beside the current ones."""

from pydantic import BaseModel, Field

from assistant.contracts import Snapshot
from assistant.planning.baseline import baseline


class BreakEven(BaseModel):
    """What one customer may cost before the first order loses money, and where the period stands.

    `verdict`: "loss" (CPA above break-even), "profit", or None when the figures are missing.
    """

    aov: float | None = None
    gross_margin: float | None = None
    profit_per_order: float | None = None
    cpa: float | None = None              # break-even cost per customer (= profit per order)
    cpl: float | None = None              # break-even cost per lead (= CPA x lead->customer rate)
    roas: float | None = None             # break-even ROAS (= 1 / margin)
    current_cpa: float | None = None
    current_cpl: float | None = None
    current_roas: float | None = None
    verdict: str | None = None
    missing: list[str] = Field(default_factory=list)


def break_even_from(aov: float | None, gross_margin: float | None,
                    lead_to_customer: float | None = None) -> BreakEven:
    """aov 500,000 at 40% margin -> CPA 200,000, ROAS 2.5; with 10% lead->customer, CPL 20,000."""
    if gross_margin is not None and 1 < gross_margin <= 100:
        gross_margin = gross_margin / 100
    if gross_margin is not None and not 0 < gross_margin <= 1:
        gross_margin = None
    missing = [n for n, v in (("aov", aov), ("gross_margin", gross_margin)) if v is None]
    profit = aov * gross_margin if not missing else None
    return BreakEven(aov=aov, gross_margin=gross_margin, profit_per_order=profit, cpa=profit,
                     cpl=profit * lead_to_customer if profit is not None and lead_to_customer else None,
                     roas=1 / gross_margin if gross_margin else None, missing=missing)


def break_even(snapshot: Snapshot | dict) -> BreakEven:
    """Break-even figures of a snapshot and its current CPA, CPL, ROAS, with the verdict."""
    base = baseline(snapshot)
    result = break_even_from(base.aov, base.gross_margin, base.rate("lead_to_customer"))
    cpa, cpl = base.per("customers"), base.per("leads")
    roas = base.revenue / base.spend if base.revenue is not None and base.spend else None
    verdict = None
    if cpa is not None and result.cpa is not None:
        verdict = "loss" if cpa > result.cpa else "profit"
    missing = list(result.missing) + (["spend"] if base.spend is None else [])
    return result.model_copy(update={"current_cpa": cpa, "current_cpl": cpl, "current_roas": roas,
                                     "verdict": verdict, "missing": missing})
