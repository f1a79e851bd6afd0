"""Order exports: item rows folded into one row per order, each order's outcome, the top products.

Marketplace seller centres write one row per order item and repeat the order total on each; shop
platforms may write the total on the first item row only (the others blank). Either way an order
counts once and its total once. Item amounts (`line_amount`) are added up per order instead.
"""

import polars as pl

from assistant.kpi import formats

TEXT_ROLES = ("status", "payment_status", "cancelled_at", "return_type", "phone", "email", "customer",
              "buyer_id", "channel", "date", "currency")
OUTCOMES = ("done", "cancelled", "returned", "failed")
TOP_PRODUCTS = 20


def order_ids(frame: pl.DataFrame, roles: dict) -> pl.Series:
    """Each row's order id; an item row left blank under its order (merged cells) takes the one above."""
    ids = frame[roles["order_id"]].cast(pl.String).str.strip_chars()
    ids = pl.select(pl.when(ids.str.len_chars() > 0).then(ids)).to_series()
    item = _item_column(frame, roles)
    if item is None:
        return ids
    return pl.select(pl.when(ids.is_null() & item.is_not_null()).then(ids.forward_fill()).otherwise(ids)).to_series()


def _item_column(frame: pl.DataFrame, roles: dict) -> pl.Series | None:
    role = next((r for r in ("product", "sku") if r in roles), None)
    return frame[roles[role]].cast(pl.String) if role else None


def _outcomes(values: pl.Series, platform: str | None) -> pl.Series:
    """done | cancelled | returned | failed per status text (None: still open), mapped once per distinct value."""
    text = values.cast(pl.String)
    mapping = {v: formats.order_outcome(v, platform) for v in text.drop_nulls().unique().to_list()}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String)


def outcome(orders: pl.DataFrame, roles: dict, platform: str | None) -> pl.Series:
    """Each order's outcome: its status, overridden by a cancellation date, a refund or a return request."""
    if "status" not in roles:
        return pl.Series("_outcome", ["done"] * orders.height, dtype=pl.String)
    result = _outcomes(orders[roles["status"]], platform)
    if "payment_status" in roles:
        paid = _outcomes(orders[roles["payment_status"]], platform)
        result = pl.select(pl.when(paid.is_in(["returned", "cancelled"])).then(paid).otherwise(result)).to_series()
    if "return_type" in roles:
        kind = _outcomes(orders[roles["return_type"]], platform)
        result = pl.select(pl.when((kind == "returned") & (result != "cancelled").fill_null(True))
                           .then(kind).otherwise(result)).to_series()
    if "cancelled_at" in roles:
        gone = orders[roles["cancelled_at"]].cast(pl.String).str.strip_chars().str.len_chars() > 0
        result = pl.select(pl.when(gone.fill_null(False)).then(pl.lit("cancelled")).otherwise(result)).to_series()
    return result.alias("_outcome")


def fold(frame: pl.DataFrame, roles: dict, nums: dict, platform: str | None) -> tuple[pl.DataFrame, dict, dict]:
    """One row per order (text columns: first filled value; total: once, or its items added up), the
    per-order numbers, and facts for the notes (rows without an order id, totals that vary by item)."""
    ids = order_ids(frame, roles)
    items = pl.DataFrame({"_order": ids, **{roles[r]: frame[roles[r]] for r in TEXT_ROLES if r in roles},
                          **{f"_{r}": nums[r] for r in ("amount", "line_amount", "quantity") if r in nums}})
    product = _item_column(frame, roles)
    if product is not None:
        items = items.with_columns(product.alias("_product"))
    stray = int((ids.is_null() & _has_data(frame, roles)).sum())
    items = items.filter(pl.col("_order").is_not_null())
    texts = [roles[r] for r in TEXT_ROLES if r in roles]
    aggs = [pl.col(c).drop_nulls().first() for c in texts] + [pl.len().alias("_items")]
    if "_amount" in items.columns:
        aggs += [pl.col("_amount").drop_nulls().first().alias("_amount"),
                 pl.col("_amount").drop_nulls().n_unique().alias("_amounts"),
                 pl.col("_amount").sum().alias("_amount_sum")]
    for name in ("_line_amount", "_quantity"):
        if name in items.columns:
            aggs.append(pl.when(pl.col(name).is_not_null().any()).then(pl.col(name).sum()).alias(name))
    orders = items.group_by("_order", maintain_order=True).agg(aggs)
    total, varying = _order_total(orders)
    orders = orders.with_columns(outcome(orders, roles, platform))
    facts = {"stray_rows": stray, "varying_totals": varying, "items": items, "item_rows": items.height}
    return orders, {"amount": total}, facts


def _has_data(frame: pl.DataFrame, roles: dict) -> pl.Series:
    """Rows with anything filled in besides the order id (a blank trailing row has nothing)."""
    others = [c for r, c in roles.items() if r != "order_id"]
    if not others:
        return pl.Series([False] * frame.height)
    filled = [frame[c].cast(pl.String).str.strip_chars().str.len_chars().fill_null(0) > 0 for c in others]
    return pl.select(pl.any_horizontal(filled)).to_series()


def _order_total(orders: pl.DataFrame) -> tuple[pl.Series, int]:
    """An order's total once; when one order's rows carry different amounts they are item amounts: added up."""
    if "_amount" not in orders.columns:
        return orders["_line_amount"], 0
    varying = int((orders["_amounts"] > 1).sum())
    if varying:
        return orders["_amount_sum"], varying
    if "_line_amount" in orders.columns:
        return orders.select(pl.coalesce("_amount", "_line_amount")).to_series(), 0
    return orders["_amount"], 0


def top_products(items: pl.DataFrame, orders: pl.DataFrame) -> list[dict]:
    """Completed orders' products by quantity (item rows when there is no quantity column), top first."""
    if "_product" not in items.columns:
        return []
    done = orders.filter(pl.col("_outcome") == "done").select("_order")
    rows = items.join(done, on="_order", how="semi")
    rows = rows.filter(pl.col("_product").is_not_null())
    quantity = pl.col("_quantity").sum() if "_quantity" in rows.columns else pl.len()
    top = rows.group_by("_product").agg(quantity.alias("quantity"), pl.col("_order").n_unique().alias("orders"))
    top = top.sort(["quantity", "_product"], descending=[True, False]).head(TOP_PRODUCTS)
    return [{"key": r["_product"], "quantity": _int(r["quantity"]), "orders": r["orders"]}
            for r in top.iter_rows(named=True)]


def _int(value):
    return int(value) if value is not None and float(value).is_integer() else value
