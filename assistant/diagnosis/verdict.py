"""One verdict for every door: the options a consultant gives, applied the same way, and no question
asked about a figure a source already holds.

`report`, `diagnose`, the chat and the API all call `verdict(snapshot, options, held)`; the same
inputs therefore give the same bottleneck, stage statuses, priority and questions everywhere.
"""

from datetime import date

from pydantic import BaseModel

from assistant.contracts import Diagnosis
from assistant.diagnosis.advice import MAX_ACTIONS, build_actions
from assistant.diagnosis.engine import diagnose
from assistant.kpi.campaigns import efficiency as efficiency_of
from assistant.kpi.campaigns import named

NAMING_ACTIONS = ("channels_fit", "scale_volume")  # actions about where the money goes name the campaigns
# a missing field -> the figures that answer it (a click on an ad is the visit the question asks about)
ANSWERED_BY = {"visits": ("visits", "clicks", "link_clicks", "sessions")}


class Options(BaseModel):
    """What a consultant states beside the data; None leaves the snapshot's own value."""

    industry: str | None = None
    gross_margin: float | None = None
    target_revenue: float | None = None
    business: str | None = None
    start: date | None = None
    end: date | None = None

    def given(self) -> dict:
        return self.model_dump(exclude_none=True)


def apply_options(snapshot: dict, options: Options | None) -> dict:
    """A copy of the snapshot with the options filled in (they win over the data's values)."""
    if not isinstance(snapshot, dict) or options is None:
        return snapshot  # the diagnosis says what is wrong with a snapshot that is not one
    out = dict(snapshot)
    business = dict(out.get("business") or {})
    if options.industry:
        business["industry"] = options.industry
    if options.business:
        business["name"] = options.business
    out["business"] = business
    if options.gross_margin is not None:
        out["gross_margin"] = options.gross_margin
    if options.target_revenue is not None:
        out["target_revenue"] = options.target_revenue
        practices = dict(out.get("practices") or {})
        if practices.get("business_goal_defined") is None:  # a revenue target is a business goal, as in the chat
            out["practices"] = {**practices, "business_goal_defined": True}
    if options.start or options.end:
        period = dict(out.get("period") or {})
        period.update({k: getattr(options, k).isoformat() for k in ("start", "end") if getattr(options, k)})
        out["period"] = period
    return out


def held_fields(*sources: dict | None) -> set[str]:
    """The missing-data fields some source answers: a figure with a value in any of them."""
    have = {k for s in sources for k, v in (s or {}).items() if isinstance(v, (int, float)) and v is not None}
    held = set(have)
    for field, names in ANSWERED_BY.items():
        if have & set(names):
            held.add(field)
    return held


def name_campaigns(diagnosis: Diagnosis, efficiency: dict | None) -> Diagnosis:
    """Actions about channels name the campaigns (else channels) to cut, to feed and to fix.

    A campaign spending with no result is worth an action of its own even when the bottleneck is elsewhere."""
    names = named(efficiency or {})
    if not names:
        return diagnosis
    actions = list(diagnosis.actions)
    if names.get("cut") and not any(a.id in NAMING_ACTIONS for a in actions):
        actions.insert(1, build_actions(["channels_fit"])[0])
        actions = actions[:MAX_ACTIONS]
    actions = [a.model_copy(update={"params": names}) if a.id in NAMING_ACTIONS else a for a in actions]
    return diagnosis.model_copy(update={"actions": actions})


def industry_of(snapshot: dict) -> str | None:
    """The benchmark industry id of the snapshot's business ("thời trang" -> "retail"), None if unknown."""
    from assistant.diagnosis.benchmarks import load_benchmarks

    name = ((snapshot or {}).get("business") or {}).get("industry") if isinstance(snapshot, dict) else None
    return load_benchmarks().industry_id(name)


def verdict(snapshot: dict, options: Options | None = None, *held: dict | None,
            efficiency: dict | None = None) -> Diagnosis:
    """The diagnosis of the snapshot with the options applied; questions only about what no source holds.

    `held` are the other figures the reader can see (an export's totals, its KPIs); a snapshot may carry
    its export's `totals` and `breakdowns` beside the funnel (as `POST /api/kpis` returns them). `efficiency` is the campaign
    and channel table (assistant.kpi.campaigns.efficiency) the actions name campaigns from."""
    diagnosis = diagnose(apply_options(snapshot, options))
    totals = snapshot.get("totals") if isinstance(snapshot, dict) and isinstance(snapshot.get("totals"), dict) else None
    known = held_fields(totals, *held)
    if efficiency is None and isinstance(snapshot, dict) and isinstance(snapshot.get("breakdowns"), dict):
        efficiency = efficiency_of(snapshot["breakdowns"])
    missing = [m for m in diagnosis.missing_data if m.earlier or m.field not in known]
    return name_campaigns(diagnosis.model_copy(update={"missing_data": missing}), efficiency)
