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
    return {k: v for k, v in spec().items() if k != "values"}


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
                currency = currency or (keys[hit][1] if role in ("spend", "amount", "revenue") else None)
                break
    return mapping, currency


def known_headers(headers: list[str]) -> list[str]:
    """Headers any format knows, for telling the user what we did recognise."""
    aliases = {norm(a) for f in formats().values() for names in f["columns"].values() for a in names}
    return [h for h in headers if header_key(h)[0] in aliases]


def recognise(headers: list[str], filename: str = "") -> Recognition:
    """The format whose required columns are all present and which maps the most columns."""
    best = None
    for format_id, fmt in formats().items():
        mapping, currency = _match(headers, fmt["columns"])
        if not all(role in mapping for role in fmt["required"]):
            continue
        if best is None or len(mapping) > len(best.columns):
            best = Recognition(format_id, fmt["label"], fmt["family"], mapping, currency)
    if best is None:
        known = known_headers(headers)
        raise UserFacingError(
            "kpi.unknown_shape", name=filename, recognised=known,
            unrecognised=[h for h in headers if h not in known],
        )
    return best
