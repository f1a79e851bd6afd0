"""Amounts in free text with their positions, from `assistant.diagnosis.numbers`, plus owners' slang."""

import re
from dataclasses import replace
from functools import lru_cache

from assistant.core.lang import strip_diacritics
from assistant.diagnosis.numbers import Amount
from assistant.diagnosis.numbers import find_amounts as _find
from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, norm

_EN_SCALE = re.compile(r"\s?(thousand|millions?|mil|m|billion|bn|b)(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _after() -> tuple[re.Pattern, re.Pattern]:
    """Words written right after a number: US dollars, and slang units (from the lexicon)."""
    return (re.compile(rf"\s?({lx.alternatives('usd_after')})(?![^\W\d_])", re.IGNORECASE),
            re.compile(rf"\s?({lx.alternatives('slang_units')})(?![^\W\d_])", re.IGNORECASE))


def _english_scale(amount: Amount, text: str) -> Amount:
    """"20 million", "1.5m": English scale words the Vietnamese parser leaves alone."""
    m = _EN_SCALE.match(text, amount.end)
    if not m or amount.unit == "percent" or amount.value >= 1000:
        return amount
    factor = lx.data()["en_multipliers"][m.group(1).lower()]
    return replace(amount, value=amount.value * factor, end=m.end(), unit="money",
                   text=text[amount.start:m.end()], currency=amount.currency or "VND")


def _slang(amount: Amount, text: str) -> Amount:
    """"1 tỏi" (a billion), "2 lít" (200 nghìn), "2 chục" (twenty), "3 trăm" (three hundred), "2 chục triệu"
    (twenty million), "22 chai" (22 triệu, when the words say money: else 22 bottles)."""
    m = _after()[1].match(text, amount.end)
    if not m or amount.unit == "percent" or amount.text.strip()[-1:].isalpha():
        return amount
    word = m.group(1).lower()
    unit = "money" if word in lx.data()["slang_money"] else amount.unit
    tail = (_SLANG_TAIL if unit == "money" else _HALF).match(text, m.end())  # "2 trăm rưỡi đơn": 250
    end = tail.end() if tail else m.end()
    if word in lx.data()["slang_ambiguous"] and not _slang_is_money(text, amount.start, end):
        return amount
    factor = lx.data()["slang_units"][word]
    if tail:  # "12 chai rưỡi", "1 tỏi 2": half a unit, or tenths of it
        extra = 0.5 if tail.group(1) else int(tail.group(2)) / 10 ** len(tail.group(2))
        amount = replace(amount, value=amount.value + extra)
    scale = _SCALE_AFTER.match(text, end) if unit != "money" else None
    if scale:  # "2 chục triệu", "3 trăm nghìn": a count of tens times a money unit
        factor *= _SCALES[strip_diacritics(scale.group(1)).lower()]
        unit, end = "money", scale.end()
    low, high = (None, None) if amount.low is None else (amount.low * factor, amount.high * factor)
    return replace(amount, value=amount.value * factor, end=end, unit=unit, low=low, high=high,
                   text=text[amount.start:end], currency="VND" if unit == "money" else amount.currency)


_SLANG_TAIL = re.compile(r"\s(?:(rưỡi|ruoi)|(\d{1,3}))(?!\d|[.,]\d|\s?[^\W\d_]{2,}|\s?%)", re.IGNORECASE)
_HALF = re.compile(r"\s(rưỡi|ruoi)(?![^\W\d_])", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s?(tỷ|tỉ|ty|triệu|trieu|tr|củ|cu|nghìn|nghin|ngàn|ngan|k)(?![^\W\d_])", re.IGNORECASE)
_SCALES = {"ty": 1e9, "ti": 1e9, "trieu": 1e6, "tr": 1e6, "cu": 1e6, "nghin": 1e3, "ngan": 1e3, "k": 1e3}
_CLAUSE_MARK = re.compile(r"[,;.!?\n]")
_ENDS_FIGURE = re.compile(r"\s*(?:$|[,;.!?)\n]|(?:a|ah|ak|thoi|nha|nhe|roi|do|day|luon|ha|em|anh|chi)(?![a-z0-9]))")


def _slang_is_money(text: str, start: int, end: int) -> bool:
    """"chạy quảng cáo hết 22 chai" is 22 triệu; "bán 300 chai serum" is 300 bottles: a slang unit that is also a
    thing is money only after a money word of its clause and with no noun of its own after it."""
    before = norm(text[max(0, start - 40):start])
    before = before[max((m.end() for m in _CLAUSE_MARK.finditer(before)), default=0):]
    return bool(_ENDS_FIGURE.match(norm(text[end:end + 12]))) and has_any(before, _money_only_words())


@lru_cache(maxsize=1)
def _money_only_words() -> tuple[str, ...]:
    """Spend and revenue words that are no stage word too ("bán được 40 chai" counts bottles)."""
    stages = {p for phrases in lx.stage_words().values() for p in phrases}
    money = lx.data()["money"]
    return tuple(p for p in money["spend"] + money["revenue"] if p not in stages)


def _usd(amount: Amount, text: str) -> Amount:
    """"1.200 đô", "500 dollars": US dollars written after the number."""
    m = _after()[0].match(text, amount.end)
    if not m or amount.unit == "percent" or _VND_SCALE.search(strip_diacritics(amount.text).lower()):
        return amount  # "5tr do fb chạy" is 5 triệu đồng ("do" = because): triệu and tỷ are đồng
    return replace(amount, end=m.end(), unit="money", currency="USD", text=text[amount.start:m.end()])


_BARE_SCALE = re.compile(r"(?<![^\W\d_])(?:khoảng|khoang|tầm|tam|cỡ|gần|gan|hơn|hon|chừng|chung|cả|about|around)\s+"
                         r"(trăm|tram|chục|chuc|nghìn|nghin|ngàn|ngan|tỷ|tỉ)(?:\s?(triệu|trieu|tr|củ|cu|tỷ|ty))?(?![^\W\d_])",
                         re.IGNORECASE)
_BARE_VALUES = {"tram": 100.0, "chuc": 10.0, "nghin": 1000.0, "ngan": 1000.0, "ty": 1e9, "ti": 1e9}


def _bare_scales(text: str, found: list[Amount]) -> list[Amount]:
    """"chốt được cỡ trăm đơn", "tầm chục triệu": a scale word with no number, after a word of approximation."""
    out = []
    for m in _BARE_SCALE.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in found):
            continue
        value = _BARE_VALUES[strip_diacritics(m.group(1)).lower()]
        scale = _SCALES[strip_diacritics(m.group(2)).lower()] if m.group(2) else (1.0 if value >= 1e9 else None)
        out.append(Amount(start=m.start(1), end=m.end(), text=text[m.start(1):m.end()], value=value * (scale or 1),
                          unit="money" if scale else "count", approximate=True, currency="VND" if scale else None))
    return out


_VND_SCALE = re.compile(r"(?:trieu|tr|ty|ti|cu|toi|lit|chai)\s*\d{0,3}(?:\s*ruoi)?$")
_THOUSAND_TAIL = re.compile(r"(nghìn|nghin|ngàn|ngan)$", re.IGNORECASE)


def _thousand_tail(a: Amount, b: Amount, text: str) -> Amount | None:
    """"1 nghìn 2 tin nhắn" = 1.200 (the base parser leaves the tail when a count follows)."""
    if not _THOUSAND_TAIL.search(a.text) or text[a.end:b.start] != " " or not re.fullmatch(r"\d{1,3}", b.text):
        return None
    value = a.value + int(b.text) * 1000 / 10 ** len(b.text)
    return replace(a, end=b.end, text=text[a.start:b.end], value=value, unit="count", currency=None)


def find_amounts(text: str) -> list[Amount]:
    """Every number in `text` ("30 triệu", "1.500", "15%", "20 million", "$1,200") with its span, in order."""
    found = [_usd(_slang(_english_scale(a, text), text), text) for a in _find(text)]
    found = sorted(found + _bare_scales(text, found), key=lambda a: a.start)
    found = [a for i, a in enumerate(found) if not any(b.start < a.start < b.end for b in found[:i])]  # "1 tỏi 2"
    out = []
    for a in found:
        merged = _thousand_tail(out[-1], a, text) if out else None
        if merged:
            out[-1] = merged
        else:
            out.append(a)
    return _shared_scale(_labelled_rows(out, text), text)


_ROW_LABEL = re.compile(r"(?:week|wk|w|tuan|tuần|tháng|thang|month|ngày|ngay|day)\s*$", re.IGNORECASE)
_RANGE = re.compile(r"(\d+)\s*([–—-]|:)\s*(.+)")


def _labelled_rows(amounts: list[Amount], text: str) -> list[Amount]:
    """"week 1 – 14, week 2 – 9": a row's label and its value, not the range 1–14."""
    out = []
    for a in amounts:
        m = _RANGE.fullmatch(a.text.strip())
        if a.low is None or not m or not _ROW_LABEL.search(text[max(0, a.start - 8):a.start]):
            out.append(a)
            continue
        start = a.start + a.text.index(m.group(3))
        value = float(m.group(3).replace(".", "").replace(",", "")) if m.group(3).replace(".", "").replace(",", "").isdigit() else None
        if value is None:
            out.append(a)
            continue
        label_end = a.start + len(m.group(1))
        out.append(replace(a, end=label_end, text=m.group(1), value=float(m.group(1)), low=None, high=None,
                           approximate=False))
        out.append(replace(a, start=start, text=m.group(3), value=value, low=None, high=None, approximate=False))
    return out


_LIST_GAP = re.compile(r"\s*(?:,|;|&|/|\+|,?\s*(?:and|và|va|rồi|roi|với|voi))\s*", re.IGNORECASE)
_SCALED = re.compile(r"(\d+(?:[.,]\d+)?)\s*[^\d\s].*")


def _shared_scale(amounts: list[Amount], text: str) -> list[Amount]:
    """"6, 7, 5 and 8 million": bare numbers listed before a scaled one share its scale and currency."""
    out = list(amounts)
    for i in range(len(out) - 1, 0, -1):
        last = out[i]
        m = _SCALED.fullmatch(last.text.strip())
        if last.unit != "money" or not m:
            continue
        factor = last.value / float(m.group(1).replace(",", "."))
        j = i - 1
        while j >= 0 and _bare(out[j]) and _LIST_GAP.fullmatch(text[out[j].end:out[j + 1].start]):
            out[j] = replace(out[j], value=out[j].value * factor, unit="money", currency=last.currency)
            j -= 1
    return out


def _bare(a: Amount) -> bool:
    """A plain small number ("6"), no unit of its own."""
    return a.unit == "count" and re.fullmatch(r"\d{1,3}(?:[.,]\d)?", a.text.strip()) is not None


def mark_spend(text: str, normalized: str) -> str:
    """"chi" (spend) and "chỉ" (only) differ only by a tone mark: tag the spend sense before folding."""
    for m in re.finditer(r"(?<![^\W\d_])chi(?![^\W\d_])", text.lower()):
        normalized = normalized[:m.start()] + lx.SPEND_MARK + normalized[m.end():]
    return normalized


__all__ = ["Amount", "find_amounts", "mark_spend"]
