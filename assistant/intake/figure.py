"""One figure read from an owner's words, with everything needed to show it back and correct it."""

from dataclasses import asdict, dataclass, field

from assistant.contracts import STAGES

# the snapshot field a figure fills, by what it measures and its kind (actual / target / plan)
TARGET_FIELD = {"revenue": "target_revenue", "customers": "target_customers", "leads": "target_leads"}
PLAN_FIELD = {"spend": "planned_budget"}
COUNT_MEASURES = STAGES + ("followers",)
MONEY_MEASURES = ("spend", "revenue", "aov")
MONEY_SIZED = 100_000  # a number this large without a unit, beside a money word, is VND and not a count


@dataclass
class Finding:
    """A figure: the field it fills, its value (money in VND) and how the owner wrote it."""

    field: str
    value: float | None
    raw: str
    measure: str = ""            # what it measures: a stage, spend, revenue, aov, gross_margin, followers
    kind: str = "actual"         # actual | target | plan
    unit: str = "count"          # count | money | percent
    currency: str | None = None  # VND for money once converted
    channel: str | None = None
    period: str | None = None    # None (the period talked about); a row: "week", "day", "half"; summed: "4 weeks"
    when: str | None = None      # the period named beside the number ("thang 10")
    item: str | None = None      # the line item named before the number: a branch ("chi nhanh 2", "co so q7")
    span: str | None = None      # the length of time the figure covers when said: "month", "quarter", "year"
    quote: str = ""              # the owner's words around the number
    estimated: bool = False
    correction: bool = False     # replaces what the owner said before
    removed: bool = False        # the owner asked to drop this figure
    note: str | None = None      # e.g. "mql", "per_week", "aov_x_customers"
    original: dict | None = None  # {"value", "currency", "rate"} for a converted amount
    parts: list[dict] = field(default_factory=list)  # line items summed into this figure
    doubt: dict | None = None    # a figure no small business has, to confirm ({"kind": "cost_per_lead", "value": 21})
    start: int = 0               # position of the number in the message

    def record(self) -> dict:
        """The JSON form kept on the snapshot's `figures`."""
        out = {k: v for k, v in asdict(self).items() if k not in ("start", "raw") and v not in (None, [], False)}
        out.update(value=self.value, kind=self.kind, source="chat", said=self.raw)
        return out


def stored_field(measure: str, kind: str) -> str | None:
    """The snapshot field a measure of this kind fills; None when the snapshot has no place for it."""
    if kind == "target":
        return TARGET_FIELD.get(measure)
    if kind == "plan":
        return PLAN_FIELD.get(measure) or TARGET_FIELD.get(measure)
    return measure
