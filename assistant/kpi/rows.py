"""Per-row canonical figures for each export family (the arithmetic of what counts as a lead, a sale…)."""

import polars as pl

from assistant.kpi import formats

FIELDS = ("spend", "impressions", "reach", "clicks", "visits", "leads", "qualified", "customers",
          "repeat_customers", "orders", "revenue", "conversions")


def flag(series: pl.Series, allowed: set[str], contains: bool = False) -> pl.Series:
    """True where a text value (compared normalised) is in `allowed` (or contains one of them)."""
    mapping = {}
    for value in series.drop_nulls().unique().to_list():
        key = formats.norm(value)
        mapping[value] = any(a in key for a in allowed) if contains else key in allowed
    return series.replace_strict(mapping, default=False, return_dtype=pl.Boolean).fill_null(False)


def _known_sum(*series: pl.Series) -> pl.Series:
    """Row-wise sum ignoring unknowns, unknown only when every part is unknown."""
    frame = pl.DataFrame({str(i): s for i, s in enumerate(series)})
    cols = [pl.col(c) for c in frame.columns]
    return frame.select(pl.when(pl.any_horizontal([c.is_not_null() for c in cols]))
                        .then(pl.sum_horizontal(cols))).to_series()


def _meta_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    """Messaging conversations and lead-form results are leads (from their columns, else from Results)."""
    out = {f: nums[f] for f in ("spend", "impressions", "reach", "clicks", "revenue", "conversions") if f in nums}
    messages, form_leads = nums.get("messages"), nums.get("form_leads")
    if "results" in nums and "result_type" in roles:  # fill what no dedicated column gives
        kind = frame[roles["result_type"]]
        is_message = flag(kind, formats.value_set("messaging"), contains=True)
        is_lead = flag(kind, formats.value_set("lead_result"), contains=True) & ~is_message
        if messages is None:
            messages = pl.select(pl.when(is_message).then(nums["results"])).to_series()
        if form_leads is None:
            form_leads = pl.select(pl.when(is_lead).then(nums["results"])).to_series()
    parts = [s for s in (messages, form_leads) if s is not None]
    if parts:
        out["leads"] = _known_sum(*parts)
    if "results" in nums:
        out["_results"] = nums["results"]
    if messages is not None and "spend" in nums:
        out["_messages"] = messages
        out["_message_spend"] = pl.select(pl.when(messages > 0).then(nums["spend"])).to_series()
    return out


def _simple_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    """Columns that already are canonical figures (Google Ads, GA4, the template)."""
    return {f: nums[f] for f in FIELDS if f in nums}


def _as_count(flag: pl.Series) -> pl.Series:
    return flag.cast(pl.Float64)


def _contacts_rows(frame: pl.DataFrame, roles: dict, nums: dict) -> dict:
    """HubSpot lifecycle stage: a contact at a later stage also counts at every earlier one."""
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
    """Every deal is a qualified lead; won deals are customers and their amounts revenue; a deal
    neither won nor lost is open (its amount is the open pipeline), never lost."""
    stage = frame[roles["deal_stage"]]
    won = flag(stage, formats.value_set("deal_won"))
    lost = flag(stage, formats.value_set("deal_lost")) & ~won
    out = {"qualified": pl.Series([1.0] * frame.height), "customers": _as_count(won),
           "_won": _as_count(won), "_lost": _as_count(lost), "_open": _as_count(~won & ~lost)}
    if "amount" in nums:
        amount = nums["amount"].fill_null(0)
        out["revenue"] = pl.select(pl.when(won).then(amount)).to_series()
        out["_open_value"] = pl.select(pl.when(~won & ~lost).then(amount).otherwise(0.0)).to_series()
        out["_amount"] = amount
    return out


def _customer_key(frame: pl.DataFrame, roles: dict) -> pl.Series:
    """The platform's buyer id, else phone (masked ones are no key), else e-mail, else name."""
    keys = []
    if "buyer_id" in roles:
        keys.append("b" + frame[roles["buyer_id"]].cast(pl.String).str.strip_chars().str.to_lowercase())
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
    """One row per order (see `orders.fold`): completed orders are sales; a customer counts on their
    first completed order, a repeat one on their second; the other outcomes are counted for the rates."""
    outcome = frame["_outcome"]
    done = (outcome == "done").fill_null(False)
    key = _customer_key(frame, roles)
    nth = pl.DataFrame({"k": pl.select(pl.when(done).then(key)).to_series()}).with_row_index("i").select(
        pl.when(pl.col("k").is_not_null()).then(pl.col("i").rank("ordinal").over("k"))).to_series()
    out = {
        "orders": _as_count(done),
        "revenue": pl.select(pl.when(done).then(nums["amount"])).to_series(),
        "customers": _as_count((nth == 1).fill_null(False)),
        "repeat_customers": _as_count((nth == 2).fill_null(False)),
        "_excluded": _as_count(~done),
        "_placed": pl.Series([1.0] * frame.height),
        "_gross": nums["amount"],
        "_items": frame["_items"].cast(pl.Float64),
    }
    for name in ("cancelled", "returned", "failed"):
        out[f"_{name}"] = _as_count((outcome == name).fill_null(False))
    if "_quantity" in frame.columns:
        out["_quantity"] = frame["_quantity"]
    return out


BUILDERS = {
    "meta_ads": _meta_rows, "google_ads": _simple_rows, "ga4": _simple_rows, "template": _simple_rows,
    "hubspot_contacts": _contacts_rows, "hubspot_deals": _deals_rows, "orders": _orders_rows,
}
