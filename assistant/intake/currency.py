"""Money in another currency: US dollars converted to VND at a stated or configured rate, the conversion kept."""

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.figure import Finding

DEFAULT_USD_RATE = 25_000.0  # VND per US dollar when neither the owner nor the settings say otherwise


def stated_rate(normalized: str, amounts: list[Amount]) -> tuple[float | None, int | None]:
    """The rate the owner states ("tỷ giá 25.400") and the index of its number."""
    for m in lx.compiled("fx_words").finditer(normalized):
        for i, a in enumerate(amounts):
            if 0 <= a.start - m.end() <= 12 and a.value >= 1000:
                return a.value, i
    return None, None


def to_vnd(finding: Finding, rate: float) -> Finding:
    """A USD figure in VND, with the original amount and the rate kept so the reply can show them."""
    if finding.currency != "USD":
        return finding
    finding.original = {"value": finding.value, "currency": "USD", "rate": rate}
    finding.value = finding.value * rate
    finding.currency = "VND"
    return finding
