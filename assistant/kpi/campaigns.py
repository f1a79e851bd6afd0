"""Campaign and channel efficiency: spend, results, cost per result, share of spend vs share of results,
and flags for what spends with no result and for the most and least efficient (pure, no text)."""

from dataclasses import asdict, dataclass, field

# what a row's "result" is, first found wins: the platform's own results, then the funnel's counts
RESULT_FIELDS = ("results", "leads", "conversions", "customers", "orders")
DIMENSIONS = ("campaign", "channel")


@dataclass
class EfficiencyRow:
    """One campaign or channel; shares are fractions of the table's totals."""

    key: str
    spend: float | None
    results: float | None
    result: str | None  # which field the results are (leads, conversions…)
    cost_per_result: float | None
    spend_share: float | None
    result_share: float | None
    source: str | None = None
    flags: list[str] = field(default_factory=list)  # no_result | most_efficient | least_efficient

    def to_dict(self) -> dict:
        return asdict(self)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _result(row: dict) -> tuple[float | None, str | None]:
    for name in RESULT_FIELDS:
        value = _number(row.get(name))
        if value is not None:
            return value, name
    return None, None


def _merge_same_keys(rows: list[dict]) -> list[dict]:
    """A campaign split over several files of one platform is one campaign."""
    merged: dict[str, dict] = {}
    for row in rows:
        key = str(row.get("key") or "").strip()
        if not key:
            continue
        into = merged.setdefault(key, {"key": key, "source": row.get("source")})
        for name in ("spend", *RESULT_FIELDS):
            value = _number(row.get(name))
            if value is not None:
                into[name] = (into.get(name) or 0) + value
    return list(merged.values())


def efficiency_table(rows: list[dict]) -> list[EfficiencyRow]:
    """Rows by spend (largest first), with shares, cost per result and flags."""
    rows = _merge_same_keys(rows)
    total_spend = sum(_number(r.get("spend")) or 0 for r in rows)
    total_results = sum(_result(r)[0] or 0 for r in rows)
    table = []
    for r in rows:
        spend, (results, result) = _number(r.get("spend")), _result(r)
        cost = spend / results if spend is not None and results else None
        table.append(EfficiencyRow(
            key=r["key"], spend=spend, results=results, result=result, cost_per_result=cost,
            spend_share=spend / total_spend if spend is not None and total_spend else None,
            result_share=results / total_results if results is not None and total_results else None,
            source=r.get("source")))
    _flag(table)
    return sorted(table, key=lambda row: -(row.spend or 0))


def _flag(table: list[EfficiencyRow]) -> None:
    for row in table:
        if (row.spend or 0) > 0 and row.results is not None and row.results == 0:
            row.flags.append("no_result")
    costed = [r for r in table if r.cost_per_result is not None]
    if len(costed) >= 2:
        best = min(costed, key=lambda r: r.cost_per_result)
        worst = max(costed, key=lambda r: r.cost_per_result)
        if best is not worst and best.cost_per_result < worst.cost_per_result:
            best.flags.append("most_efficient")
            worst.flags.append("least_efficient")


def _channel_rows(breakdowns: dict) -> list[dict]:
    """The file's channel breakdown, else one row per ads file (Meta Ads vs Google Ads) when several."""
    if breakdowns.get("channel"):
        return breakdowns["channel"]
    by_file: dict[str, dict] = {}
    for row in breakdowns.get("campaign") or []:
        if row.get("source"):
            into = by_file.setdefault(row["source"], {"key": row["source"]})
            for name in ("spend", *RESULT_FIELDS):
                value = _number(row.get(name))
                if value is not None:
                    into[name] = (into.get(name) or 0) + value
    return list(by_file.values()) if len(by_file) > 1 else []


def efficiency(breakdowns: dict | None) -> dict[str, list[dict]]:
    """{"campaign": [...], "channel": [...]} from a KPI report's breakdowns (empty lists when absent)."""
    breakdowns = breakdowns or {}
    return {"campaign": [r.to_dict() for r in efficiency_table(breakdowns.get("campaign") or [])],
            "channel": [r.to_dict() for r in efficiency_table(_channel_rows(breakdowns))]}


def named(table: dict[str, list[dict]]) -> dict:
    """The campaigns (else channels) the advice should name: spending with no result, best, worst."""
    rows = table.get("campaign") or table.get("channel") or []
    out = {"cut": [r["key"] for r in rows if "no_result" in r["flags"]],
           "cut_spend": sum(r["spend"] or 0 for r in rows if "no_result" in r["flags"]),
           "best": next((r["key"] for r in rows if "most_efficient" in r["flags"]), None),
           "worst": next((r["key"] for r in rows if "least_efficient" in r["flags"]), None)}
    return {k: v for k, v in out.items() if v}
