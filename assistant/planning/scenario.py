"""The consultant's what-if and budget plan in one value: the planning functions of this package put together
for a budget (the plan, else the period's spend), shared by the report, `growthdoc whatif` and `POST /api/whatif`.
"""

from pydantic import BaseModel, Field

from assistant.contracts import Diagnosis, Snapshot, rate_ends, stored_diagnosis
from assistant.core.errors import UserFacingError
from assistant.planning.baseline import baseline
from assistant.planning.breakeven import BreakEven, break_even
from assistant.planning.forecast import (
    Forecast,
    Improvement,
    forecast,
    forecast_improved,
)
from assistant.planning.split import BudgetSplit, Performance, channels_of, split_budget
from assistant.planning.whatif import WhatIf, what_if


class Scenario(BaseModel):
    """Forecast at today's rates, with the bottleneck improving, one rate's what-if, break-even, a split."""

    budget: float | None = None
    budget_source: str | None = None   # "given" | "planned_budget" | "spend"
    forecast: Forecast | None = None
    improved: Improvement | None = None
    what_if: WhatIf | None = None
    break_even: BreakEven | None = None
    split: BudgetSplit | None = None
    split_basis: str | None = None     # "channels" (their own customers) | "campaigns" (leads x the funnel's rate)
    missing: list[str] = Field(default_factory=list)


def campaign_performances(snapshot: Snapshot | dict, rows: list[dict]) -> tuple[list[Performance], bool]:
    """Campaigns or channels with their customers: their own when a row has them, else estimated as their
    leads (results) x the funnel's lead->customer rate. Second value: True when any was estimated."""
    rate = baseline(snapshot).rate("lead_to_customer")
    out, estimated = [], False
    for row in rows:
        customers = row.get("customers")
        if customers is None:
            leads = next((row[k] for k in ("results", "leads", "conversions") if row.get(k) is not None), None)
            customers = leads * rate if leads is not None and rate is not None else None
            estimated = estimated or customers is not None
        out.append(Performance(name=str(row.get("key")), spend=row.get("spend"), customers=customers,
                               revenue=row.get("revenue")))
    return [p for p in out if p.customers is not None or p.spend], estimated


def _budget(snapshot: dict, given: float | None) -> tuple[float | None, str | None]:
    if given is not None and given > 0:
        return given, "given"
    planned = snapshot.get("planned_budget") if isinstance(snapshot, dict) else None
    if isinstance(planned, (int, float)) and planned > 0:
        return float(planned), "planned_budget"
    spend = baseline(snapshot).spend
    return (spend, "spend") if spend else (None, None)


def scenario(snapshot: Snapshot | dict, diagnosis: Diagnosis | dict | None, budget: float | None = None,
             stage: str | None = None, rate: float | None = None, campaigns: list[dict] | None = None,
             periods: int = 3) -> Scenario:
    """Everything the what-if section shows. `stage`/`rate` default to the bottleneck reaching its benchmark;
    the split uses the snapshot's channels with customers, else `campaigns`: rows of an export's campaign (or
    channel) breakdown."""
    snap = snapshot.model_dump(mode="json") if isinstance(snapshot, Snapshot) else dict(snapshot or {})
    amount, source = _budget(snap, budget)
    diag = stored_diagnosis(diagnosis)
    neck = diag.bottleneck if diag else None
    if stage is None and neck is not None and neck.stage != "volume" and neck.benchmark:
        stage, rate = neck.stage, neck.benchmark if rate is None else rate
    out = Scenario(budget=amount, budget_source=source, break_even=break_even(snap),
                   missing=[] if amount else ["spend"])
    if amount:
        out.forecast = forecast(snap, amount)
        out.improved = forecast_improved(snap, diag, amount, periods)
    if stage and rate is not None:
        out.what_if = what_if(snap, stage, rate)
    performances = [p for p in channels_of(snap) if p.customers is not None]
    basis = "channels"
    if not performances:
        performances, estimated = campaign_performances(snap, campaigns or [])
        basis = "campaigns" if estimated else "channels"
    if amount and performances:
        out.split = split_budget(performances, amount, break_even_cpa=out.break_even.cpa)
        out.split_basis = basis
    return out


def scenario_json(snapshot: Snapshot | dict, diagnosis: Diagnosis | dict | None, budget: float | None = None,
                  stage: str | None = None, rate: float | None = None, campaigns: list[dict] | None = None) -> dict:
    """`scenario` as JSON (what the report, the CLI and the API carry)."""
    return scenario(snapshot, diagnosis, budget, stage, rate, campaigns).model_dump(mode="json")


def parse_rate(value: str | float | None) -> float | None:
    """'10%' or '10' -> 0.1, '0.1' or '0,1' -> 0.1; a UserFacingError naming the value otherwise."""
    if value is None:
        return None
    raw = str(value).strip().replace(",", ".")
    try:
        rate = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise UserFacingError("whatif.bad_rate", rate=str(value)) from None
    if 1 < rate <= 100:
        rate /= 100
    if not 0 <= rate <= 1:
        raise UserFacingError("whatif.bad_rate", rate=str(value))
    return rate


def check_stage(stage: str | None) -> str | None:
    """A rate id ('lead_to_customer'), or a UserFacingError listing the ids."""
    if stage is not None and not rate_ends(stage):
        raise UserFacingError("whatif.bad_stage", stage=stage)
    return stage


def split_rows(breakdowns: dict | None) -> list[dict]:
    """The rows of an export's breakdowns a budget is split across: campaigns, else channels."""
    breakdowns = breakdowns or {}
    return breakdowns.get("campaign") or breakdowns.get("channel") or []
