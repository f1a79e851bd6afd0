"""Vietnamese numbers and money in free text: "30 triệu", "60tr", "1,2 tỷ", "2k", "15%", "20–30 triệu".

`find_amounts(text)` returns every amount with its span, value, unit (money | count | percent) and
an approximate flag; percents are fractions (15% -> 0.15); a range becomes its middle, approximate.
"""

import math
import re
from dataclasses import dataclass

from assistant.core.lang import strip_diacritics

MULTIPLIERS = {"ty": 1e9, "ti": 1e9, "trieu": 1e6, "tr": 1e6, "cu": 1e6, "nghin": 1e3, "ngan": 1e3, "k": 1e3}

_ATOM = re.compile(
    r"""(?P<pre>\$\s?)?(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)
    (?:\s?(?P<mult>tỷ|tỉ|ty|ti|triệu|trieu|tr|củ|nghìn|nghin|ngàn|ngan|k)(?P<tail>\d{1,3})?(?!\w))?
    (?:\s(?P<half>rưỡi|ruoi)(?!\w))?
    (?:\s?(?P<pct>%|phần\s+trăm|phan\s+tram|percent))?
    (?:\s?(?P<cur>đồng|dong|vnđ|vnd|đ|₫|usd|\$)(?![\w$]))?""",
    re.IGNORECASE | re.VERBOSE,
)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|~|đến|den|tới|toi|to)\s*", re.IGNORECASE)
_APPROX = re.compile(
    r"(?:khoảng|khoang|tầm|gần|hơn|chừng|cỡ|xấp xỉ|xap xi|~|around|about|approximately|nearly|roughly|over)"
    r"\s*(?:từ\s*)?$", re.IGNORECASE)
_COUNT_NOUNS = re.compile(
    r"^\s*(?:mess|messages?|tin nhan|inbox|don|orders?|khach|customers?|leads?|nguoi|people|luot|visits?|clicks?|"
    r"follow\w*|comments?|views?|likes?|data|so|sdt|cuoc goi|calls?|hoc vien|students?|benh nhan|patients?|"
    r"ngay|days?|thang|months?|tuan|weeks?|nam|years?|gio|hours?|san pham|products?|lan|times?)\b"
)


@dataclass
class Amount:
    """One number found in text; `value` is in base units (VND, count, or a fraction for percents)."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # money | count | percent
    approximate: bool = False
    low: float | None = None
    high: float | None = None
    currency: str | None = None


def parse_number(token: str) -> float:
    """'1.500' -> 1500, '1,2' -> 1.2, '1.234,5' -> 1234.5, '1,234.5' -> 1234.5."""
    if re.fullmatch(r"\d{1,3}(?:[.]\d{3})+", token) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        return float(re.sub(r"[.,]", "", token))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+", token):
        return float(token.replace(",", ""))
    return float(token.replace(",", "."))


def _multiplier(word: str | None) -> float:
    return MULTIPLIERS[strip_diacritics(word).lower()] if word else 1.0


def _atom(match: re.Match, text: str) -> Amount:
    mult = _multiplier(match["mult"])
    value = parse_number(match["num"]) * mult + (0.5 * mult if match["half"] and match["mult"] else 0)
    if match["tail"]:  # "1tr2" = 1.2 triệu, "2k5" = 2.5 nghìn
        value += int(match["tail"]) * mult / 10 ** len(match["tail"])
    after = strip_diacritics(text[match.end():match.end() + 20]).lower()
    if match["pct"]:
        unit, value = "percent", value / 100
    elif match["cur"] or match["pre"]:
        unit = "money"
    elif _COUNT_NOUNS.match(after):
        unit = "count"
    else:
        unit = "money" if match["mult"] else "count"
    currency = None
    if unit == "money":
        usd = "$" in (match["pre"] or "") + (match["cur"] or "") or (match["cur"] or "").lower() == "usd"
        currency = "USD" if usd else "VND"
    approx = bool(_APPROX.search(text[max(0, match.start() - 16):match.start()]))
    return Amount(match.start(), match.end(), match.group(0), value, unit, approx, currency=currency)


def _atoms(text: str) -> list[tuple[Amount, re.Match]]:
    found = []
    for match in _ATOM.finditer(text):
        try:
            amount = _atom(match, text)
        except ValueError:  # "1.2.3", "1.2.2026": a version or a date, no amount
            continue
        if math.isfinite(amount.value):  # 400 digits overflow to inf: no amount either
            found.append((amount, match))
    return found


def _merge_compound(a: Amount, ma: re.Match, b: Amount, mb: re.Match, text: str) -> Amount | None:
    """'2 triệu 250 nghìn' -> 2.25 triệu; '1 tỷ 2' -> 1.2 tỷ (a digit after the unit is a decimal)."""
    if a.unit != "money" or not ma["mult"] or ma["cur"] or text[a.end:b.start].strip():
        return None
    big = _multiplier(ma["mult"])
    if mb["mult"] and _multiplier(mb["mult"]) < big:
        extra = b.value
    elif not (mb["mult"] or mb["pct"] or mb["cur"]) and b.unit == "count" and re.fullmatch(r"\d{1,3}", mb["num"]):
        if _COUNT_NOUNS.match(strip_diacritics(text[b.end:b.end + 20]).lower()):
            return None
        extra = int(mb["num"]) * big / 10 ** len(mb["num"])
    else:
        return None
    return Amount(a.start, b.end, text[a.start:b.end], a.value + extra, "money", a.approximate or b.approximate,
                  currency=b.currency or a.currency)


def _merge_range(a: Amount, ma: re.Match, b: Amount, mb: re.Match, text: str) -> Amount | None:
    """'20–30 triệu' -> 25 triệu, approximate, low 20 triệu, high 30 triệu."""
    if not _RANGE_SEP.fullmatch(text[a.end:b.start]):
        return None
    low = a.value
    if not (ma["mult"] or ma["pct"] or ma["cur"]):
        low = parse_number(ma["num"]) * _multiplier(mb["mult"]) / (100 if b.unit == "percent" else 1)
    if low > b.value or (a.unit != b.unit and (ma["mult"] or ma["pct"] or ma["cur"])):
        return None
    return Amount(a.start, b.end, text[a.start:b.end], (low + b.value) / 2, b.unit, True, low, b.value, b.currency)


def find_amounts(text: str) -> list[Amount]:
    """Every amount in the text, left to right, with compounds and ranges merged."""
    atoms = _atoms(text or "")
    out, i = [], 0
    while i < len(atoms):
        (a, ma) = atoms[i]
        if i + 1 < len(atoms):
            b, mb = atoms[i + 1]
            merged = _merge_compound(a, ma, b, mb, text) or _merge_range(a, ma, b, mb, text)
            if merged:
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def parse_amount(text: str) -> Amount | None:
    """The first amount in the text, or None."""
    found = find_amounts(text)
    return found[0] if found else None
