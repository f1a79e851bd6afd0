"""The product's public vocabulary (DESIGN.md, "Contracts"): one module every layer imports.

Ids (funnel stages, rates, pillars, practices), the funnel `Snapshot`, the `Diagnosis`, a
`Citation`, and what an engine sees and returns for one turn (`TurnContext`, `Reply`, `Artifact`).
Nothing here does I/O or renders text.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

# --- ids -------------------------------------------------------------------------------------

STAGES = ("reach", "visits", "leads", "qualified", "customers", "repeat_customers")
PILLARS = ("strategy", "traffic", "conversion", "measurement")
STRATEGY_PRACTICES = ("target_customer_defined", "positioning_defined", "business_goal_defined")
MEASUREMENT_PRACTICES = ("kpis_tracked", "dashboard", "periodic_review")
CONVERSION_PRACTICES = ("lead_definition_agreed", "sales_sla", "crm")
PRACTICES = STRATEGY_PRACTICES + MEASUREMENT_PRACTICES + CONVERSION_PRACTICES
MONEY_FIELDS = ("spend", "revenue", "target_revenue", "gross_margin")

# Elementary rates between consecutive stages; a span over unknown counts is named by its two ends.
RATE_STAGES = ("reach_to_visit", "visit_to_lead", "lead_to_qualified", "qualified_to_customer",
               "customer_to_repeat")
VOLUME = "volume"
STAGE_SHORT = {"reach": "reach", "visits": "visit", "leads": "lead", "qualified": "qualified",
               "customers": "customer", "repeat_customers": "repeat"}
_SHORT_STAGE = {short: stage for stage, short in STAGE_SHORT.items()}

Status = Literal["ok", "weak", "critical", "unknown"]
Level = Literal["input", "output", "impact"]
Kind = Literal["strategic", "tactical"]


def rate_id(start: str, end: str) -> str:
    """('reach', 'leads') -> 'reach_to_lead'."""
    return f"{STAGE_SHORT[start]}_to_{STAGE_SHORT[end]}"


def rate_ends(rate: str) -> tuple[str, str] | None:
    """'reach_to_lead' -> ('reach', 'leads'); None for `volume` or an unknown id."""
    start, sep, end = rate.partition("_to_")
    if not sep or start not in _SHORT_STAGE or end not in _SHORT_STAGE:
        return None
    return _SHORT_STAGE[start], _SHORT_STAGE[end]


def stages_between(start: str, end: str) -> list[str]:
    """The elementary rates from one count to a later one ('reach', 'leads') -> reach_to_visit, visit_to_lead."""
    i, j = STAGES.index(start), STAGES.index(end)
    return list(RATE_STAGES[i:j])


def span_parts(rate: str) -> list[str]:
    """'reach_to_lead' -> ['reach_to_visit', 'visit_to_lead']; [] for `volume`."""
    ends = rate_ends(rate)
    return stages_between(*ends) if ends else []


def rate_owner(rate: str) -> str:
    """The pillar that owns a rate: reaching people (and volume) is traffic, the rest conversion."""
    return "traffic" if rate == VOLUME or rate.startswith("reach_to") else "conversion"


def strategy_missing(practices) -> bool:
    """Priority rule 1: no target customer and no positioning, or no business goal (explicit "no" only).

    `practices` is a `Practices` or a plain dict of practice id -> True/False/None.
    """
    get = practices.get if isinstance(practices, dict) else (lambda name: getattr(practices, name))
    no_target = get("target_customer_defined") is False and get("positioning_defined") is False
    return no_target or get("business_goal_defined") is False


# --- the funnel snapshot (input of the diagnosis) -------------------------------------------

class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Business(_Lenient):
    name: str | None = None
    industry: str | None = None
    model: str | None = None  # "b2c" | "b2b"
    customer: str | None = None      # the owner's own words for their target customer
    positioning: str | None = None   # the owner's own words for their positioning
    team: str | None = None          # "solo" (the owner alone) or "team" (staff, departments); None = unknown


class Period(_Lenient):
    start: date | None = None
    end: date | None = None


class Funnel(_Lenient):
    """Counts per stage; None means unknown, which is not zero. Checked by the diagnosis, not here."""

    reach: float | None = None
    visits: float | None = None
    leads: float | None = None
    qualified: float | None = None
    customers: float | None = None
    repeat_customers: float | None = None

    def known(self) -> dict[str, float]:
        return {s: getattr(self, s) for s in STAGES if getattr(self, s) is not None}


class Practices(_Lenient):
    target_customer_defined: bool | None = None
    positioning_defined: bool | None = None
    business_goal_defined: bool | None = None
    kpis_tracked: bool | None = None
    dashboard: bool | None = None
    periodic_review: bool | None = None
    lead_definition_agreed: bool | None = None
    sales_sla: bool | None = None
    crm: bool | None = None


class Snapshot(_Lenient):
    """Every field but `funnel` may be missing; `sources` says where each figure came from.

    Targets and plans sit beside the period's actuals and never replace them; `channels` holds the same
    figures per channel ({"tiktok": {"spend": 2e7}}); `figures` keeps, per field, how the owner said it
    (kind, channel, period, quoted words, estimated, a currency conversion) so a reply can show it.
    """

    business: Business = Field(default_factory=Business)
    period: Period = Field(default_factory=Period)
    currency: str | None = "VND"
    funnel: Funnel
    spend: float | None = None
    revenue: float | None = None
    aov: float | None = None
    target_revenue: float | None = None
    target_customers: float | None = None
    target_leads: float | None = None
    planned_budget: float | None = None
    gross_margin: float | None = None
    audience: dict[str, float] = Field(default_factory=dict)
    channels: dict[str, dict[str, float]] = Field(default_factory=dict)
    practices: Practices = Field(default_factory=Practices)
    sources: dict[str, str] = Field(default_factory=dict)
    figures: dict[str, dict] = Field(default_factory=dict)
    # an upload that disagrees with a typed figure: {field, unit, typed, file_value, source, kept: None|chat|file}
    conflicts: list[dict] = Field(default_factory=list)


def empty_snapshot() -> dict:
    """A session's snapshot before the owner said anything (the JSON form of `Snapshot`)."""
    return {"business": {}, "currency": "VND", "funnel": {}, "practices": {}, "sources": {}}


# --- citations --------------------------------------------------------------------------------

class Citation(BaseModel):
    """Points a reader at the knowledge chunk a claim comes from."""

    doc_id: str          # front-matter id of the knowledge file, e.g. "silos"
    title: str           # the file's title
    heading: str         # heading path inside the file, e.g. "Silo 6 › SLA marketing–sales"
    source: str          # path of the knowledge file, e.g. "knowledge/silos.md" (English: "knowledge/en/silos.md")
    section: int | None = None  # the section's id in the file, the same in both languages (None: unknown)
    lang: str = "vi"     # the language title and heading are written in

    @property
    def label(self) -> str:
        return f"{self.title} › {self.heading}" if self.heading else self.title


# --- the diagnosis (output) ----------------------------------------------------------------------
# Values, ids and template keys only: the words are rendered at the edge, in the reader's language
# (`assistant.drafting.diagnosis_view`), so a stored diagnosis reads the same in Vietnamese and English.

class Phrase(BaseModel):
    """A sentence still to be worded: the macro `key` of `prompts/{lang}/` and its JSON-able params."""

    key: str
    params: dict[str, Any] = Field(default_factory=dict)


class StageRate(BaseModel):
    stage: str
    actual: float | None
    benchmark: float | None
    status: Status


class Bottleneck(BaseModel):
    stage: str
    actual: float | None
    benchmark: float | None
    ratio: float | None
    revenue_uplift: float | None = None
    # a `volume` bottleneck: the goal out of reach (in revenue, or in customers), what was reached and the target
    goal: Literal["revenue", "customers"] | None = None
    reached: float | None = None
    target: float | None = None


class PillarResult(BaseModel):
    score: int
    findings: list[Phrase] = Field(default_factory=list)


class Action(BaseModel):
    id: str              # an action of the method, worded by the macro `diagnosis.action`
    step: int | None
    citations: list[Citation] = Field(default_factory=list)
    params: dict = Field(default_factory=dict)  # what the action names: {"cut": [campaigns], "best", "worst"}


class TrackedKpi(BaseModel):
    id: str              # an id of the KPI catalogue (`assistant.kpi.catalog`)
    level: Level
    kind: Kind


class MissingData(BaseModel):
    field: str
    earlier: str | None = None  # set when `field` contradicts an earlier count: "check both"


class UnitEconomics(BaseModel):
    cac: float | None = None
    roas: float | None = None
    break_even_roas: float | None = None
    gross_profit_per_customer: float | None = None
    ltv: float | None = None
    ltv_cac: float | None = None
    payback_orders: float | None = None
    loses_money_per_customer: bool | None = None


class Diagnosis(BaseModel):
    """What `diagnose` returns, in keys and numbers; `model_dump(mode="json")` is how a session keeps it."""

    bottleneck: Bottleneck | None = None
    stages: list[StageRate] = Field(default_factory=list)
    pillar_priority: list[str] = Field(default_factory=list)
    pillars: dict[str, PillarResult] = Field(default_factory=dict)
    reasons: list[Phrase] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    kpis_to_track: list[TrackedKpi] = Field(default_factory=list)
    missing_data: list[MissingData] = Field(default_factory=list)
    unit_economics: UnitEconomics = Field(default_factory=UnitEconomics)
    warnings: list[Phrase] = Field(default_factory=list)

    @property
    def first_pillar(self) -> str | None:
        return self.pillar_priority[0] if self.pillar_priority else None


def stored_diagnosis(data: "Diagnosis | dict | None") -> "Diagnosis | None":
    """A session's kept diagnosis as a `Diagnosis`; None when absent or kept in an older, worded form."""
    if data is None or isinstance(data, Diagnosis):
        return data
    try:
        return Diagnosis.model_validate(data)
    except ValueError:
        return None


# --- one turn ----------------------------------------------------------------------------------

ArtifactType = Literal["diagnosis", "kpis", "figures", "agenda", "sla", "report", "chart", "kpi_tree", "smart"]


class Artifact(BaseModel):
    type: ArtifactType
    data: Any


class Reply(BaseModel):
    """What an engine returns for one turn, whichever engine answered."""

    text: str
    citations: list[Citation] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list)
    lang: str = "vi"
    engine: Literal["offline", "llm"] = "offline"
    notice: str | None = None  # e.g. "the model timed out; the offline engine answered"


@dataclass
class TurnContext:
    """The session state an engine reads and updates (snapshot, intake, diagnosis, drafts); the service saves it."""

    session_id: str
    lang: str = "vi"
    snapshot: dict = field(default_factory=empty_snapshot)
    intake: dict = field(default_factory=dict)
    diagnosis: dict | None = None
    drafts: dict = field(default_factory=dict)
    uploads: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)

    @classmethod
    def from_state(cls, session_id: str, lang: str, state: dict, diagnosis, uploads, history):
        """Rebuild a context from what the store keeps."""
        return cls(session_id=session_id, lang=lang, snapshot=state.get("snapshot") or empty_snapshot(),
                   intake=state.get("intake") or {}, diagnosis=diagnosis, drafts=state.get("drafts") or {},
                   uploads=uploads, history=history)

    def state(self) -> dict:
        return {"snapshot": self.snapshot, "intake": self.intake, "drafts": self.drafts}


class Engine(Protocol):
    """An engine answers a turn; the offline engine and the LLM agent both are one."""

    name: str

    def respond(self, ctx: TurnContext, text: str) -> Reply: ...

    def stream(self, ctx: TurnContext, text: str) -> Iterator[str | Reply]: ...

    def on_upload(self, ctx: TurnContext, filename: str, report: dict) -> Reply: ...
