"""From a recognised table to one `Part`: numbers parsed, total rows dropped, sums and breakdowns."""

import polars as pl

from assistant.contracts import STAGES
from assistant.core.errors import UserFacingError
from assistant.kpi import formats, orders, period
from assistant.kpi.model import Note, Part
from assistant.kpi.numbers import ColumnFormat, lazy_parse, lazy_ready, parse_column
from assistant.kpi.rows import BUILDERS, FIELDS
from assistant.kpi.tables import Table

NUMERIC_ROLES = FIELDS + ("messages", "form_leads", "results", "amount", "line_amount", "quantity")
MONEY_ROLES = ("spend", "revenue", "amount", "line_amount")
ADDITIVE = ("ads", "analytics", "template")  # families whose figures are sums of their numeric columns
# Breakdown dimension -> the role whose column it groups by (month: from the dates).
DIMS = {"campaign": "campaign", "channel": "channel", "month": None, "result_type": "result_type",
        "pipeline": "pipeline", "deal_stage": "deal_stage", "lifecycle": "stage"}
SUMMARY_DIMS = ("campaign", "ad_set", "ad")  # blank in the summary row Ads Manager writes when asked
# Read for the summary row alone: a pre-summing scan keeps whether each is blank (a Boolean column),
# not the name, so a million rows are grouped by campaign and day, not also by every ad set.
BLANK_ONLY = ("ad_set", "ad")
# Per-row figures shown in breakdowns beside the funnel fields, by their public name.
BREAKDOWN_EXTRA = {"_results": "results", "_amount": "amount"}
# Per-row figures kept as a file's counts (`Part.counts`): order outcomes, deals by state.
COUNTS = {"_placed": "orders_placed", "_gross": "gross_revenue", "_cancelled": "cancelled_orders",
          "_returned": "returned_orders", "_failed": "failed_orders", "_items": "items", "_quantity": "quantity",
          "_won": "won_deals", "_lost": "lost_deals", "_open": "open_deals", "_open_value": "open_pipeline_value"}
MAX_BREAKDOWN_ROWS = 100
# Which funnel stage each format feeds, from which total (DESIGN.md stages).
FUNNEL = {
    "meta_ads": {"reach": "reach", "leads": "leads"},
    "google_ads": {"visits": "clicks", "leads": "conversions"},
    "ga4": {"visits": "visits"},
    "hubspot_contacts": {"leads": "leads", "qualified": "qualified", "customers": "customers"},
    "hubspot_deals": {"qualified": "qualified", "customers": "customers"},
    "orders": {"customers": "customers", "repeat_customers": "repeat_customers"},
    "template": {s: s for s in STAGES},
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
    """Roles worth loading (all of them: Meta's results also feed the breakdown by result type)."""
    return dict(rec.columns)


def _integral(role: str, currency: str | None) -> bool:
    """Counts have no fractions, nor has the đồng: their `1,403` or `5.857` can only be thousands."""
    if role in MONEY_ROLES:
        return currency in (None, "VND")
    return role != "conversions"


def _load(table: Table, rec: formats.Recognition, roles: dict, style: str) -> tuple[pl.DataFrame, dict]:
    """The needed columns, and the number formats already decided (column -> ColumnFormat).

    For an additive export (ads, analytics, template) rows are summed while scanning, per distinct
    combination of its text columns (`_n` counts the rows): a million-row ad export never sits in
    memory and every later step sees a few hundred rows. Plain integers are parsed by the reader;
    numbers such as `1,234` are parsed in the style their sample shows, and if any later value does
    not fit that style the file is read again the careful way (every column as text)."""
    columns = list(dict.fromkeys([*roles.values(), table.headers[0]]))
    numeric = {roles[r]: r for r in NUMERIC_ROLES if r in roles}
    ints = _plain_integers(table.sample, list(numeric))
    if rec.family not in ADDITIVE:
        return table.load(columns, ints=ints), {}
    currency = period.currency(table.sample, rec)
    texts = {c: parse_column(table.sample[c], style, _integral(numeric[c], currency))[1]
             for c in numeric if c not in ints and table.sample.schema[c] == pl.String}
    if not all(lazy_ready(f, table.sample[c]) for c, f in texts.items()):
        return table.load(columns, ints=ints), {}
    parsed = {c: lazy_parse(c, f, _integral(numeric[c], currency)) for c, f in texts.items()}
    keys = [c for c in columns if c not in numeric]
    blank_only = [roles[r] for r in BLANK_ONLY if r in roles and roles[r] in keys
                  and roles[r] != table.headers[0] and roles[r] not in numeric  # the first column names total rows
                  and list(roles.values()).count(roles[r]) == 1]  # a column no other role reads
    misfit_counts = [pl.col(flag.meta.output_name()).sum() for _, flag in parsed.values()]
    summed = [*_sums(list(numeric)), pl.len().alias("_n"), *misfit_counts]

    def plan(scan: pl.LazyFrame) -> pl.LazyFrame:
        scan = scan.with_columns(*(expr for pair in parsed.values() for expr in pair),
                                 *(_is_blank(pl.col(c)).alias(c) for c in blank_only))
        return scan.group_by(keys).agg(summed) if keys else scan.select(summed)

    frame = table.load(columns, ints=ints, reduce=plan)
    misfits = [c for c in frame.columns if c.startswith("_misfit ")]
    if misfits and frame.select(pl.sum_horizontal(misfits).sum()).item():
        return table.load(columns), {}
    return frame.drop(misfits), texts


def _row_count(frame: pl.DataFrame) -> int:
    """Rows of the file behind a frame (pre-summed frames count them in `_n`)."""
    return int(frame["_n"].sum()) if "_n" in frame.columns else frame.height


def _plain_integers(sample: pl.DataFrame, columns: list[str]) -> tuple:
    """Columns whose sampled values are all plain integers (polars can parse those while reading)."""
    def plain(c):
        values = sample[c]
        return values.dtype == pl.String and values.null_count() < len(values) and \
            values.cast(pl.Int64, strict=False).null_count() == values.null_count()
    return tuple(c for c in columns if plain(c))


def _settled_styles(sample: pl.DataFrame, default_style: str) -> set[str]:
    """Styles that some column of the file proves (e.g. a `1.40` frequency makes it a dot-decimal file)."""
    found = (parse_column(s, default_style)[1] for s in sample.iter_columns() if s.dtype == pl.String)  # not .schema[c]: O(columns) each
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
    return kept, _row_count(frame) - _row_count(kept)


def _sums(columns: list[str]) -> list[pl.Expr]:
    """Sums that stay unknown (null) when every value is unknown."""
    return [pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c) for c in columns]


def _clean(row: dict) -> dict:
    return {k: (None if v is None else (int(v) if float(v).is_integer() else round(v, 6)))
            for k, v in row.items()}


def _cells(rows: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Sums per combination of the breakdown dimensions: the one pass over every row."""
    dims = [d for d in DIMS if d in rows.columns]
    return rows.group_by(dims).agg(_sums(columns)) if dims else rows


def _breakdowns(cells: pl.DataFrame, fields: list[str]) -> dict:
    """Sums and KPIs by each dimension the file has (campaign, channel, month, result type, stage…)."""
    from assistant.kpi.catalog import compute

    out = {}
    extra = {k: v for k, v in BREAKDOWN_EXTRA.items() if k in cells.columns}
    summed = fields + list(extra)
    order = next((f for f in ("spend", "revenue", "leads", "visits", "orders", "qualified") if f in fields), None)
    for dim in (d for d in DIMS if d in cells.columns):
        grouped = cells.group_by(dim).agg(_sums(summed)).drop_nulls(dim)
        if grouped.is_empty():
            continue
        by_size = order is not None and dim != "month"
        grouped = grouped.sort([order, dim], descending=[True, False], nulls_last=True) if by_size else grouped.sort(dim)
        out[dim] = [
            {"key": r[dim], **_clean({f: r[f] for f in fields}),
             **_clean({name: r[k] for k, name in extra.items() if r[k] is not None}),
             "kpis": {k: round(v, 6) for k, v in compute(r).items() if v is not None and k not in fields}}
            for r in grouped.head(MAX_BREAKDOWN_ROWS).iter_rows(named=True)
        ]
    return out


def _drop_summary_row(frame: pl.DataFrame, rec: formats.Recognition) -> tuple[pl.DataFrame, int]:
    """Ads Manager's summary row (every name and the day blank) repeats the account's totals."""
    roles = rec.columns
    names = [roles[r] for r in SUMMARY_DIMS if r in roles]
    if rec.format_id != "meta_ads" or not names:
        return frame, 0
    blank = [pl.col(c) if frame.schema[c] == pl.Boolean else _is_blank(pl.col(c).cast(pl.String))
             for c in names + [roles.get("date")] if c]
    summary = frame.select(pl.all_horizontal(blank)).to_series()
    if not summary.any() or summary.all():
        return frame, 0
    kept = frame.filter(~summary)
    return kept, _row_count(frame) - _row_count(kept)


def _is_blank(column: pl.Expr) -> pl.Expr:
    return column.str.strip_chars().fill_null("") == ""


def _sources(filename: str, roles: dict, fields: list[str]) -> dict:
    sources = {}
    for f in fields:
        headers = [roles[r] for r in FEEDS.get(f, (f,)) if r in roles]
        sources[f] = f"{filename}: {', '.join(headers)}" if headers else filename
    return sources


def extract(table: Table, rec: formats.Recognition, filename: str, default_style: str) -> Part:
    """Read the needed columns, parse numbers, drop total rows, and sum into a `Part`."""
    roles = _needed(rec)
    frame, decided = _load(table, rec, roles, default_style)
    if frame.height == 0:
        raise UserFacingError("kpi.header_only", name=filename, columns=table.headers)
    frame, dropped = _drop_total_rows(frame, [table.headers[0], roles.get("campaign"), roles.get("channel")])
    notes = [Note("kpi.w_total_rows", {"count": dropped})] if dropped else []
    frame, summary = _drop_summary_row(frame, rec)
    notes += [Note("kpi.w_summary_row", {"count": summary})] if summary else []
    rows_read = _row_count(frame)
    nums, fmts, currency = {}, {}, period.currency(frame, rec)
    for role in NUMERIC_ROLES:
        if role in roles:
            nums[role], fmts[roles[role]] = parse_column(frame[roles[role]], default_style, _integral(role, currency))
    fmts.update(decided)  # formats decided from the sample when numbers were parsed in the scan
    settled = _settled_styles(table.sample, default_style)
    for column, fmt in fmts.items():
        notes += _format_notes(column, fmt, settled)
    extra_breakdowns = {}
    if rec.family == "orders":
        frame, nums, facts = orders.fold(frame, roles, nums, rec.platform)
        notes += _order_notes(facts, frame.height)
        extra_breakdowns = {"product": orders.top_products(facts["items"], frame)}
    per_row = BUILDERS[rec.format_id](frame, roles, nums)
    if not per_row:  # e.g. a template with a month column and no figure: nothing to sum
        known = list(dict.fromkeys(roles.values()))
        raise UserFacingError("kpi.unknown_shape", name=filename, recognised=known,
                              unrecognised=[h for h in table.headers if h not in known])
    fields = [f for f in FIELDS if f in per_row]
    rows = pl.DataFrame({k: v.cast(pl.Float64) for k, v in per_row.items()})
    for dim, role in DIMS.items():
        values = period.month(frame, roles) if dim == "month" else (frame[roles[role]] if role in roles else None)
        if values is not None:
            rows = rows.with_columns(values.cast(pl.String).alias(dim))
    cells = _cells(rows, list(per_row))
    sums = _clean(cells.select(_sums(list(per_row))).row(0, named=True))
    totals = {f: sums[f] for f in fields}
    notes += _family_notes(rec, frame, roles, sums, table)
    start, end = period.period(frame, roles, table.preamble)
    breakdowns = {**_breakdowns(cells, fields), **{k: v for k, v in extra_breakdowns.items() if v}}
    return Part(
        filename=filename, format_id=rec.format_id, label=rec.label, family=rec.family, rows=rows_read,
        currency=currency, start=start, end=end, totals=totals, funnel=_funnel(rec, totals, sums),
        sources=_sources(filename, roles, fields), breakdowns=breakdowns, notes=notes,
        message_spend=sums.get("_message_spend"), messages=sums.get("_messages"),
        platform=rec.platform, counts={name: sums[k] for k, name in COUNTS.items() if sums.get(k) is not None},
    )


def _funnel(rec: formats.Recognition, totals: dict, sums: dict) -> dict:
    """The funnel stages this file feeds; a deal's outcome is known once closed, so deals still open
    stay out of the qualified count the win rate is taken from (they are the open pipeline)."""
    funnel = {stage: totals.get(f) for stage, f in FUNNEL[rec.format_id].items() if totals.get(f) is not None}
    if rec.format_id == "hubspot_deals" and sums.get("_won") is not None:
        funnel["qualified"] = sums["_won"] + sums["_lost"]
    return funnel


def _order_notes(facts: dict, order_count: int) -> list[Note]:
    """How item rows became orders: rows without an order id, item rows folded, totals added up."""
    notes = []
    if facts["stray_rows"]:
        notes.append(Note("kpi.w_rows_without_order", {"count": facts["stray_rows"]}))
    if facts["item_rows"] > order_count:
        notes.append(Note("kpi.w_items_folded", {"rows": facts["item_rows"], "orders": order_count}))
    if facts["varying_totals"]:
        notes.append(Note("kpi.w_item_amounts_added", {"count": facts["varying_totals"]}))
    return notes


def _family_notes(rec, frame: pl.DataFrame, roles: dict, sums: dict, table: Table) -> list[Note]:
    """What the user should know about how this kind of file was counted."""
    notes = [Note("kpi.w_extra_tables")] if table.extra_tables else []
    if rec.format_id == "meta_ads" and "reach" in roles and "date" in roles and frame[roles["date"]].n_unique() > 1:
        notes.append(Note("kpi.w_reach_summed"))
    if rec.format_id == "google_ads" and sums.get("conversions") is not None:
        notes.append(Note("kpi.w_conversions_as_leads"))
    if sums.get("_excluded"):
        notes.append(Note("kpi.w_orders_excluded", {"count": sums["_excluded"], "statuses": _excluded_statuses(frame, roles)}))
    if sums.get("_open"):
        notes.append(Note("kpi.w_open_deals", {"count": sums["_open"], "value": sums.get("_open_value")}))
    if rec.format_id == "hubspot_contacts":
        unknown = _unknown_stages(frame[roles["stage"]])
        if unknown:
            notes.append(Note("kpi.w_unknown_stages", {"column": roles["stage"], "values": unknown}))
    return notes


def _excluded_statuses(frame: pl.DataFrame, roles: dict) -> list[str]:
    """The statuses of the orders left out, most frequent first, so the user can check them."""
    if "status" not in roles:
        return []
    status = frame[roles["status"]].cast(pl.String)
    left_out = status.filter((frame["_outcome"] != "done").fill_null(True)).drop_nulls()
    return left_out.value_counts(sort=True).head(5)[status.name].to_list()


def _unknown_stages(stage: pl.Series) -> list[str]:
    """Lifecycle stages GrowthDoc does not know (counted nowhere)."""
    ranks = formats.lifecycle_ranks()
    return sorted(v for v in stage.drop_nulls().unique().to_list() if v.strip() and formats.norm(v) not in ranks)[:5]
