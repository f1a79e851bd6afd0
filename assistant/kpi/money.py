"""Files in several currencies: converted at a given rate (and said so), or refused; never summed as is."""

import re
from dataclasses import replace

from assistant.core.errors import UserFacingError
from assistant.kpi.model import Note, Part

DEFAULT_CURRENCY = "VND"  # a file that states no currency (an orders export of a Vietnamese shop)
MONEY_TOTALS = ("spend", "revenue")
MONEY_COUNTS = ("gross_revenue", "open_pipeline_value")
MONEY_FIELDS = ("spend", "revenue", "amount")
MONEY_KPIS = ("cpc", "cpm", "cpl", "cost_per_message", "cac", "aov", "ltv")


def currency_of(part: Part) -> str:
    return part.currency or DEFAULT_CURRENCY


def _has_money(part: Part) -> bool:
    return any(part.totals.get(f) is not None for f in MONEY_TOTALS) or \
        any(part.counts.get(f) is not None for f in MONEY_COUNTS)


def unify(parts: list[Part], rates: dict[str, float] | None = None, target: str | None = None) -> list[Part]:
    """Every part's money in one currency: `rates` maps a currency to its value in `target` (default:
    VND when a file is in VND, else the first currency). A file with no rate is refused, by name."""
    rates = {k.upper(): float(v) for k, v in (rates or {}).items()}
    currencies = sorted({currency_of(p) for p in parts if _has_money(p)})
    target = (target or (DEFAULT_CURRENCY if DEFAULT_CURRENCY in currencies or not currencies else currencies[0])).upper()
    foreign = [p for p in parts if _has_money(p) and currency_of(p) != target]
    if not foreign:
        return parts
    missing = [p.filename for p in foreign if currency_of(p) not in rates]
    if missing:
        raise UserFacingError("kpi.mixed_currencies", status=422, files=missing,
                              currencies=sorted({*currencies, target}), target=target)
    return [convert(p, rates[currency_of(p)], target) if p in foreign else p for p in parts]


def convert(part: Part, rate: float, target: str) -> Part:
    """A copy of the part with its money multiplied by `rate`, the conversion kept and said."""
    def scaled(figures: dict, names) -> dict:
        return {k: (v * rate if k in names and v is not None else v) for k, v in figures.items()}

    def row(r: dict) -> dict:
        return {**scaled(r, MONEY_FIELDS), "kpis": scaled(r.get("kpis", {}), MONEY_KPIS)} if "kpis" in r else \
            scaled(r, MONEY_FIELDS)

    source = currency_of(part)
    return replace(
        part, currency=target, totals=scaled(part.totals, MONEY_TOTALS), counts=scaled(part.counts, MONEY_COUNTS),
        breakdowns={dim: [row(r) for r in rows] for dim, rows in part.breakdowns.items()},
        message_spend=part.message_spend * rate if part.message_spend is not None else None,
        conversion={"from": source, "to": target, "rate": rate},
        notes=[*part.notes, Note("kpi.w_converted", {"name": part.filename, "source": source, "target": target,
                                                      "rate": rate})],
    )


def parse_rates(given: list[str]) -> dict[str, float]:
    """`["USD=25400"]` (also "25,400" or "25.400") -> {"USD": 25400.0}; a clear error for anything else."""
    out = {}
    for item in given:
        code, _, value = item.partition("=")
        digits = value.strip().replace(",", "") if "," in value else value.strip()
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):  # Vietnamese grouping: 25.400
            digits = digits.replace(".", "")
        try:
            rate = float(digits)
        except ValueError:
            rate = 0.0
        if not code.strip().isalpha() or not 0 < rate < 1e9:
            raise UserFacingError("kpi.bad_rate", value=item)
        out[code.strip().upper()] = rate
    return out
