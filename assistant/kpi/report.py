"""`KpiReport`: one or several files combined into totals, KPIs and one funnel `Snapshot`."""

from dataclasses import dataclass, field

from assistant.contracts import STAGES, Funnel, Period, Snapshot
from assistant.core.errors import UserFacingError
from assistant.kpi.catalog import compute
from assistant.kpi.extract import FUNNEL
from assistant.kpi.model import Note, Part
from assistant.kpi.rows import FIELDS

# For each figure, which kind of file is trusted first; files of the winning kind are summed
# (two ad accounts add up, but CRM customers and order customers are the same people).
PRECEDENCE = {
    "spend": ("ads", "template", "analytics"),
    "impressions": ("ads", "template"),
    "reach": ("ads", "template"),
    "clicks": ("ads", "template"),
    "conversions": ("ads", "analytics", "template"),
    "visits": ("analytics", "template", "ads"),
    "leads": ("contacts", "template", "ads"),
    "qualified": ("contacts", "deals", "template"),
    "customers": ("orders", "deals", "contacts", "template"),
    "repeat_customers": ("orders", "template"),
    "orders": ("orders", "template"),
    "revenue": ("orders", "deals", "template", "analytics", "ads"),
}


@dataclass
class KpiReport:
    """What the user uploaded, read and summed; `to_dict()` is the `growthdoc kpi --json` shape."""

    parts: list[Part]
    gross_margin: float | None = None
    totals: dict = field(init=False)
    funnel: dict = field(init=False)
    sources: dict = field(init=False)
    notes: list[Note] = field(init=False)

    def __post_init__(self):
        self.totals, self.sources = _pick(self.parts, "totals")
        self.funnel, funnel_sources = _pick(self.parts, "funnel")
        self.sources = {**self.sources, **funnel_sources}
        self.notes = [n for p in self.parts for n in p.notes] + _currency_notes(self.parts)

    @property
    def detected_format(self) -> str:
        return "+".join(dict.fromkeys(p.format_id for p in self.parts))

    @property
    def currency(self) -> str | None:
        return next((p.currency for p in self.parts if p.currency), None)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts)

    @property
    def period(self) -> Period:
        starts = [p.start for p in self.parts if p.start]
        ends = [p.end for p in self.parts if p.end]
        return Period(start=min(starts) if starts else None, end=max(ends) if ends else None)

    @property
    def message_leads(self) -> bool:
        """True when every lead is a Messenger conversation: CPL then means cost per message."""
        messages = sum(p.messages or 0 for p in self.parts)
        return bool(messages) and messages == self.totals.get("leads")

    @property
    def kpis(self) -> dict:
        message_spend = sum(p.message_spend or 0 for p in self.parts) or None
        messages = sum(p.messages or 0 for p in self.parts) or None
        figures = {**self.totals, **self.funnel}  # the funnel view: Google Ads clicks are visits, conversions leads
        return {k: _round(v) for k, v in compute(figures, self.gross_margin, message_spend, messages).items()}

    @property
    def snapshot(self) -> Snapshot:
        """The funnel snapshot of DESIGN.md, with the source of every figure."""
        funnel = {s: self.funnel[s] for s in STAGES if s in self.funnel}
        sources = {s: self.sources[s] for s in funnel}
        sources.update({f: self.sources[f] for f in ("spend", "revenue") if f in self.totals})
        return Snapshot(
            period=self.period, currency=self.currency or "VND", funnel=Funnel(**funnel),
            spend=self.totals.get("spend"), revenue=self.totals.get("revenue"),
            gross_margin=self.gross_margin, sources=sources,
        )

    @property
    def breakdowns(self) -> dict:
        if len(self.parts) == 1:
            return self.parts[0].breakdowns
        merged: dict[str, list] = {}
        for part in self.parts:
            for dim, rows in part.breakdowns.items():
                merged.setdefault(dim, []).extend({**r, "source": part.filename} for r in rows)
        return merged

    def warnings(self, lang: str = "vi") -> list[str]:
        return [n.render(lang) for n in self.notes]

    def to_dict(self, lang: str = "vi") -> dict:
        """The `--json` shape of issue 3."""
        return {
            "detected_format": self.detected_format,
            "currency": self.currency,
            "period": self.period.model_dump(mode="json"),
            "rows": self.rows,
            "totals": {f: self.totals[f] for f in FIELDS if f in self.totals},
            "kpis": self.kpis,
            "breakdowns": self.breakdowns,
            "snapshot": self.snapshot.model_dump(mode="json", exclude_none=True),
            "warnings": self.warnings(lang),
        }


def _round(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _pick(parts: list[Part], attr: str) -> tuple[dict, dict]:
    """Each figure from the most trusted kind of file that has it, summed over those files."""
    values, sources = {}, {}
    for name, families in PRECEDENCE.items():
        for family in families:
            having = [p for p in parts if p.family == family and getattr(p, attr).get(name) is not None]
            if having:
                values[name] = _round(sum(getattr(p, attr)[name] for p in having))
                sources[name] = "; ".join(p.sources.get(_source_field(p, name), p.filename) for p in having)
                break
    return values, sources


def _source_field(part: Part, stage: str) -> str:
    """A funnel stage may come from another total (Google Ads visits are its clicks)."""
    return FUNNEL[part.format_id].get(stage, stage)


def _currency_notes(parts: list[Part]) -> list[Note]:
    currencies = sorted({p.currency for p in parts if p.currency})
    return [Note("kpi.w_currencies", {"currencies": currencies})] if len(currencies) > 1 else []


def combine(reports: list[KpiReport], gross_margin: float | None = None) -> KpiReport:
    """Several files of one business -> one report and one snapshot (sources kept per figure).

    The same export uploaded twice is counted once, and the user is told."""
    parts, seen, repeated = [], set(), []
    for part in (p for r in reports for p in r.parts):
        key = (part.format_id, part.rows, tuple(sorted(part.totals.items())), part.start, part.end)
        if key in seen:
            repeated.append(part.filename)
            continue
        seen.add(key)
        parts.append(part)
    if not parts:
        raise UserFacingError("kpi.no_files")
    report = KpiReport(parts, gross_margin=gross_margin if gross_margin is not None else reports[0].gross_margin)
    if repeated:
        report.notes.append(Note("kpi.w_duplicate_files", {"names": repeated}))
    return report
