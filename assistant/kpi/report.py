"""`KpiReport`: one or several files combined into totals, KPIs and one funnel `Snapshot`."""

from dataclasses import dataclass, field

from assistant.contracts import STAGES, Funnel, Period, Snapshot
from assistant.core.errors import UserFacingError
from assistant.kpi import attribution, money
from assistant.kpi import period as periods
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

# Figures two kinds of file both claim to count (the ad platform's clicks are no sessions, its
# attributed revenue no sales: those differ by nature and are not compared).
COMPARED = {
    "spend": ("ads", "template"),
    "leads": ("contacts", "template", "ads"),
    "qualified": ("contacts", "deals", "template"),
    "customers": ("orders", "deals", "contacts", "template"),
    "revenue": ("orders", "deals", "template", "analytics"),
}
# Two tools rarely count the same thing to the unit (time zones, attribution windows): within 5 %
# two files agree.
FILES_TOLERANCE = 0.05


@dataclass
class KpiReport:
    """What the user uploaded, read and summed; `to_dict()` is the `growthdoc kpi --json` shape."""

    parts: list[Part]
    gross_margin: float | None = None
    totals: dict = field(init=False)
    funnel: dict = field(init=False)
    sources: dict = field(init=False)
    notes: list[Note] = field(init=False)
    counts: dict = field(init=False)  # order outcomes, deals by state: summed over the files that have them
    current: list[Part] = field(init=False)  # the files of the one period the figures cover
    attribution: list[dict] = field(init=False)
    disagreements: list[dict] = field(init=False)  # two kinds of file count one figure differently

    def __post_init__(self):
        self.current, left_out, groups = periods.choose(self.parts)
        self.totals, self.sources = _pick(self.current, "totals")
        self.funnel, funnel_sources = _pick(self.current, "funnel")
        self.sources = {**self.sources, **funnel_sources}
        self.counts = _counts(self.current)
        self.notes = [n for p in self.parts for n in p.notes] + _currency_notes(self.parts)
        self.notes += _period_notes(self.current, left_out, groups)
        self._attribute()
        self._unit_notes()
        self.disagreements = _disagreements(self.current, {**self.totals, **self.funnel}, self.sources)
        self.notes += [Note("kpi.w_files_disagree", d) for d in self.disagreements]
        self._groups = groups if len(groups) > 1 else {}

    def _attribute(self) -> None:
        """Customers split by source when the customers' file names an advertised channel."""
        family = _winner(self.current, "customers", "funnel")
        attributed, self.attribution = attribution.split(self.current, family)
        if attributed is None:
            return
        other = sum(r["customers"] for r in self.attribution if r["key"] == "other")
        self.funnel["customers"] = sum(attributed.values())
        self.notes.append(Note("kpi.w_attribution", {"channels": [_LABELS.get(k, k) for k in attributed],
                                                       "other_customers": other}))

    def _unit_notes(self) -> None:
        """LTV on revenue when the margin is unknown; the repeat rate's window."""
        kpis = self.kpis
        if kpis.get("ltv") is not None and not self.gross_margin:
            self.notes.append(Note("kpi.w_ltv_on_revenue"))
        if kpis.get("repeat_rate") is not None and kpis.get("repeat_window_days"):
            self.notes.append(Note("kpi.w_repeat_window", {"days": kpis["repeat_window_days"]}))

    @property
    def repeat_window_days(self) -> int | None:
        """Days of the orders the repeat rate comes from (a month's repeat rate is no retention rate)."""
        return periods.days(self.current, ("orders",)) if self.totals.get("repeat_customers") is not None else None

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
        starts = [p.start for p in self.current if p.start]
        ends = [p.end for p in self.current if p.end]
        return Period(start=min(starts) if starts else None, end=max(ends) if ends else None)

    @property
    def message_leads(self) -> bool:
        """True when every lead is a Messenger conversation: CPL then means cost per message."""
        messages = sum(p.messages or 0 for p in self.current)
        return bool(messages) and messages == self.totals.get("leads")

    @property
    def kpis(self) -> dict:
        message_spend = sum(p.message_spend or 0 for p in self.current) or None
        messages = sum(p.messages or 0 for p in self.current) or None
        # the funnel view: Google Ads clicks are visits, conversions leads, closed deals the qualified
        figures = {**self.totals, **self.funnel, **self.counts, "repeat_window_days": self.repeat_window_days}
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
            conflicts=[{"kind": "files", "unit": "money" if d["field"] in ("spend", "revenue") else "count",
                        "kept": None, **d} for d in self.disagreements],
        )

    @property
    def breakdowns(self) -> dict:
        if len(self.parts) == 1:
            return self.parts[0].breakdowns
        merged: dict[str, list] = {}
        for part in self.parts:
            for dim, rows in part.breakdowns.items():
                merged.setdefault(dim, []).extend({**r, "source": part.filename} for r in rows)
        if self.attribution:
            merged["attribution"] = self.attribution
        if self._groups:
            merged["period"] = [_period_row(key, parts, self.gross_margin) for key, parts in sorted(self._groups.items())]
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

    def kept(self) -> dict:
        """`to_dict()` with its warnings kept as keys too, to word them later in the reader's language."""
        return {**self.to_dict(), "notes": [{"key": n.key, "params": n.params} for n in self.notes]}


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


def _disagreements(parts: list[Part], used: dict, sources: dict) -> list[dict]:
    """Each figure two kinds of file count differently (beyond FILES_TOLERANCE): the one used, the other.

    The figure used is the most trusted kind's (PRECEDENCE); the owner is asked which to keep."""
    out = []
    for name, families in COMPARED.items():
        value = used.get(name)
        if value is None:
            continue
        winner = _winner(parts, name, "funnel" if name in STAGES else "totals")
        for family in families:
            attr = "funnel" if name in STAGES else "totals"
            having = [p for p in parts if p.family == family and getattr(p, attr).get(name) is not None]
            if family == winner or not having:
                continue
            other = _round(sum(getattr(p, attr)[name] for p in having))
            if abs(other - value) > FILES_TOLERANCE * max(abs(other), abs(value)):
                out.append({"field": name, "value": value, "source": sources.get(name, ""), "other": other,
                            "other_source": "; ".join(p.sources.get(_source_field(p, name), p.filename)
                                                      for p in having)})
                break  # one question per figure: the next most trusted file that disagrees
    return out


def _winner(parts: list[Part], name: str, attr: str) -> str | None:
    """The kind of file a figure is taken from (see PRECEDENCE)."""
    return next((f for f in PRECEDENCE[name] if any(p.family == f and getattr(p, attr).get(name) is not None
                                                    for p in parts)), None)


def _counts(parts: list[Part]) -> dict:
    """Figures beside the funnel (order outcomes, deals by state), summed over the files having them."""
    out: dict = {}
    for part in parts:
        for name, value in part.counts.items():
            out[name] = _round((out.get(name) or 0) + value) if value is not None else out.get(name)
    return out


def _period_notes(current: list[Part], left_out: list[Part], groups: dict) -> list[Note]:
    """Several periods are never summed; spend and sales of different periods are said to differ."""
    notes = []
    if left_out:
        chosen = periods.span_key(next(p for p in current if periods.span_key(p)))
        notes.append(Note("kpi.w_periods", {"periods": [periods.span_label(k) for k in sorted(groups)],
                                            "chosen": periods.span_label(chosen),
                                            "left_out": [p.filename for p in left_out]}))
    differ = periods.mismatch(current)
    if differ:
        notes.append(Note("kpi.w_period_mismatch", {"spend": differ[0], "sales": differ[1]}))
    return notes


def _period_row(key: tuple, parts: list[Part], gross_margin: float | None) -> dict:
    """One row of the per-period table: that period's files, totals and KPIs."""
    report = KpiReport(parts, gross_margin=gross_margin)
    return {"key": periods.span_label(key), "files": [p.filename for p in parts],
            "totals": {f: report.totals[f] for f in FIELDS if f in report.totals},
            "kpis": {k: v for k, v in report.kpis.items() if v is not None}}


_LABELS = {"meta_ads": "Meta Ads", "google_ads": "Google Ads"}


def _source_field(part: Part, stage: str) -> str:
    """A funnel stage may come from another total (Google Ads visits are its clicks)."""
    return FUNNEL[part.format_id].get(stage, stage)


def _currency_notes(parts: list[Part]) -> list[Note]:
    currencies = sorted({p.currency for p in parts if p.currency})
    return [Note("kpi.w_currencies", {"currencies": currencies})] if len(currencies) > 1 else []


def combine(reports: list[KpiReport], gross_margin: float | None = None, rates: dict[str, float] | None = None,
            currency: str | None = None) -> KpiReport:
    """Several files of one business -> one report and one snapshot (sources kept per figure).

    The same export uploaded twice is counted once, and the user is told. Files in another currency
    are converted at `rates` (currency -> its value in `currency`, default VND) or refused by name;
    files of different periods are not summed (the snapshot covers one, the rest a per-period table)."""
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
    parts = money.unify(parts, rates, currency)
    report = KpiReport(parts, gross_margin=gross_margin if gross_margin is not None else reports[0].gross_margin)
    if repeated:
        report.notes.append(Note("kpi.w_duplicate_files", {"names": repeated}))
    return report
