"""The funnel snapshot: the public input contract of the diagnosis (DESIGN.md, "Contracts")."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

STAGES = ("reach", "visits", "leads", "qualified", "customers", "repeat_customers")
PILLARS = ("strategy", "traffic", "conversion", "measurement")
PRACTICES = (
    "target_customer_defined", "positioning_defined", "business_goal_defined", "kpis_tracked",
    "dashboard", "periodic_review", "lead_definition_agreed", "sales_sla", "crm",
)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Business(_Lenient):
    name: str | None = None
    industry: str | None = None
    model: str | None = None  # "b2c" | "b2b"


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
    """Every field but `funnel` may be missing; `sources` says where each figure came from."""

    business: Business = Field(default_factory=Business)
    period: Period = Field(default_factory=Period)
    currency: str | None = "VND"
    funnel: Funnel
    spend: float | None = None
    revenue: float | None = None
    target_revenue: float | None = None
    gross_margin: float | None = None
    practices: Practices = Field(default_factory=Practices)
    sources: dict[str, str] = Field(default_factory=dict)
