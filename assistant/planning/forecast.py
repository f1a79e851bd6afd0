"""Forecasts for a budget: at the current rates, with the bottleneck improving, and for a target."""

from pydantic import BaseModel, Field

from assistant.contracts import VOLUME, Diagnosis, Snapshot, rate_ends, stored_diagnosis
from assistant.planning.baseline import Baseline, baseline
from assistant.planning.targets import TargetSteps, target_steps
from assistant.planning.whatif import apply_rate, money_after


class Forecast(BaseModel):
    """A budget's leads, customers, revenue and unit costs if every count scales with spend."""

    budget: float | None = None
    scale: float | None = None            # budget / the period's spend
    counts: dict[str, float] = Field(default_factory=dict)
    leads: float | None = None
    customers: float | None = None
    revenue: float | None = None
    cpl: float | None = None
    cac: float | None = None
    roas: float | None = None
    caveats: list[str] = Field(default_factory=list)   # "linear_scaling", "diminishing_returns"
    missing: list[str] = Field(default_factory=list)


class ImprovedPeriod(BaseModel):
    period: int
    rate: float
    customers: float | None = None
    revenue: float | None = None
    cac: float | None = None


class Improvement(BaseModel):
    """The forecast as the bottleneck rate steps toward its benchmark, period by period."""

    stage: str | None = None
    actual: float | None = None
    benchmark: float | None = None
    base: Forecast
    periods: list[ImprovedPeriod] = Field(default_factory=list)
    periods_to_benchmark: int | None = None
    caveats: list[str] = Field(default_factory=list)   # "volume": more reach, not a better rate
    missing: list[str] = Field(default_factory=list)


class TargetPlan(BaseModel):
    """What a target takes: the budget at the current rates, or the bottleneck rate at the current budget."""

    target_customers: float | None = None
    target_revenue: float | None = None
    budget: float | None = None            # the budget the rate is asked at (the period's spend by default)
    budget_needed: float | None = None     # at the current rates and CAC
    stage: str | None = None
    actual: float | None = None
    rate_needed: float | None = None       # at `budget`, every other rate held
    benchmark: float | None = None
    beyond_benchmark: bool | None = None
    steps: TargetSteps | None = None       # achievable steps toward the benchmark
    caveats: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


def _scaled(base: Baseline, budget: float | None) -> tuple[Baseline, float | None, list[str]]:
    """The baseline at another budget: every count (and revenue) times budget / spend."""
    if budget is None or budget == base.spend:
        return base, 1.0 if base.spend else None, [] if base.spend else ["spend"]
    if not base.spend:
        return base, None, ["spend"]
    scale = budget / base.spend
    counts = {k: v * scale for k, v in base.counts.items()}
    revenue = base.revenue * scale if base.revenue is not None else None
    return base.model_copy(update={"counts": counts, "spend": budget, "revenue": revenue}), scale, []


def forecast(snapshot: Snapshot | dict, budget: float | None = None) -> Forecast:
    """50M budget on a 30M month (400 leads, 20 customers, 500k a customer) -> 666.7 leads, 33.3 customers."""
    base = baseline(snapshot)
    scaled, scale, missing = _scaled(base, budget)
    if "customers" not in base.counts:
        missing.append("customers")
    if base.aov is None:
        missing.append("revenue")
    if scale is None:
        return Forecast(budget=budget, missing=missing)
    customers = scaled.customers
    revenue = customers * base.aov if customers is not None and base.aov is not None else None
    caveats = ["linear_scaling"] + (["diminishing_returns"] if scale > 1 else [])
    return Forecast(budget=scaled.spend, scale=scale, counts=scaled.counts, leads=scaled.counts.get("leads"),
                    customers=customers, revenue=revenue, cpl=scaled.per("leads"), cac=scaled.per("customers"),
                    roas=revenue / scaled.spend if revenue is not None and scaled.spend else None,
                    caveats=caveats, missing=missing)


def forecast_improved(snapshot: Snapshot | dict, diagnosis: Diagnosis | dict | None,
                      budget: float | None = None, periods: int = 3) -> Improvement:
    """The forecast for `budget` with the bottleneck rate at each achievable step (`target_steps`)."""
    base_forecast = forecast(snapshot, budget)
    diag = stored_diagnosis(diagnosis)
    neck = diag.bottleneck if diag else None
    if neck is None:
        return Improvement(base=base_forecast, missing=["bottleneck"])
    if neck.stage == VOLUME:
        return Improvement(stage=VOLUME, actual=neck.actual, benchmark=neck.benchmark, base=base_forecast,
                           caveats=["volume"])
    steps = target_steps(neck.actual, neck.benchmark, periods)
    scaled, _, missing = _scaled(baseline(snapshot), budget)
    out = []
    for step in steps.steps:
        after = apply_rate(scaled.counts, neck.stage, step.rate)
        revenue, cac = money_after(scaled, after) if after else (None, None)
        out.append(ImprovedPeriod(period=step.period, rate=step.rate, customers=(after or {}).get("customers"),
                                  revenue=revenue, cac=cac))
    return Improvement(stage=neck.stage, actual=neck.actual, benchmark=neck.benchmark, base=base_forecast,
                       periods=out, periods_to_benchmark=steps.periods_to_benchmark,
                       caveats=base_forecast.caveats, missing=missing + steps.missing)


def plan_for_target(snapshot: Snapshot | dict, diagnosis: Diagnosis | dict | None = None, *,
                    customers: float | None = None, revenue: float | None = None,
                    budget: float | None = None, periods: int = 3) -> TargetPlan:
    """"Double the orders" / "reach 1.5 billion": the budget it takes at today's CAC, and the rate it takes
    at today's (or the given) budget at the bottleneck, against the benchmark."""
    base = baseline(snapshot)
    missing = []
    if customers is None and revenue is not None:
        customers = revenue / base.aov if base.aov else None
        if customers is None:
            missing.append("revenue")
    if revenue is None and customers is not None and base.aov is not None:
        revenue = customers * base.aov
    cac = base.per("customers")
    if cac is None:
        missing += [m for m in ("spend", "customers") if (m == "spend" and not base.spend) or
                    (m == "customers" and not base.customers)]
    plan = TargetPlan(target_customers=customers, target_revenue=revenue,
                      budget=budget if budget is not None else base.spend,
                      budget_needed=customers * cac if customers is not None and cac is not None else None,
                      caveats=["linear_scaling", "diminishing_returns"], missing=missing)
    diag = stored_diagnosis(diagnosis)
    neck = diag.bottleneck if diag else None
    if neck is None or customers is None or neck.stage == VOLUME:
        return plan.model_copy(update={"stage": neck.stage if neck else None})
    ends = rate_ends(neck.stage)
    scaled, _, _ = _scaled(base, budget)
    if not ends or ends[1] == "repeat_customers" or not scaled.customers or not neck.actual:
        return plan.model_copy(update={"stage": neck.stage, "actual": neck.actual, "benchmark": neck.benchmark})
    needed = neck.actual * customers / scaled.customers
    return plan.model_copy(update={
        "stage": neck.stage, "actual": neck.actual, "benchmark": neck.benchmark, "rate_needed": needed,
        "beyond_benchmark": needed > neck.benchmark if neck.benchmark else None,
        "steps": target_steps(neck.actual, min(needed, neck.benchmark) if neck.benchmark else needed, periods)})
