"""Figures no small business has ("CPL 21đ", 1,2 million messages): worded back for the owner to confirm."""

import re

from assistant.intake import lexicon as lx
from assistant.intake.amounts import find_amounts, mark_spend
from assistant.intake.text import nfc, norm

_COMPACT_MILLIONS = re.compile(r"\d+\s?tr\d{1,3}", re.IGNORECASE)  # "1tr2", "1tr25"


def counts_thousands(text: str, measure: str) -> bool:
    """"1tr2 mess": a count of leads or sales written like money in millions means thousands."""
    return measure in lx.data()["plausibility"]["thousands_not_millions"] and bool(
        _COMPACT_MILLIONS.fullmatch(text.strip()))


def _floor() -> float:
    return float(lx.data()["plausibility"]["min_cost_per_lead"])


def stated_doubts(message: str) -> list[dict]:
    """A cost per lead said in words that no ad account gives ("CPL 21đ"): the figure, as the owner wrote it."""
    text = nfc(message)
    normalized = mark_spend(text, norm(text))
    words = lx.compiled_phrases(tuple(lx.data()["plausibility"]["cost_per_lead_words"]))
    out = []
    for a in find_amounts(text):
        before = normalized[max(0, a.start - 24):a.start]
        after = normalized[a.end:a.end + 12]
        named = words.search(before)
        said = named and not re.search(r"\d", before[named.end():])  # "CPL 21đ", not "CPL 45k, 21 đơn"
        per_lead = re.match(r"\s*(?:/|mot|moi|1|per|a)\s*(?:lead|tin nhan|tin|mess|ib|inbox|message|enquiry)\b", after)
        unit = re.match(r"\s*(?:d|dong|vnd)\b", after)
        money = a.unit == "money" or unit
        end = a.end + (unit.end() if unit and a.unit != "money" else 0)
        if (said or (per_lead and money)) and a.unit != "percent" and a.value < _floor() and a.currency in (None, "VND"):
            out.append({"kind": "cost_per_lead", "value": a.value, "said": text[a.start:end].strip(),
                        "spend": None, "leads": None})
    return out


def derived_doubt(snapshot: dict) -> dict | None:
    """The cost per lead the stored spend and leads give, when it is below what any ad account shows."""
    spend, leads = snapshot.get("spend"), (snapshot.get("funnel") or {}).get("leads")
    if not spend or not leads or spend / leads >= _floor():
        return None
    return {"kind": "cost_per_lead", "value": round(spend / leads, 2), "said": None, "spend": spend, "leads": leads}
