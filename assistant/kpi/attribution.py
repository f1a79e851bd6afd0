"""Customers by source: an ad platform's customers set against its own spend and leads, the rest apart."""

from assistant.kpi import formats
from assistant.kpi.model import Part


def _ad_parts(parts: list[Part]) -> dict[str, list[Part]]:
    out: dict[str, list[Part]] = {}
    for part in parts:
        if part.family == "ads" and part.totals.get("spend") is not None:
            out.setdefault(part.format_id, []).append(part)
    return out


def split(parts: list[Part], customer_family: str | None) -> tuple[dict | None, list[dict]]:
    """({platform: customers} attributed, the table by source) when the customers' file has a source
    column naming an advertised platform; (None, []) otherwise."""
    ads = _ad_parts(parts)
    sources = [p for p in parts if p.family == customer_family and p.breakdowns.get("channel")]
    if not ads or not sources:
        return None, []
    rows: dict[str, dict] = {}
    for part in sources:
        for r in part.breakdowns["channel"]:
            platform = formats.channel_platform(str(r["key"]))
            key = platform if platform in ads else "other"
            row = rows.setdefault(key, {"key": key, "customers": 0, "revenue": 0, "sources": []})
            row["customers"] += r.get("customers") or 0
            row["revenue"] += r.get("revenue") or 0
            row["sources"].append(r["key"])
    if not any(k in ads for k in rows):
        return None, []
    for key, row in rows.items():
        if key in ads:
            _with_spend(row, ads[key])
    table = sorted(rows.values(), key=lambda r: (r["key"] == "other", -(r.get("spend") or 0)))
    return {k: r["customers"] for k, r in rows.items() if k in ads}, table


def _with_spend(row: dict, parts: list[Part]) -> None:
    """An advertised channel's row: its spend and leads, CAC and ROAS on its own customers."""
    spend = sum(p.totals.get("spend") or 0 for p in parts)
    leads = [p.totals["leads"] for p in parts if p.totals.get("leads") is not None]
    row.update(spend=spend, leads=sum(leads) if leads else None)
    row["kpis"] = {"cac": spend / row["customers"] if row["customers"] else None,
                   "roas": row["revenue"] / spend if spend else None,
                   "lead_to_customer": row["customers"] / row["leads"] if row.get("leads") else None}
