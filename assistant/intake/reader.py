"""Read funnel figures, practices and the industry out of an owner's free text.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.contracts import STAGES, STRATEGY_PRACTICES
from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount, find_amounts
from assistant.intake.text import has_any, nfc, norm

COUNT_FIELDS = STAGES
MONEY_FIELDS = ("spend", "revenue", "target_revenue")  # the money an owner types; margins come as %
TARGET_PRACTICES = STRATEGY_PRACTICES[:2]  # who the customer is and why they buy here
BOUNDARY = re.compile(r"[,;\n!?]|\.(?:\s|$)|\s(?:va|and|but|nhung|con)\s")


@dataclass
class Finding:
    """One figure read from the text: which field, its value, how it was written."""

    field: str
    value: float
    raw: str


def _contexts(normalized: str, amounts: list[Amount], i: int) -> tuple[str, str]:
    """The words left and right of amount `i`, up to a clause boundary or a neighbouring amount."""
    start = amounts[i - 1].end if i else 0
    end = amounts[i + 1].start if i + 1 < len(amounts) else len(normalized)
    left = normalized[start:amounts[i].start]
    right = normalized[amounts[i].end:end]
    cut = [m.end() for m in BOUNDARY.finditer(left)]
    left = left[cut[-1]:] if cut else left
    stop = BOUNDARY.search(right)
    return left, (right[:stop.start()] if stop else right)


def _nearest(left: str, right: str, fields) -> str | None:
    """The field whose keyword sits closest to the number; at equal distance the longer phrase wins."""
    best, best_key = None, (10**6, 0)
    for field in fields:
        for phrase in lx.FIELD_WORDS[field]:
            pattern = rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"
            hits = [len(left) - m.end() + 0.5 for m in re.finditer(pattern, left)]
            m = re.search(pattern, right)
            hits += [m.start()] if m else []
            for distance in hits:
                if (distance, -len(phrase)) < best_key:
                    best, best_key = field, (distance, -len(phrase))
    return best


def _is_money(raw: str, right: str) -> bool:
    """Written as money: a currency or a million/billion unit, and no count noun after it."""
    head = " ".join([raw] + right.split()[:2])
    unit = re.search(rf"(?<![a-z]){lx.MONEY_UNITS}(?![a-z])", head)
    return bool(unit) and not _count_follows(right)


def _count_follows(right: str) -> bool:
    """The next words name people or things counted ("3k inbox", "400 nghìn người")."""
    head = " ".join(right.split()[:3])
    return has_any(head, lx.COUNT_NOUNS) or any(has_any(head, lx.FIELD_WORDS[f]) for f in COUNT_FIELDS)


def _per_period(right: str) -> float:
    """Spend given per day or per week is brought to a month ("500k/ngày" -> × 30)."""
    head = " ".join(right.replace("/", " / ").split()[:3])
    for phrases, factor in lx.PER_PERIOD:
        if has_any(head, phrases):
            return factor
    return 1.0


def _field_for(amount: Amount, raw: str, left: str, right: str, asked: str | None) -> str | None:
    """Which snapshot field a number fills, judged by how it is written and the words around it."""
    if amount.unit == "percent":
        return "gross_margin" if has_any(left + right, lx.FIELD_WORDS["gross_margin"]) else None
    money = amount.unit == "money" or _is_money(raw, right)
    fields = MONEY_FIELDS if money else COUNT_FIELDS  # a bare number is never taken for money
    if money and has_any(left, lx.FIELD_WORDS["target_revenue"]):
        return "target_revenue"
    return _nearest(left, right, fields) or (asked if asked in fields else None)


def _not_a_figure(left: str, right: str) -> bool:
    """Ages, dates and durations ("25-35 tuổi", "tháng 10", "3 ngày") are not funnel figures."""
    before = left.split()[-1:] if left.split() else []
    after = right.split()[:1]
    return bool(set(after) & lx.NOT_FIGURE_AFTER or set(before) & lx.NOT_FIGURE_BEFORE)


def _mark_spend(text: str, normalized: str) -> str:
    """"chi" (spend) and "chỉ" (only) differ only by a tone mark: tag the spend sense before folding."""
    for m in re.finditer(r"(?<![^\W\d_])chi(?![^\W\d_])", text.lower()):
        normalized = normalized[:m.start()] + lx.SPEND_MARK + normalized[m.end():]
    return normalized


def read_figures(message: str, asked: str | None = None) -> list[Finding]:
    """Every funnel count and money figure the message states, mapped to snapshot fields."""
    text = nfc(message)
    normalized = _mark_spend(text, norm(text))
    amounts = find_amounts(text)
    found = []
    for i, amount in enumerate(amounts):
        left, right = _contexts(normalized, amounts, i)
        if _not_a_figure(left, right):
            continue
        field = _field_for(amount, normalized[amount.start:amount.end], left, right, asked)
        if field:
            value = amount.value * (_per_period(right) if field == "spend" else 1.0)
            found.append(Finding(field, value, text[amount.start:amount.end]))
    return found


def polarity(normalized: str) -> bool | None | str:
    """'unknown' for "không biết", False for "không/chưa", True for "có/rồi", None if silent."""
    if has_any(normalized, lx.UNKNOWN_WORDS):
        return "unknown"
    if has_any(normalized, lx.NO_WORDS):
        return False
    if has_any(normalized, lx.YES_WORDS):
        return True
    return None


def read_practices(message: str) -> dict[str, bool | None]:
    """Practices the owner mentions, with their polarity ("chưa có định vị" -> False)."""
    normalized = norm(message)
    found = {}
    for clause in BOUNDARY.split(normalized):
        for practice, phrases in lx.PRACTICE_WORDS.items():
            if has_any(clause, phrases):
                said = polarity(clause)
                vague = said == "unknown" and has_any(clause, lx.VAGUE_WORDS)
                found[practice] = False if vague else None if said == "unknown" else said is not False
    return found


@lru_cache(maxsize=4)
def _industries(knowledge_dir: Path) -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load((knowledge_dir / "benchmarks.yaml").read_text(encoding="utf-8")) or {}
    pairs = [(norm(word), industry) for industry, names in (data.get("industries") or {}).items()
             for word in names]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def read_industry(message: str, knowledge_dir: Path) -> str | None:
    """The benchmark industry id named in the message ("spa" -> health), longest name first."""
    normalized = norm(message)
    for word, industry in _industries(knowledge_dir):
        if has_any(normalized, [word]):
            return industry
    return None


def is_decline(message: str) -> bool:
    """"không biết", "chưa rõ", "không có", "no idea"…: the owner has no figure for this."""
    return has_any(norm(message), lx.UNKNOWN_WORDS + lx.NONE_WORDS)


def wants_to_go_on(message: str) -> bool:
    """"cứ phân tích đi", "go ahead": diagnose now with what there is."""
    return has_any(norm(message), lx.GO_AHEAD)
