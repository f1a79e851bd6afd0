"""Recognise which export a table is (Meta Ads, Google Ads, GA4, HubSpot, orders, template)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.core.errors import UserFacingError
from assistant.core.lang import strip_diacritics

SPEC_FILE = Path(__file__).with_name("exports.yaml")
_CURRENCY = re.compile(r"\(\s*([A-Za-z]{3})\s*\)\s*$")


@dataclass
class Recognition:
    """The chosen format and which column plays which role."""

    format_id: str
    label: str
    family: str
    columns: dict[str, str]  # role -> header as in the file
    currency: str | None = None  # read off a header such as "Amount spent (USD)"
    platform: str | None = None  # the seller centre or shop platform of an order export


@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """'Số tiền đã chi tiêu (VND)' -> 'so tien da chi tieu vnd': for comparing headers and values."""
    plain = strip_diacritics(str(text)).lower().replace("\ufeff", "")
    return " ".join(re.sub(r"[^a-z0-9_]+", " ", plain).split())


def header_key(header: str) -> tuple[str, str | None]:
    """Normalised header without its trailing currency, and that currency."""
    match = _CURRENCY.search(str(header))
    currency = match.group(1).upper() if match else None
    base = str(header)[: match.start()] if match else str(header)
    return norm(base), currency


@lru_cache(maxsize=1)
def spec() -> dict:
    """The parsed `exports.yaml` (read on first use, never at import)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
    return yaml.load(SPEC_FILE.read_text(encoding="utf-8"), Loader=loader)


def formats() -> dict[str, dict]:
    """Format id -> its spec, in the order they are tried."""
    return {k: v for k, v in spec().items() if k not in ("values", "platforms")}


def platforms() -> dict[str, dict]:
    """Order-export platform id -> its spec (signature columns, column aliases, statuses)."""
    return spec()["platforms"]


@lru_cache(maxsize=16)
def status_map(platform: str | None) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Normalised order status -> done | cancelled | returned | failed (the platform's own words first),
    and the same as (prefix, outcome) pairs, longest first, for statuses with words added."""
    lists = [platforms()[platform].get("statuses", {})] if platform else []
    lists.append(spec()["values"]["order_status"])
    exact: dict[str, str] = {}
    for mapping in lists:
        for outcome, values in mapping.items():
            for value in values:
                exact.setdefault(norm(value), outcome)
    return exact, tuple(sorted(exact.items(), key=lambda kv: -len(kv[0])))


def order_outcome(status: str, platform: str | None) -> str | None:
    """done | cancelled | returned | failed for a status text; None when the order is still open."""
    key = norm(status)
    exact, prefixes = status_map(platform)
    if key in exact:
        return exact[key]
    return next((outcome for prefix, outcome in prefixes if key.startswith(prefix + " ")), None)


def channel_platform(value: str) -> str | None:
    """The ad export (`meta_ads`, `google_ads`) an order's or deal's source belongs to, if any."""
    key = f" {norm(value)} "
    for format_id, words in spec()["values"]["channel_platform"].items():
        if any(f" {norm(w)} " in key for w in words):
            return format_id
    return None


def value_set(name: str) -> set[str]:
    """A list under `values:` as a set of normalised strings."""
    return {norm(v) for v in spec()["values"][name]}


def lifecycle_ranks() -> dict[str, str]:
    """Normalised HubSpot lifecycle value -> subscriber | lead | qualified | customer."""
    return {norm(v): rank for rank, values in spec()["values"]["lifecycle"].items() for v in values}


def _match(headers: list[str], columns_spec: dict) -> tuple[dict[str, str], str | None]:
    keys = {h: header_key(h) for h in headers}
    mapping, currency, used = {}, None, set()
    for role, aliases in columns_spec.items():
        for alias in aliases:
            hit = next((h for h in headers if h not in used and keys[h][0] == norm(alias)), None)
            if hit is not None:
                mapping[role] = hit
                used.add(hit)
                currency = currency or (keys[hit][1] if role in ("spend", "amount", "revenue", "line_amount") else None)
                break
    return mapping, currency


def known_headers(headers: list[str]) -> list[str]:
    """Headers any format knows, for telling the user what we did recognise."""
    specs = [*formats().values(), *platforms().values()]
    aliases = {norm(a) for f in specs for names in f["columns"].values() for a in names}
    return [h for h in headers if header_key(h)[0] in aliases]


def _platform(headers: list[str]) -> str | None:
    """The order platform whose signature columns the file has most of (None: a generic order export)."""
    keys = {header_key(h)[0] for h in headers}
    counts = {pid: sum(norm(s) in keys for s in p["signature"]) for pid, p in platforms().items()}
    best = max(counts, key=counts.get, default=None)
    return best if best and counts[best] else None


def _columns(fmt: dict, platform: str | None) -> dict:
    """A format's column aliases, a platform's own aliases first."""
    if not platform:
        return fmt["columns"]
    own = platforms()[platform]["columns"]
    merged = {role: own.get(role, []) + aliases for role, aliases in fmt["columns"].items()}
    return {**merged, **{role: aliases for role, aliases in own.items() if role not in merged}}


def _complete(mapping: dict, fmt: dict) -> bool:
    """Every required role found, and one of the `required_any` roles when the format has some."""
    any_of = fmt.get("required_any")
    return all(role in mapping for role in fmt["required"]) and (not any_of or any(r in mapping for r in any_of))


def recognise(headers: list[str], filename: str = "") -> Recognition:
    """The format whose required columns are all present and which maps the most columns."""
    best = None
    for format_id, fmt in formats().items():
        platform = _platform(headers) if fmt["family"] == "orders" else None
        mapping, currency = _match(headers, _columns(fmt, platform))
        if not _complete(mapping, fmt):
            continue
        if best is None or len(mapping) > len(best.columns):
            best = Recognition(format_id, fmt["label"], fmt["family"], mapping, currency, platform)
    if best is None:
        known = known_headers(headers)
        raise UserFacingError(
            "kpi.unknown_shape", name=filename, recognised=known,
            unrecognised=[h for h in headers if h not in known],
        )
    return best
