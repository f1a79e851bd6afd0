"""When an export's figures happened: period columns, dates, month keys, preamble lines; and currency."""

import re
from datetime import date

import polars as pl

from assistant.kpi import formats

_DATE_FORMATS = (("%Y-%m-%d", 10), ("%d/%m/%Y", 10), ("%Y%m%d", 8), ("%d-%m-%Y", 10), ("%Y/%m/%d", 10))
_VI_RANGE = re.compile(r"(\d{1,2}) tháng (\d{1,2}),? (\d{4})")
_EN_RANGE = re.compile(r"([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}),? (\d{4})")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def dates(series: pl.Series) -> pl.Series:
    """Dates from ISO, Vietnamese d/m/Y or compact text; parsed once per distinct value."""
    if series.dtype == pl.Date:
        return series
    text_values = series.cast(pl.String)
    distinct = text_values.drop_nulls().unique()
    stripped = distinct.str.strip_chars()
    parsed = pl.select(pl.coalesce([stripped.str.slice(0, n).str.to_date(fmt, strict=False)
                                    for fmt, n in _DATE_FORMATS])).to_series()
    return text_values.replace_strict(distinct, parsed, default=None, return_dtype=pl.Date)


def _preamble_period(preamble: list[str]) -> tuple[date | None, date | None]:
    """GA4 `# Start date: 20261001` lines, or a Google Ads range `1 tháng 10, 2026 - 31 tháng 10, 2026`."""
    joined = " ".join(preamble)
    start = re.search(r"(?:Start date|Ngày bắt đầu):\s*(\d{8})", joined)
    end = re.search(r"(?:End date|Ngày kết thúc):\s*(\d{8})", joined)
    if start and end:
        return tuple(date(int(m[:4]), int(m[4:6]), int(m[6:])) for m in (start.group(1), end.group(1)))
    found = [date(int(y), int(m), int(d)) for d, m, y in _VI_RANGE.findall(joined)]
    found += [date(int(y), _MONTHS[m], int(d)) for m, d, y in _EN_RANGE.findall(joined) if m in _MONTHS]
    return (min(found), max(found)) if found else (None, None)


def _span(series: pl.Series) -> tuple[date | None, date | None]:
    """First and last date of a column, parsing each distinct value once."""
    days = dates(series.cast(pl.String).drop_nulls().unique()).drop_nulls()
    return (days.min(), days.max()) if days.len() else (None, None)


def period(frame: pl.DataFrame, roles: dict, preamble: list[str]) -> tuple[date | None, date | None]:
    """From the report's own start/end columns, else the dates or months of the rows, else the preamble."""
    if "period_start" in roles:
        start, _ = _span(frame[roles["period_start"]])
        _, end = _span(frame[roles.get("period_end", roles["period_start"])])
        if start:
            return start, end
    if "date" in roles:
        start, end = _span(frame[roles["date"]])
        if start:
            return start, end
    if "month" in roles:
        start, end = _span(frame[roles["month"]].cast(pl.String).str.slice(0, 7) + "-01")
        if start:
            return start, pl.Series([end]).dt.month_end()[0]
    return _preamble_period(preamble)


def currency(frame: pl.DataFrame, rec: formats.Recognition) -> str | None:
    """The currency in the spend header (`(VND)`), else the most common value of a currency column."""
    if rec.currency:
        return rec.currency
    if "currency" in rec.columns:
        values = frame[rec.columns["currency"]].cast(pl.String).drop_nulls().str.strip_chars().str.to_uppercase()
        values = values.filter(values.str.contains(r"^[A-Z]{3}$"))
        return values.mode().sort()[0] if values.len() else None
    return None


def month(frame: pl.DataFrame, roles: dict) -> pl.Series | None:
    """`YYYY-MM` per row, for the breakdown by month."""
    if "month" in roles:
        return frame[roles["month"]].cast(pl.String).str.slice(0, 7)
    if "date" in roles:
        days = frame[roles["date"]].cast(pl.String)
        distinct = days.drop_nulls().unique()
        return days.replace_strict(distinct, dates(distinct).dt.strftime("%Y-%m"), default=None,
                                   return_dtype=pl.String)
    return None


# --- several files: which period a combined snapshot covers -------------------------------------

SPEND_FAMILIES = ("ads",)
SALES_FAMILIES = ("orders", "deals")


def span_key(part) -> tuple[str, str] | None:
    """A file's period as (first month, last month), `YYYY-MM`; None when it has no dates."""
    if part.start is None:
        return None
    end = part.end or part.start
    return part.start.isoformat()[:7], end.isoformat()[:7]


def span_label(key: tuple[str, str]) -> str:
    """'2026-10', or '2026-09 → 2026-11' for a file spanning months."""
    return key[0] if key[0] == key[1] else f"{key[0]} → {key[1]}"


def _covers(key: tuple[str, str], chosen: tuple[str, str]) -> bool:
    return key[0] <= chosen[0] and key[1] >= chosen[1]


def choose(parts: list) -> tuple[list, list, dict[tuple, list]]:
    """The parts a combined snapshot covers (one period: the latest single month, plus files without
    dates and files whose span covers it), the parts left out, and every period's parts."""
    groups: dict[tuple, list] = {}
    for part in parts:
        key = span_key(part)
        if key is not None:
            groups.setdefault(key, []).append(part)
    if len(groups) <= 1:
        return parts, [], groups
    months = [k for k in groups if k[0] == k[1]] or list(groups)
    chosen = max(months, key=lambda k: (k[1], k[0]))
    current = [p for p in parts if span_key(p) is None or _covers(span_key(p), chosen)]
    return current, [p for p in parts if p not in current], groups


def mismatch(parts: list) -> tuple[str, str] | None:
    """The spend's and the sales' periods, when the files of each disagree."""
    def spans(families):
        return {span_key(p) for p in parts if p.family in families and span_key(p)}
    spend, sales = spans(SPEND_FAMILIES), spans(SALES_FAMILIES)
    if not spend or not sales or spend == sales:
        return None
    return "; ".join(map(span_label, sorted(spend))), "; ".join(map(span_label, sorted(sales)))


def days(parts: list, families: tuple) -> int | None:
    """Days covered by the files of these families (first to last date), None without dates."""
    starts = [p.start for p in parts if p.family in families and p.start]
    ends = [p.end or p.start for p in parts if p.family in families and p.start]
    return (max(ends) - min(starts)).days + 1 if starts else None
