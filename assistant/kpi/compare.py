"""Period over period: every KPI and stage rate of this period vs the previous one (and the same month a
year earlier when present), better or worse, overall and by campaign (pure, no text)."""

from dataclasses import asdict, dataclass

from assistant.contracts import STAGES, rate_id
from assistant.kpi.catalog import compute
from assistant.kpi.report import PRECEDENCE

# raw figures a period row may carry (summed when several files cover the same month)
RAW = ("spend", "impressions", "reach", "clicks", "visits", "leads", "results", "conversions", "qualified",
       "customers", "repeat_customers", "orders", "revenue")
LOWER_IS_BETTER = {"cpc", "cpm", "cpl", "cac", "cost_per_message", "cost_per_result", "cancel_rate",
                   "return_rate", "failed_delivery_rate"}
NEUTRAL = {"spend", "impressions", "frequency", "break_even_roas", "repeat_window_days"}
SHOWN = ("spend", "impressions", "reach", "clicks", "ctr", "cpc", "cpm", "visits", "leads", "cpl", "qualified",
         "customers", "cac", "revenue", "aov", "roas", "repeat_rate")
MONEY = {"spend", "cpc", "cpm", "cpl", "cac", "revenue", "aov", "cost_per_result"}
PERCENT = {"ctr", "repeat_rate"}
STEADY = 0.02  # a change under 2 % is "about the same"


@dataclass
class Change:
    """One metric across two periods."""

    metric: str
    kind: str  # "kpi" | "rate"
    previous: float | None
    current: float | None
    change: float | None  # relative to the previous value (0.25 = +25 %)
    verdict: str  # better | worse | same | neutral | unknown

    def to_dict(self) -> dict:
        return {**asdict(self), "unit": unit(self.metric, self.kind)}


def unit(metric: str, kind: str = "kpi") -> str:
    """money | pct | ratio | count: how a value of the metric is shown."""
    if kind == "rate" or metric in PERCENT:
        return "pct"
    return "money" if metric in MONEY else "ratio" if metric == "roas" else "count"


def _num(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def figures(row: dict) -> dict:
    """A period row's raw totals (top level or under `totals`)."""
    source = {**row, **(row.get("totals") or {})}
    out = {k: _num(source.get(k)) for k in RAW}
    if out["leads"] is None and out["results"] is not None:
        out["leads"] = out["results"]
    return {k: v for k, v in out.items() if v is not None}


def stage_rates(totals: dict) -> dict[str, float]:
    """Rates between consecutive known counts (clicks stand for visits when visits are unknown)."""
    counts = {s: totals.get(s) for s in STAGES}
    if counts["visits"] is None and totals.get("clicks") is not None:
        counts["visits"] = totals["clicks"]
    known = [(s, c) for s, c in counts.items() if c is not None]
    return {rate_id(a, b): cb / ca for (a, ca), (b, cb) in zip(known, known[1:]) if ca}


def metrics(totals: dict) -> tuple[dict, dict]:
    """(KPIs, stage rates) of one period's totals."""
    kpis = {k: v for k, v in compute(totals).items() if k in SHOWN and v is not None}
    return kpis, stage_rates(totals)


def _verdict(metric: str, previous: float | None, current: float | None) -> tuple[float | None, str]:
    if previous is None or current is None:
        return None, "unknown"
    change = (current - previous) / abs(previous) if previous else None
    if metric in NEUTRAL:
        return change, "neutral"
    if change is None:
        return None, "same" if current == previous else ("better" if current > previous else "worse")
    if abs(change) < STEADY:
        return change, "same"
    up = change > 0
    return change, "better" if up != (metric in LOWER_IS_BETTER) else "worse"


def compare_totals(previous: dict, current: dict) -> list[Change]:
    """Every KPI and stage rate known in either period."""
    (pk, pr), (ck, cr) = metrics(previous), metrics(current)
    out = []
    for kind, before, after in (("kpi", pk, ck), ("rate", pr, cr)):
        names = [n for n in (SHOWN if kind == "kpi" else list(dict.fromkeys([*before, *after])))
                 if n in before or n in after]
        for name in names:
            change, verdict = _verdict(name, before.get(name), after.get(name))
            out.append(Change(name, kind, before.get(name), after.get(name), change, verdict))
    return out


def _pick(rows: list[dict], families: dict[str, str]) -> dict:
    """One month's totals over several files: each figure from the most trusted kind of file, summed over
    the files of that kind (the rule of the combined report: ad spend over a template's spend)."""
    by_family: dict[str, list[dict]] = {}
    for row in rows:
        by_family.setdefault(families.get(row.get("source") or "", "other"), []).append(figures(row))
    out = {}
    for name in RAW:
        order = [*PRECEDENCE.get(name, ()), *sorted(by_family)]
        for family in dict.fromkeys(order):
            having = [t[name] for t in by_family.get(family, []) if name in t]
            if having:
                out[name] = sum(having)
                break
    return out


def month_rows(breakdowns: dict | None, families: dict[str, str] | None = None) -> list[dict]:
    """[{"key": "YYYY-MM", "totals": {...}}] oldest first: the per-period table of several files, else the
    month breakdown. `families` maps a row's source file to its kind (ads, template, orders…)."""
    breakdowns = breakdowns or {}
    periods = breakdowns.get("period") or []
    if len(periods) >= 2:
        return [{"key": r["key"], "totals": figures(r)} for r in sorted(periods, key=lambda r: r["key"])]
    months: dict[str, list[dict]] = {}
    for row in breakdowns.get("month") or []:
        key = str(row.get("key") or "")
        if len(key) == 7:
            months.setdefault(key, []).append(row)
    return [{"key": k, "totals": _pick(months[k], families or {})} for k in sorted(months)]


def _year_before(key: str) -> str:
    return f"{int(key[:4]) - 1:04d}{key[4:]}" if len(key) == 7 and key[:4].isdigit() else ""


def by_campaign(previous: list[dict], current: list[dict]) -> list[dict]:
    """Cost per result and results of each campaign in both periods (campaigns of either period)."""
    def table(rows):
        out = {}
        for r in rows:
            t = figures(r)
            out.setdefault(str(r.get("key")), {"spend": 0.0, "results": 0.0})
            out[str(r.get("key"))]["spend"] += t.get("spend", 0)
            out[str(r.get("key"))]["results"] += t.get("leads", t.get("conversions", 0))
        return out
    before, after = table(previous), table(current)
    rows = []
    for key in dict.fromkeys([*after, *before]):
        b, a = before.get(key, {}), after.get(key, {})
        cost = {side: (s["spend"] / s["results"] if s.get("results") else None) for side, s in (("b", b), ("a", a))}
        change, verdict = _verdict("cost_per_result", cost["b"], cost["a"])
        rows.append({"key": key, "previous_spend": b.get("spend"), "current_spend": a.get("spend"),
                     "previous_results": b.get("results"), "current_results": a.get("results"),
                     "previous_cost": cost["b"], "current_cost": cost["a"], "change": change, "verdict": verdict})
    return rows


def compare(breakdowns: dict | None, campaigns: dict[str, list[dict]] | None = None,
            families: dict[str, str] | None = None) -> dict | None:
    """The latest period vs the one before (and vs the same month a year earlier when present).

    `campaigns` maps a period key to that period's campaign rows, when the files of each period are known.
    None when fewer than two periods are known."""
    rows = month_rows(breakdowns, families)
    if len(rows) < 2:
        return None
    previous, current = rows[-2], rows[-1]
    year = next((r for r in rows if r["key"] == _year_before(current["key"])), None)
    out = {"current": current["key"], "previous": previous["key"],
           "changes": [c.to_dict() for c in compare_totals(previous["totals"], current["totals"])],
           "year_ago": None, "year_changes": [], "campaigns": [],
           "series": [{"key": r["key"], **{k: v for k, v in zip(("kpis", "rates"), metrics(r["totals"]))}}
                      for r in rows]}
    if year and year is not previous:
        out["year_ago"] = year["key"]
        out["year_changes"] = [c.to_dict() for c in compare_totals(year["totals"], current["totals"])]
    if campaigns and previous["key"] in campaigns and current["key"] in campaigns:
        out["campaigns"] = by_campaign(campaigns[previous["key"]], campaigns[current["key"]])
    out["better"] = [c["metric"] for c in out["changes"] if c["verdict"] == "better"]
    out["worse"] = [c["metric"] for c in out["changes"] if c["verdict"] == "worse"]
    return out


def campaigns_by_period(parts: list) -> dict[str, list[dict]]:
    """Each period's campaign rows, from the files of that period (a file per month, as exported)."""
    from assistant.kpi.period import span_key, span_label

    out: dict[str, list[dict]] = {}
    for part in parts:
        key = span_key(part)
        if key is not None and part.breakdowns.get("campaign"):
            out.setdefault(span_label(key), []).extend(part.breakdowns["campaign"])
    return out


def compare_report(report) -> dict | None:
    """`compare` of a combined KpiReport (its periods, files' kinds and campaigns per period)."""
    families = {p.filename: p.family for p in report.parts}
    return compare(report.breakdowns, campaigns_by_period(report.parts), families)
