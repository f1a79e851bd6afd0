"""Money in another currency: US dollars converted to VND at a stated or configured rate, the conversion kept."""

import re
from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.figure import Finding

DEFAULT_USD_RATE = 25_000.0  # VND per US dollar when neither the owner nor the settings say otherwise
_EQUALS = re.compile(r"\s*(?:=|la|bang|is|equals)\s*$")


def stated_rate(normalized: str, amounts: list[Amount]) -> tuple[float | None, set[int]]:
    """The rate the owner states ("tỷ giá 25.400", "25,400 VND per USD", "1 USD = 25.000đ") and its numbers."""
    for m in lx.compiled("fx_words").finditer(normalized):
        for i, a in enumerate(amounts):
            if 0 <= a.start - m.end() <= 24 and a.value >= 1000 and not re.search(r"\d", normalized[m.end():a.start]):
                return a.value, {i}  # "tỷ giá 25.400", "tỷ giá thì em tính 25.400"
    per_usd = _per_usd()
    for i, a in enumerate(amounts):
        if a.value < 1000 or a.currency == "USD":
            continue
        if per_usd.match(normalized, a.end):
            return a.value, {i}
        one = amounts[i - 1] if i else None  # "1 USD = 25.000đ", "$1 = 25,400 VND"
        if one and one.currency == "USD" and one.value == 1 and _EQUALS.fullmatch(normalized[one.end:a.start]):
            return a.value, {i - 1, i}
    return None, set()


@lru_cache(maxsize=1)
def _per_usd() -> re.Pattern:
    """The lexicon's `fx_after` words, matched right after a number or its unit ("25.400đ/USD")."""
    phrases = sorted(lx.words("fx_after"), key=len, reverse=True)
    return re.compile(rf"\s*(?:vnd|dong|d)?\s*(?:{'|'.join(re.escape(p) for p in phrases)})(?![a-z0-9])")


def to_vnd(finding: Finding, rate: float) -> Finding:
    """A USD figure in VND, with the original amount and the rate kept so the reply can show them."""
    if finding.currency != "USD":
        return finding
    finding.original = {"value": finding.value, "currency": "USD", "rate": rate}
    finding.value = finding.value * rate
    finding.currency = "VND"
    return finding
