"""The diagnosis: the public output contract of DESIGN.md ("Contracts"), plus unit economics."""

from typing import Literal

from pydantic import BaseModel, Field

from assistant.retrieval.citations import Citation

Status = Literal["ok", "weak", "critical", "unknown"]
Level = Literal["input", "output", "impact"]
Kind = Literal["strategic", "tactical"]


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


class PillarResult(BaseModel):
    score: int
    findings: list[str] = Field(default_factory=list)


class Action(BaseModel):
    text: str
    step: int | None
    citations: list[Citation] = Field(default_factory=list)


class TrackedKpi(BaseModel):
    name: str
    level: Level
    kind: Kind


class MissingData(BaseModel):
    field: str
    question: str


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
    """What `diagnose` returns; `.model_dump(mode="json")` is the API/CLI JSON."""

    bottleneck: Bottleneck | None
    stages: list[StageRate]
    pillar_priority: list[str]
    pillars: dict[str, PillarResult]
    reasons: list[str]
    actions: list[Action]
    kpis_to_track: list[TrackedKpi]
    missing_data: list[MissingData]
    unit_economics: UnitEconomics = Field(default_factory=UnitEconomics)
    warnings: list[str] = Field(default_factory=list)
