"""From a recognised table to canonical figures: per-row values, totals, breakdowns, period."""

import re
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from assistant.core.errors import UserFacingError
from assistant.core.templates import text
from assistant.kpi import formats
from assistant.kpi.numbers import ColumnFormat, parse_column
from assistant.kpi.tables import Table

FIELDS = ("spend", "impressions", "reach", "clicks", "visits", "leads", "qualified", "customers",
          "repeat_customers", "orders", "revenue", "conversions")
NUMERIC_ROLES = FIELDS + ("messages", "form_leads", "results", "amount")
MONEY_ROLES = ("spend", "revenue", "amount")
DIMS = ("campaign", "channel", "month")
MAX_BREAKDOWN_ROWS = 100
# Which funnel stage each format feeds, from which total (DESIGN.md stages).
FUNNEL = {
    "meta_ads": {"reach": "reach", "leads": "leads"},
    "google_ads": {"visits": "clicks", "leads": "conversions"},
    "ga4": {"visits": "visits"},
    "hubspot_contacts": {"leads": "leads", "qualified": "qualified", "customers": "customers"},
    "hubspot_deals": {"qualified": "qualified", "customers": "customers"},
    "orders": {"customers": "customers", "repeat_customers": "repeat_customers"},
    "template": {s: s for s in ("reach", "visits", "leads", "qualified", "customers", "repeat_customers")},
}
# Roles whose columns a total comes from, to name its source.
FEEDS = {
    "leads": ("leads", "messages", "form_leads", "results", "result_type", "stage"),
    "qualified": ("qualified", "stage", "deal_stage"),
    "customers": ("customers", "stage", "deal_stage", "phone", "email", "customer", "status"),
    "repeat_customers": ("repeat_customers", "phone", "email", "customer", "status"),
    "orders": ("orders", "order_id", "status"),
    "revenue": ("revenue", "amount", "deal_stage", "status"),
}
_TOTAL_ROW = r"(?i)^\s*(tổng cộng|tổng|grand total|total)\s*(:|$)"
_DATE_FORMATS = (("%Y-%m-%d", 10), ("%d/%m/%Y", 10), ("%Y%m%d", 8), ("%d-%m-%Y", 10), ("%Y/%m/%d", 10))
_VI_RANGE = re.compile(r"(\d{1,2}) tháng (\d{1,2}),? (\d{4})")
_EN_RANGE = re.compile(r"([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}),? (\d{4})")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@dataclass
class Note:
    """A warning kept as a message key, rendered in the reader's language when shown."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "vi") -> str:
        return text(self.key, lang, **self.params)


@dataclass
class Part:
    """What one file says: its totals, funnel stages, breakdowns and where each figure came from."""

    filename: str
    format_id: str
    label: str
    family: str
    rows: int
    currency: str | None
    start: date | None
    end: date | None
    totals: dict
    funnel: dict
    sources: dict
    breakdowns: dict
    notes: list[Note]
    message_spend: float | None = None
    messages: float | None = None


def _flag(series: pl.Series, allowed: set[str], contains: bool = False) -> pl.Series:
    """True where a text value (compared normalised) is in `allowed` (or contains one of them)."""
    mapping = {}
    for value in series.drop_nulls().unique().to_list():
        key = formats.norm(value)
        mapping[value] = any(a in key for a in allowed) if contains else key in allowed
    return series.replace_strict(mapping, default=False, return_dtype=pl.Boolean).fill_null(False)


def _format_notes(column: str, fmt: ColumnFormat, settled: set[str]) -> list[Note]:
    """Tell the user when a column's number style was a guess, or held non-numbers."""
    notes = []
    if fmt.ambiguous and settled != {fmt.style}:
        read_as = parse_column(pl.Series([fmt.example]), fmt.style)[0][0]
        notes.append(Note("kpi.w_ambiguous", {"column": column, "example": fmt.example, "value": read_as,
                                              "style": fmt.style}))
    if fmt.mixed:
        notes.append(Note("kpi.w_mixed", {"column": column}))
    if fmt.not_numbers:
        notes.append(Note("kpi.w_not_numbers", {"column": column, "count": fmt.not_numbers, "example": fmt.example}))
    return notes


def _needed(rec: formats.Recognition) -> dict[str, str]:
    """Roles worth loading: Meta's results columns only matter without message/lead columns."""
    roles = dict(rec.columns)
    if "messages" in roles or "form_leads" in roles:
        roles.pop("results", None)
        roles.pop("result_type", None)
    return roles


def _integral(role: str, currency: str | None) -> bool:
    """Counts have no fractions, nor has the đồng: their `1,403` or `5.857` can only be thousands."""
    if role in MONEY_ROLES:
        return currency in (None, "VND")
    return role != "conversions"


def _plain_integers(sample: pl.DataFrame, columns: list[str]) -> tuple:
    """Columns whose sampled values are all plain integers (polars can parse those while reading)."""
    def plain(c):
        values = sample[c]
        return values.dtype == pl.String and values.null_count() < len(values) and \
            values.cast(pl.Int64, strict=False).null_count() == values.null_count()
    return tuple(c for c in columns if plain(c))


def _settled_styles(sample: pl.DataFrame, default_style: str) -> set[str]:
    """Styles that some column of the file proves (e.g. a `1.40` frequency makes it a dot-decimal file)."""
    found = (parse_column(sample[c], default_style)[1] for c in sample.columns if sample.schema[c] == pl.String)
    return {f.style for f in found if f.decided}


def _drop_total_rows(frame: pl.DataFrame, columns: list[str]) -> tuple[pl.DataFrame, int]:
    """Rows such as `Tổng: Tài khoản` or `Grand total` would count everything twice."""
    totals = pl.Series([False] * frame.height)
    for c in dict.fromkeys(columns):
        if c and frame.schema[c] == pl.String:
            distinct = frame[c].drop_nulls().unique()  # a big export repeats a few names
            labels = distinct.filter(distinct.str.contains(_TOTAL_ROW))
            if labels.len():
                totals = totals | frame[c].is_in(labels.implode()).fill_null(False)
    kept = frame.filter(~totals) if totals.any() else frame
    return kept, frame.height - kept.height


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
    joined = " ".join(preamble)
    start = re.search(r"Start date:\s*(\d{8})", joined)
    end = re.search(r"End date:\s*(\d{8})", joined)
    if start and end:
        return tuple(date(int(m[:4]), int(m[4:6]), int(m[6:])) for m in (start.group(1), end.group(1)))
    found = [date(int(y), int(m), int(d)) for d, m, y in _VI_RANGE.findall(joined)]
    found += [date(int(y), _MONTHS[m], int(d)) for m, d, y in _EN_RANGE.findall(joined) if m in _MONTHS]
    return (min(found), max(found)) if found else (None, None)


def _period(frame: pl.DataFrame, roles: dict, preamble: list[str]) -> tuple[date | None, date | None]:
    if "period_start" in roles:
        starts = dates(frame[roles["period_start"]])
        ends = dates(frame[roles.get("period_end", roles["period_start"])])
        if starts.drop_nulls().len():
            return starts.min(), ends.max()
    if "date" in roles:
        days = dates(frame[roles["date"]])
        if days.drop_nulls().len():
            return days.min(), days.max()
    if "month" in roles:
        months = dates(frame[roles["month"]].cast(pl.String).str.slice(0, 7) + "-01")
        if months.drop_nulls().len():
            return months.min(), pl.Series([months.max()]).dt.month_end()[0]
    return _preamble_period(preamble)


def _currency(frame: pl.DataFrame, rec: formats.Recognition) -> str | None:
    if rec.currency:
        return rec.currency
    if "currency" in rec.columns:
        values = frame[rec.columns["currency"]].drop_nulls().str.strip_chars().str.to_uppercase()
        values = values.filter(values.str.contains(r"^[A-Z]{3}$"))
        return values.mode().sort()[0] if values.len() else None
    return None


def _month(frame: pl.DataFrame, roles: dict) -> pl.Series | None:
    if "month" in roles:
        return frame[roles["month"]].cast(pl.String).str.slice(0, 7)
    if "date" in roles:
        days = frame[roles["date"]].cast(pl.String)
        distinct = days.drop_nulls().unique()
        return days.replace_strict(distinct, dates(distinct).dt.strftime("%Y-%m"), default=None,
                                   return_dtype=pl.String)
    return None


def _known_sum(*series: pl.Series) -> pl.Series:
    """Row-wise sum ignoring unknowns, unknown only when every part is unknown."""
    frame = pl.DataFrame({str(i): s for i, s in enumerate(series)})
    cols = [pl.col(c) for c in frame.columns]
    return frame.select(pl.when(pl.any_horizontal([c.is_not_null() for c in cols]))
                        .then(pl.sum_horizontal(cols))).to_series()


def _meta_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    out = {f: nums[f] for f in ("spend", "impressions", "reach", "clicks", "revenue", "conversions") if f in nums}
    messages, form_leads = nums.get("messages"), nums.get("form_leads")
    if messages is None and form_leads is None and "results" in nums and "result_type" in roles:
        kind = frame[roles["result_type"]]
        is_message = _flag(kind, formats.value_set("messaging"), contains=True)
        is_lead = _flag(kind, formats.value_set("lead_result"), contains=True) & ~is_message
        messages = pl.select(pl.when(is_message).then(nums["results"])).to_series()
        form_leads = pl.select(pl.when(is_lead).then(nums["results"])).to_series()
    parts = [s for s in (messages, form_leads) if s is not None]
    if parts:
        out["leads"] = _known_sum(*parts)
    if messages is not None and "spend" in nums:
        out["_messages"] = messages
        out["_message_spend"] = pl.select(pl.when(messages > 0).then(nums["spend"])).to_series()
    return out


def _simple_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    return {f: nums[f] for f in FIELDS if f in nums}


def _as_count(flag: pl.Series) -> pl.Series:
    return flag.cast(pl.Float64)


def _contacts_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    ranks = formats.lifecycle_ranks()
    stage = frame[roles["stage"]]
    rank = stage.replace_strict({v: ranks.get(formats.norm(v)) for v in stage.drop_nulls().unique().to_list()},
                                default=None, return_dtype=pl.String)
    return {
        "leads": _as_count(rank.is_in(["lead", "qualified", "customer"]).fill_null(False)),
        "qualified": _as_count(rank.is_in(["qualified", "customer"]).fill_null(False)),
        "customers": _as_count((rank == "customer").fill_null(False)),
    }


def _deals_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    won = _flag(frame[roles["deal_stage"]], formats.value_set("deal_won"))
    out = {"qualified": pl.Series([1.0] * frame.height), "customers": _as_count(won)}
    if "amount" in nums:
        out["revenue"] = pl.select(pl.when(won).then(nums["amount"].fill_null(0))).to_series()
    return out


def _customer_key(frame: pl.DataFrame, roles: dict) -> pl.Series:
    """Phone, else e-mail, else name: who the order belongs to."""
    keys = []
    if "phone" in roles:
        # the last 9 digits: 0942…, +84 942… and a number cell that lost its leading 0 are one person
        digits = frame[roles["phone"]].cast(pl.String).str.replace_all(r"\D", "")
        keys.append(pl.select(pl.when(digits.str.len_chars() >= 9).then("p" + digits.str.slice(-9))).to_series())
    if "email" in roles:
        keys.append("e" + frame[roles["email"]].cast(pl.String).str.strip_chars().str.to_lowercase())
    if "customer" in roles:
        keys.append("n" + frame[roles["customer"]].cast(pl.String).str.strip_chars().str.to_lowercase())
    if not keys:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return pl.select(pl.coalesce(keys)).to_series()


def _orders_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    done = (_flag(frame[roles["status"]], formats.value_set("order_done")) if "status" in roles
            else pl.Series([True] * frame.height))
    key = _customer_key(frame, roles)
    nth = pl.DataFrame({"k": pl.select(pl.when(done).then(key)).to_series()}).with_row_index("i").select(
        pl.when(pl.col("k").is_not_null()).then(pl.col("i").rank("ordinal").over("k"))).to_series()
    return {
        "orders": _as_count(done),
        "revenue": pl.select(pl.when(done).then(nums["amount"])).to_series(),
        "customers": _as_count((nth == 1).fill_null(False)),
        "repeat_customers": _as_count((nth == 2).fill_null(False)),
        "_excluded": _as_count(~done),
    }


BUILDERS = {
    "meta_ads": _meta_rows, "google_ads": _simple_rows, "ga4": _simple_rows, "template": _simple_rows,
    "hubspot_contacts": _contacts_rows, "hubspot_deals": _deals_rows, "orders": _orders_rows,
}


def _sums(columns: list[str]) -> list[pl.Expr]:
    """Sums that stay unknown (null) when every value is unknown."""
    return [pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c) for c in columns]


def _clean(row: dict) -> dict:
    return {k: (None if v is None else (int(v) if float(v).is_integer() else round(v, 6)))
            for k, v in row.items()}


def _breakdowns(rows: pl.DataFrame, fields: list[str]) -> dict:
    from assistant.kpi.catalog import compute

    out = {}
    order = next((f for f in ("spend", "revenue", "leads", "visits", "orders") if f in fields), None)
    for dim in DIMS:
        if dim not in rows.columns or rows[dim].drop_nulls().n_unique() == 0:
            continue
        grouped = rows.group_by(dim).agg(_sums(fields)).drop_nulls(dim)
        grouped = grouped.sort(dim) if dim == "month" or order is None else grouped.sort(order, descending=True, nulls_last=True)
        out[dim] = [
            {"key": r[dim], **_clean({f: r[f] for f in fields}),
             "kpis": {k: round(v, 6) for k, v in compute(r).items() if v is not None and k not in fields}}
            for r in grouped.head(MAX_BREAKDOWN_ROWS).iter_rows(named=True)
        ]
    return out


def _sources(filename: str, roles: dict, fields: list[str]) -> dict:
    sources = {}
    for f in fields:
        headers = [roles[r] for r in FEEDS.get(f, (f,)) if r in roles]
        sources[f] = f"{filename}: {', '.join(headers)}" if headers else filename
    return sources


def extract(table: Table, rec: formats.Recognition, filename: str, default_style: str) -> Part:
    """Read the needed columns, parse numbers, drop total rows, and sum into a `Part`."""
    roles = _needed(rec)
    sample = table.sample
    columns = list(dict.fromkeys([*roles.values(), table.headers[0]]))
    frame = table.load(columns, ints=_plain_integers(sample, [roles[r] for r in NUMERIC_ROLES if r in roles]))
    if frame.height == 0:
        raise UserFacingError("kpi.header_only", name=filename, columns=table.headers)
    frame, dropped = _drop_total_rows(frame, [table.headers[0], roles.get("campaign"), roles.get("channel")])
    notes = [Note("kpi.w_total_rows", {"count": dropped})] if dropped else []
    nums, fmts, currency = {}, {}, _currency(frame, rec)
    for role in NUMERIC_ROLES:
        if role in roles:
            nums[role], fmts[roles[role]] = parse_column(frame[roles[role]], default_style, _integral(role, currency))
    settled = _settled_styles(sample, default_style)
    for column, fmt in fmts.items():
        notes += _format_notes(column, fmt, settled)
    per_row = BUILDERS[rec.format_id](frame, roles, nums)
    fields = [f for f in FIELDS if f in per_row]
    rows = pl.DataFrame({k: v.cast(pl.Float64) for k, v in per_row.items()})
    for dim in DIMS:
        values = _month(frame, roles) if dim == "month" else (frame[roles[dim]] if dim in roles else None)
        if values is not None:
            rows = rows.with_columns(values.cast(pl.String).alias(dim))
    sums = _clean(rows.select(_sums([c for c in per_row])).row(0, named=True))
    totals = {f: sums[f] for f in fields}
    notes += _family_notes(rec, frame, roles, sums, table)
    start, end = _period(frame, roles, table.preamble)
    return Part(
        filename=filename, format_id=rec.format_id, label=rec.label, family=rec.family, rows=frame.height,
        currency=currency, start=start, end=end, totals=totals,
        funnel={stage: totals.get(f) for stage, f in FUNNEL[rec.format_id].items() if totals.get(f) is not None},
        sources=_sources(filename, roles, fields), breakdowns=_breakdowns(rows, fields), notes=notes,
        message_spend=sums.get("_message_spend"), messages=sums.get("_messages"),
    )


def _family_notes(rec, frame: pl.DataFrame, roles: dict, sums: dict, table: Table) -> list[Note]:
    notes = []
    if table.extra_tables:
        notes.append(Note("kpi.w_extra_tables"))
    if rec.format_id == "meta_ads" and "reach" in roles and "date" in roles and frame[roles["date"]].n_unique() > 1:
        notes.append(Note("kpi.w_reach_summed"))
    if rec.format_id == "google_ads" and sums.get("conversions") is not None:
        notes.append(Note("kpi.w_conversions_as_leads"))
    if sums.get("_excluded"):
        notes.append(Note("kpi.w_orders_excluded", {"count": sums["_excluded"]}))
    return notes
