"""A run of bare numbers under one heading: "Orders by week: 820, 760, 910, 1,030", "tin nhắn: Zalo 1.100, Facebook 700"."""

import re

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.context import Place, nearest
from assistant.intake.figure import MONEY_SIZED, Finding, stored_field

_WEEKDAYS = r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY_LABEL = re.compile(r"(?<![a-z0-9])(?:thu\s*[2-7]|t[2-7]|cn|chu nhat|" + _WEEKDAYS + r")(?![a-z0-9])")
_SEPARATOR = re.compile(r"[\s,;/&]*(?:(?:va|and|la|:)[\s,;/]*)?"
                        # a row label between rows: "tuần 1 được 64, tuần 2 58"
                        r"(?:(?:(?:tuan|week|ngay|day|thang|month|thu|t|w)\s*\d{1,2}|cn|chu nhat|" + _WEEKDAYS + r")"
                        r"\s*(?:duoc|dc|co|la|:|=|-)?[\s,;/]*)?")
_WORD = re.compile(r"\s*([a-z]+)")
_ROWS = {"week": re.compile(r"(?<![a-z0-9])(tuan|week|weeks|weekly)(?![a-z0-9])"),
         "day": re.compile(r"(?<![a-z0-9])(ngay|days|daily|thu \d|monday|chu nhat)(?![a-z0-9])")}


def runs(normalized: str, amounts: list[Amount], hits: list[lx.Hit]) -> list[list[int]]:
    """Indexes of three or more numbers (two with channels) separated only by commas, slashes or channel names."""
    out, current = [], [0] if amounts else []
    for i in range(1, len(amounts)):
        if _separated_only(normalized, amounts[i - 1], amounts[i], hits):
            current.append(i)
        else:
            out.append(current)
            current = [i]
    out.append(current)
    return [r for r in out if len(r) >= 3 or (len(r) == 2 and _all_channels(r, amounts, hits))]


def _separated_only(normalized: str, a: Amount, b: Amount, hits) -> bool:
    if _scale(a) != _scale(b):
        return False  # "TikTok 12tr; 30.000 lượt truy cập": money and counts are two lists
    gap = normalized[a.end:b.start]
    if re.search(r"[;.]", gap) and not _unit_after(a, hits) and _new_stage_after(b, a, hits):
        return False  # "Facebook 120, Zalo 80, Google 50; 30 customers": a new clause with a stage of its own
    unit = _unit_after(a, hits) or _word_after(normalized, a)
    unit_b = _unit_after(b, hits) or _word_after(normalized, b)
    if unit and (unit == unit_b or unit_b is None):
        gap = gap.replace(unit, " ", 1)  # "80 đơn, 95 đơn", "85 bàn, … 92 bàn", "t2 85 bill, t3 90", "47 cuộc, tuần 3 61"
    for h in sorted((h for h in hits if h.group == "channel" and a.end <= h.start and h.end <= b.start),
                    key=lambda h: -len(h.phrase)):
        gap = gap.replace(h.phrase, " ")
    return bool(_SEPARATOR.fullmatch(gap)) and "\n" not in gap


def _new_stage_after(b: Amount, a: Amount, hits) -> bool:
    """`b` has its own stage word right after it, and no stage word shortly before `a` names that stage."""
    own = next((h.meaning for h in hits if h.group == "stage" and 0 <= h.start - b.end <= 1), None)
    before = {h.meaning for h in hits if h.group == "stage" and h.end <= a.start and a.start - h.end < 120}
    return own is not None and own not in before


def _unit_after(a: Amount, hits) -> str | None:
    """The stage word written right after a number ("80 đơn")."""
    return next((h.phrase for h in hits if h.group == "stage" and 0 <= h.start - a.end <= 1), None)


def _word_after(normalized: str, a: Amount) -> str | None:
    m = _WORD.match(normalized, a.end)
    return m.group(1) if m else None


def _scale(a: Amount) -> str:
    """money, percent or count, as written; a six-figure number without a unit may be money."""
    return "money" if a.unit == "money" or a.value >= MONEY_SIZED else a.unit


def _all_channels(run: list[int], amounts: list[Amount], hits) -> bool:
    return all(any(h.group == "channel" and 0 <= amounts[i].start - h.end <= 2 for h in hits) for i in run)


def read_run(run: list[int], found: list, amounts: list[Amount], places: list[Place], hits,
             normalized: str) -> None:
    """Give every number of a run the heading's field, and mark rows of weeks or days so they are summed."""
    first = places[run[0]]
    head = normalized[first.sentence_start:amounts[run[0]].start]
    own = [found[i] for i in run if found[i] and found[i].note != "bare"]
    measure, unit, kind = _heading(head, hits, first, amounts[run[0]], own)
    if not measure:
        return
    for i in run:  # "khách đặt bàn: tuần 1 có 30 bàn, tuần 2 41 bàn": the heading names what "bàn" counts
        if found[i] is not None and found[i].note == "bare" and not own:
            found[i] = None
    # "thang 11 e ghi theo tuan: tin nhan 55, 62, 48, 75; lich hen 20, 18, 15, 27": rows said once for every run
    said = normalized[:first.sentence_end]
    labels = normalized[amounts[run[0]].end:amounts[run[-1]].start]
    period = "day" if len(_DAY_LABEL.findall(labels)) >= len(run) - 1 else next(
        (name for name, pattern in _ROWS.items() if pattern.search(said)), None)  # "t2 85 bill, t3 90, …": days
    for i in run:
        a = amounts[i]
        named = nearest(hits, a, places[i], ("channel",))
        channel = named.meaning if named else None
        if found[i] is not None:
            if found[i].measure == measure and (not found[i].channel or period):  # "Leads from Facebook per week: …"
                found[i].period = period
            continue
        found[i] = Finding(field=stored_field(measure, kind), value=a.value, raw=a.text, measure=measure, kind=kind,
                           unit=unit, currency=(a.currency or "VND") if unit == "money" else None, channel=channel,
                           period=None if channel else period, quote=normalized[first.sentence_start:first.sentence_end],
                           start=a.start)


def _heading(head: str, hits, first: Place, a: Amount, own: list[Finding]) -> tuple[str | None, str, str]:
    """The field named before the run ("doanh thu 4 tuần:"), or the one its own words give."""
    if own:
        return own[-1].measure, own[-1].unit, own[-1].kind
    channels = [h for h in hits if h.group == "channel"]
    named = [h for h in hits if h.group in ("stage", "money") and first.sentence_start <= h.start and h.end <= a.start
             and not any(c.start <= h.start and h.end <= c.end for c in channels)]  # the "Ads" of "Google Ads" names none
    in_thousands = a.currency in (None, "VND") and a.text.strip()[-1:] in "kK"
    reach_named = any(h.group == "stage" and h.meaning in ("reach", "visits") for h in named)
    if (_scale(a) == "count" or (in_thousands and reach_named)) and any(h.group == "stage" for h in named):
        named = [h for h in named if h.group == "stage"]  # "Lead quý 3: Google Ads 140, …": counts of the stage
        # ("lượt tiếp cận các bài quảng cáo là 30k, 25k, …": thousands of people reached, not money)
    kinds = [h.meaning for h in hits if h.group == "kind" and first.sentence_start <= h.start < a.start
             and h.meaning != "actual"]
    if not named:
        return None, "count", "actual"
    h = named[-1]
    return h.meaning, "money" if h.group == "money" else "count", ("target" if "target" in kinds else
                                                                   "plan" if kinds else "actual")
