"""Corrections: "120 đơn chứ không phải 12", "sửa 12 đơn thành 120", "à nhầm", "bỏ số doanh thu"."""

import re
from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.text import has_any

_FILLER = re.compile(r"(?<![a-z0-9])(so|con so|phan|cai|muc|the|figure|number|cho|di|luon|gium|giup|nay|do|xe|luot|"
                     r"of|for|my|our|la|em|minh|ban|anh|chi|oi|nhe|nha|a|an)(?![a-z0-9])")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    alt = lx.alternatives
    return (re.compile(rf"(?<![a-z0-9])(?:{alt('old_after')})(?:\s+(?:la|so|phai))?\s*$"),
            re.compile(rf"(?<![a-z0-9])(?:{alt('replace_words')})(?![a-z0-9])"),
            re.compile(rf"^[^,.;!?]{{0,24}}?(?<![a-z0-9])(?:{alt('replace_into')})\s*$"))


def is_correction(normalized: str) -> bool:
    """The owner says they got a figure wrong ("nhầm", "sửa lại", "à không", "đúng ra là", "sửa X thành Y")."""
    _, replace, _ = _patterns()
    said = replace.search(normalized)
    return has_any(normalized, lx.words("correction_words")) or bool(
        said and re.search(r"(?<![a-z0-9])(thanh|into|to)(?![a-z0-9])", normalized[said.end():said.end() + 40]))


def old_values(normalized: str, amounts: list[Amount]) -> dict[int, int]:
    """Index of each amount the owner takes back -> index of the amount that replaces it."""
    old_after, replace, into = _patterns()
    pairs = {}
    for i, a in enumerate(amounts):
        left = normalized[max(0, a.start - 28):a.start]
        if old_after.search(left):
            partner = _partner(normalized, amounts, i)
            if partner is not None and partner not in pairs:
                pairs[i] = partner
        elif i + 1 < len(amounts) and into.search(normalized[a.end:amounts[i + 1].start]):
            if replace.search(normalized[max(0, a.start - 36):a.start]):
                pairs[i] = i + 1
    return pairs


def _partner(normalized: str, amounts: list[Amount], i: int) -> int | None:
    """The new value beside a taken-back one: the next number when it follows at once ("không phải 12 mà 120")."""
    gap = normalized[amounts[i].end:amounts[i + 1].start] if i + 1 < len(amounts) else ""
    if len(gap) <= 24 and re.search(r"(?<![a-z])(ma|but|la|it's|its|it is|it was|was|rather)(?![a-z])", gap):
        return i + 1
    before = normalized[amounts[i - 1].end:amounts[i].start] if i else "."
    if re.search(r"[.!?:;\n]", before) and re.fullmatch(r"\s*[a-z ]{0,16}[,;:-]\s*", gap):
        return i + 1  # "typo: not 120 orders, 1,200": nothing before it to replace, the next number does
    return i - 1 if i else None


_PUT_IN_AMOUNT = re.compile(r"\s+(?:ra\s+|them\s+)?(?:khoang\s+|tam\s+)?\d[\d.,]*\s*(?:trieu|tr|k|ty|ti|cu|nghin|ngan|m)\w*"
                            r"\s+(?:de\s+|vao\s+|cho\s+)?")


def _puts_in(normalized: str, at: int) -> bool:
    """"bỏ 8 triệu chạy quảng cáo": an amount, then what it is put into."""
    m = _PUT_IN_AMOUNT.match(normalized, at)
    return bool(m) and bool(lx.compiled("put_in_words").match(normalized, m.end()))


def removals(normalized: str, hits: list[lx.Hit], amounts: list[Amount], text: str = "") -> list[tuple[str, int, int]]:
    """(measure, start, end) of each figure the owner asks to drop ("bỏ số doanh thu", "xoá 12 đơn"); `text`, the
    message as typed, rules out a word typed with other diacritics ("giá bó" is a bouquet's price)."""
    out = []
    for m in lx.compiled("remove_words").finditer(normalized):
        if text and not lx.spelled_as(m.group(), text[m.start():m.end()]):
            continue
        if normalized[max(0, m.start() - 5):m.start()] == "phan ":
            continue  # "phân bổ ngân sách" (allocate the budget) without diacritics is no "bỏ"
        if _puts_in(normalized, m.end()):
            continue  # "bỏ 8 triệu chạy quảng cáo": money put in, not a figure dropped
        target = _named_after(normalized, m.end(), hits, amounts)
        if target:
            out.append((target.meaning, m.start(), target.end))
    return out


def _named_after(normalized: str, start: int, hits: list[lx.Hit], amounts: list[Amount]) -> lx.Hit | None:
    """The measure word right after a remove word, with only fillers and the old number in between."""
    for h in sorted((h for h in hits if h.start >= start and h.group in ("stage", "money", "audience")),
                    key=lambda h: (h.start, -len(h.phrase))):
        gap = normalized[start:h.start]
        for a in amounts:
            if start <= a.start and a.end <= h.start:
                gap = gap.replace(normalized[a.start:a.end], " ")
        return h if not _FILLER.sub(" ", gap).strip(" :") else None
    return None


def removed_values(normalized: str, amounts: list[Amount], known: dict) -> list[tuple[str, int, int]]:
    """"bỏ số 16 triệu đi": a remove word, then a number the session holds (and nothing naming a measure): that
    figure is dropped. (measure, start, end) like `removals`."""
    out = []
    for m in lx.compiled("remove_words").finditer(normalized):
        a = next((a for a in amounts if a.start >= m.end()), None)
        if a is None or _FILLER.sub(" ", normalized[m.end():a.start]).strip(" :"):
            continue
        fields = [field for field, value in known.items() if value == a.value and not re.search(r"[@#]", field)]
        if len(fields) == 1:
            out.append((fields[0], m.start(), a.end))
    return out
