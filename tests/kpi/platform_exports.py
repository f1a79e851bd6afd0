"""Order exports written the way each platform writes them (its documented or best-guess columns), from
one set of orders, with the figures those orders should give computed here, without assistant.kpi."""

import csv
import io
from dataclasses import dataclass, field

from tests.kpi.test_real_world_shapes import _xlsx


@dataclass
class Order:
    oid: str
    day: str
    buyer: str  # the platform's buyer id (a username)
    name: str
    phone: str
    outcome: str  # done | cancelled | returned | failed | open
    items: list  # (product, sku, quantity, unit price)
    source: str = "Facebook"
    shipping: int = 20_000

    @property
    def total(self) -> int:
        return sum(q * p for _, _, q, p in self.items) + self.shipping


ORDERS = [
    Order("A1001", "2026-10-02", "linh.ng", "Nguyễn Linh", "0901234567", "done",
          [("Váy công sở", "VCS-M", 1, 350_000), ("Áo sơ mi lụa", "ASM-S", 2, 180_000)]),
    Order("A1002", "2026-10-03", "tuan.tr", "Trần Tuấn", "0912345678", "cancelled", [("Quần tây", "QT-30", 1, 250_000)]),
    Order("A1003", "2026-10-05", "linh.ng", "Nguyễn Linh", "0901234567", "done",
          [("Váy công sở", "VCS-L", 2, 350_000)], source="Website"),
    Order("A1004", "2026-10-07", "mai.le", "Lê Mai", "0987654321", "returned",
          [("Áo dài Tết", "AD-M", 1, 900_000), ("Khăn lụa", "KL-1", 1, 120_000)]),
    Order("A1005", "2026-10-09", "hoa.pham", "Phạm Hoa", "0933333333", "done",
          [("Áo sơ mi lụa", "ASM-M", 1, 180_000), ("Khăn lụa", "KL-1", 3, 120_000), ("Váy công sở", "VCS-S", 1, 350_000)],
          source="Zalo"),
    Order("A1006", "2026-10-12", "duc.vo", "Võ Đức", "0944444444", "failed", [("Quần tây", "QT-32", 2, 250_000)]),
    Order("A1007", "2026-10-15", "tuan.tr", "Trần Tuấn", "0912345678", "done", [("Quần tây", "QT-30", 1, 250_000)]),
    Order("A1008", "2026-10-18", "an.bui", "Bùi An", "0955555555", "open", [("Váy công sở", "VCS-M", 1, 350_000)]),
    Order("A1009", "2026-10-21", "linh.ng", "Nguyễn Linh", "0901234567", "done", [("Khăn lụa", "KL-2", 1, 150_000)]),
    Order("A1010", "2026-10-25", "ha.do", "Đỗ Hà", "0966666666", "cancelled",
          [("Áo dài Tết", "AD-L", 1, 900_000), ("Váy công sở", "VCS-L", 1, 350_000)]),
    Order("A1011", "2026-10-28", "hoa.pham", "Phạm Hoa", "0933333333", "done", [("Áo dài Tết", "AD-S", 1, 900_000)],
          source="Zalo"),
    Order("A1012", "2026-10-30", "quang.ly", "Lý Quang", "0977777777", "done", [("Áo sơ mi lụa", "ASM-L", 2, 180_000)]),
]


@dataclass
class Shape:
    """How a platform writes its order export."""

    platform: str
    lang: str
    headers: dict  # our role -> the platform's header
    statuses: dict  # outcome -> the platform's status word (an outcome missing: written as "open")
    total: str = "repeat"  # repeat (every item row) | first (first item row only) | lines (item amounts only)
    ids_on_items: bool = True  # False: only the first row of an order carries its order columns
    per_unit: bool = False  # one row per unit (Lazada)
    masked_phone: bool = False
    extra: dict = field(default_factory=dict)  # other columns of the export, with a value
    by: str = "buyer"  # what identifies a buyer: buyer | name | phone


def _phone(shape: Shape, order: Order) -> str:
    return f"84******{order.phone[-3:]}" if shape.masked_phone else order.phone


def _status(shape: Shape, order: Order) -> str:
    return shape.statuses.get(order.outcome, shape.statuses["open"])


def outcome(shape: Shape, order: Order) -> str:
    """The outcome the export can show (a platform without a word for it shows the order open)."""
    return order.outcome if order.outcome in shape.statuses else "open"


def rows(shape: Shape) -> list[dict]:
    """The export's rows, one per item (or per unit)."""
    out = []
    for order in ORDERS:
        lines = [(n, s, 1, p) for n, s, q, p in order.items for _ in range(q)] if shape.per_unit else order.items
        for i, (name, sku, qty, price) in enumerate(lines):
            first = i == 0
            values = {
                "order_id": order.oid if first or shape.ids_on_items else "",
                "date": order.day if first or shape.ids_on_items else "",
                "status": _status(shape, order) if first or shape.ids_on_items else "",
                "buyer_id": order.buyer, "customer": order.name, "phone": _phone(shape, order),
                "product": name, "sku": sku, "quantity": qty,
                "amount": order.total if first or shape.total == "repeat" else "",
                "line_amount": qty * price + (order.shipping if first else 0),
                "channel": order.source,
            }
            values.update(_special(shape, order, first))
            out.append({h: values.get(role, "") for role, h in shape.headers.items()} | shape.extra)
    return out


def _special(shape: Shape, order: Order, first: bool) -> dict:
    """Statuses some platforms split over several columns (TikTok's return type, Shopify-style columns)."""
    out = {}
    if "return_type" in shape.headers:
        out["return_type"] = {"returned": "Return/Refund", "cancelled": "Cancel"}.get(order.outcome, "")
        if order.outcome == "returned":
            out["status"] = shape.statuses["done"]
    if "payment_status" in shape.headers:
        out["payment_status"] = {"returned": shape.statuses["refunded"], "cancelled": shape.statuses["voided"]} \
            .get(order.outcome, shape.statuses["paid"])
        if order.outcome == "returned":
            out["status"] = shape.statuses["done"]
    if "cancelled_at" in shape.headers:
        out["cancelled_at"] = order.day + " 18:00" if order.outcome == "cancelled" and first else ""
        if order.outcome == "cancelled":
            out["status"] = shape.statuses["open"]
    return out


def as_csv(shape: Shape) -> bytes:
    data = rows(shape)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(data[0]))
    writer.writeheader()
    writer.writerows(data)
    writer.writerow({k: "" for k in data[0]})  # the blank trailing row some exports end with
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(shape: Shape) -> bytes:
    data = rows(shape)
    return _xlsx([list(data[0])] + [[v for v in r.values()] for r in data])


def expected(shape: Shape) -> dict:
    """Orders, revenue, customers, repeat customers and the outcome rates, from ORDERS directly."""
    outcomes = {o.oid: outcome(shape, o) for o in ORDERS}
    done = [o for o in ORDERS if outcomes[o.oid] == "done"]
    key = {"buyer": lambda o: o.buyer, "name": lambda o: o.name, "phone": lambda o: o.phone}[shape.by]
    per_buyer: dict[str, int] = {}
    for order in done:
        per_buyer[key(order)] = per_buyer.get(key(order), 0) + 1
    count = {k: sum(1 for v in outcomes.values() if v == k) for k in ("done", "cancelled", "returned", "failed")}
    return {
        "orders": len(done), "revenue": sum(o.total for o in done), "customers": len(per_buyer),
        "repeat_customers": sum(1 for n in per_buyer.values() if n >= 2), "orders_placed": len(ORDERS),
        "gross_revenue": sum(o.total for o in ORDERS),
        "cancel_rate": count["cancelled"] / len(ORDERS),
        "return_rate": count["returned"] / (count["done"] + count["returned"]),
        "failed_delivery_rate": count["failed"] / (count["done"] + count["returned"] + count["failed"]),
        "top_product": _top(done),
    }


def _top(done: list[Order]) -> tuple[str, int]:
    quantities: dict[str, int] = {}
    for order in done:
        for name, _, qty, _ in order.items:
            quantities[name] = quantities.get(name, 0) + qty
    best = max(sorted(quantities), key=lambda n: quantities[n])
    return best, quantities[best]
