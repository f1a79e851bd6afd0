"""Amounts in free text with their positions, from `assistant.diagnosis.numbers`."""

import re
from dataclasses import replace

from assistant.diagnosis.numbers import Amount
from assistant.diagnosis.numbers import find_amounts as _find
from assistant.intake.lexicon import EN_MULTIPLIERS

_EN_SCALE = re.compile(r"\s?(thousand|million|mil|m|billion|bn|b)(?![a-z])", re.IGNORECASE)


def _english_scale(amount: Amount, text: str) -> Amount:
    """"20 million", "1.5m": English scale words the Vietnamese parser leaves alone."""
    m = _EN_SCALE.match(text, amount.end)
    if not m or amount.unit == "percent" or amount.value >= 1000:
        return amount
    return replace(amount, value=amount.value * EN_MULTIPLIERS[m.group(1).lower()], end=m.end(), unit="money")


def find_amounts(text: str) -> list[Amount]:
    """Every number in `text` ("30 triệu", "1.500", "15%", "20 million") with its span, in order."""
    return sorted((_english_scale(a, text) for a in _find(text)), key=lambda a: a.start)


__all__ = ["Amount", "find_amounts"]
