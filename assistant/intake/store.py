"""Put read figures into the session's snapshot, each with its record (kind, channel, period, words, source)."""

from assistant.contracts import STAGES
from assistant.intake.figure import Finding

AUDIENCE = ("followers",)


def _holder(snapshot: dict, field: str) -> dict:
    if field in STAGES:
        return snapshot.setdefault("funnel", {})
    if field in AUDIENCE:
        return snapshot.setdefault("audience", {})
    return snapshot


def value_of(snapshot: dict, field: str):
    """The value the snapshot holds for a field, wherever the field lives."""
    return _holder(snapshot, field).get(field)


def has_money(snapshot: dict) -> bool:
    """Money spent or earned is known."""
    return any(snapshot.get(field) is not None for field in ("spend", "revenue"))


def known_values(snapshot: dict) -> dict:
    """Every field with a value, flat: {"customers": 12, "spend": 3e7, …}; a channel's part of a summed figure as
    "field@channel" ({"leads@zalo": 120}) and a row's as "field#k" ({"leads#1": 70}), so a correction finds it."""
    flat = {k: v for k, v in (snapshot.get("funnel") or {}).items() if v is not None}
    flat |= {k: v for k, v in (snapshot.get("audience") or {}).items() if v is not None}
    flat |= {k: snapshot[k] for k in snapshot.get("sources") or {} if snapshot.get(k) is not None}
    flat |= {f"{field}@{channel}": v for channel, figures in (snapshot.get("channels") or {}).items()
             for field, v in figures.items() if v is not None}
    return flat | {f"{field}#{k}": part["value"] for field, record in (snapshot.get("figures") or {}).items()
                   for k, part in enumerate(record.get("parts") or []) if part.get("summed") and not part.get("channel")}


def store(snapshot: dict, f: Finding) -> None:
    """Set (or, for a removal, drop) one figure with its record; per-channel values go to `channels` too."""
    if f.removed:
        _drop(snapshot, f.field, f.measure)
        return
    if f.channel and _updates_a_channel(snapshot, f):
        return
    if f.correction and (f.note or "").startswith("row ") and _updates_a_row(snapshot, f):
        return
    _clear_channels(snapshot, f.field)
    _holder(snapshot, f.field)[f.field] = f.value
    snapshot.setdefault("sources", {})[f.field] = "chat"
    snapshot.setdefault("figures", {})[f.field] = f.record()
    for channel, value in breakdown(f).items():
        snapshot.setdefault("channels", {}).setdefault(channel, {})[f.field] = value


def breakdown(f: Finding) -> dict[str, float]:
    """Per-channel values of a figure summed from two or more items (one channel alone is no breakdown)."""
    summed = [p for p in f.parts if p.get("summed")]
    named = {}
    for part in summed:
        if part.get("channel"):
            named[part["channel"]] = named.get(part["channel"], 0) + part["value"]
    return named if len(summed) >= 2 else {}


def _updates_a_channel(snapshot: dict, f: Finding) -> bool:
    """"sửa TikTok thành 25tr": one channel of a summed figure changes, and the total with it."""
    record = (snapshot.get("figures") or {}).get(f.field) or {}
    parts = [p for p in record.get("parts") or [] if p.get("summed")]
    if not f.correction or not any(p.get("channel") == f.channel for p in parts):
        return False
    for p in parts:
        if p.get("channel") == f.channel:
            p["value"], p["said"] = f.value, f.raw
    total = sum(p["value"] for p in parts)
    _holder(snapshot, f.field)[f.field] = total
    record.update(value=total, correction=True)
    snapshot.setdefault("channels", {}).setdefault(f.channel, {})[f.field] = f.value
    f.value = total
    return True


def _updates_a_row(snapshot: dict, f: Finding) -> bool:
    """"Sorry, week 2 was 78, not 70": one row of a summed figure changes, and the total with it."""
    record = (snapshot.get("figures") or {}).get(f.field) or {}
    parts, k = record.get("parts") or [], int(f.note.split()[1])
    if k >= len(parts):
        return False
    parts[k]["value"], parts[k]["said"] = f.value, f.raw
    total = sum(p["value"] for p in parts if p.get("summed"))
    _holder(snapshot, f.field)[f.field] = total
    record.update(value=total, correction=True)
    f.value = total
    return True


def _clear_channels(snapshot: dict, field: str) -> None:
    for figures in (snapshot.get("channels") or {}).values():
        figures.pop(field, None)
    snapshot["channels"] = {k: v for k, v in (snapshot.get("channels") or {}).items() if v}


def _drop(snapshot: dict, field: str, measure: str) -> None:
    _holder(snapshot, field).pop(field, None)
    for key in ("sources", "figures"):
        (snapshot.get(key) or {}).pop(field, None)
    _clear_channels(snapshot, field)


def estimate_revenue(snapshot: dict) -> Finding | None:
    """Revenue = average order value × customers when the owner gave no revenue; marked estimated."""
    aov, customers = snapshot.get("aov"), (snapshot.get("funnel") or {}).get("customers")
    held = (snapshot.get("figures") or {}).get("revenue") or {}
    if aov is None or customers is None or (snapshot.get("revenue") is not None and not held.get("estimated")):
        return None
    value = aov * customers
    if snapshot.get("revenue") == value:
        return None
    f = Finding(field="revenue", value=value, raw="", measure="revenue", unit="money", currency="VND",
                estimated=True, note="aov_x_customers")
    store(snapshot, f)
    return f
