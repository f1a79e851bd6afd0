"""Read an owner's message: its figures (with kind, channel, period, currency), corrections, the industry."""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.contracts import STAGES
from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount, find_amounts, mark_spend
from assistant.intake.combine import combine
from assistant.intake.context import SENTENCE, _bounds, _cuts, nearest, place, within
from assistant.intake.corrections import (
    is_correction,
    old_values,
    removals,
    removed_values,
)
from assistant.intake.currency import DEFAULT_USD_RATE, stated_rate, to_vnd
from assistant.intake.figure import Finding, stored_field
from assistant.intake.figures import (
    COUNT_GROUPS,
    inherit,
    is_money,
    not_a_figure,
    per_period,
    priced_sales,
    read_amount,
    written_spans,
)
from assistant.intake.lists import read_run, runs
from assistant.intake.practices import TARGET_PRACTICES, polarity, read_practices
from assistant.intake.scope import latest, out_of_scope
from assistant.intake.text import has_any, nfc, norm

__all__ = ["Finding", "Reading", "read", "read_figures", "read_practices", "read_industry", "polarity",
           "is_decline", "wants_to_go_on", "TARGET_PRACTICES"]


@dataclass
class Reading:
    """What one message says: its figures, whether it corrects earlier ones, a USD rate it states."""

    findings: list[Finding] = field(default_factory=list)
    correction: bool = False
    usd_rate: float | None = None


def read(message: str, asked: str | None = None, usd_rate: float | None = None,
         known: dict | None = None, industry: str | None = None) -> Reading:
    """Every figure the message states, mapped to snapshot fields; `known` maps fields to values held so far,
    `industry` (a benchmark industry id) decides the words whose stage depends on the business."""
    text = nfc(message)
    normalized = _ONE_TO_ONE.sub("1-1", mark_spend(text, norm(text)))  # "tư vấn 1:1": no clause mark (same length)
    hits = lx.in_industry(lx.spelled(lx.scan(normalized), text), industry, normalized)
    amounts = latest(find_amounts(text), normalized)
    stated, rate_at = stated_rate(normalized, amounts)
    dropped = removals(normalized, hits, amounts, text) + removed_values(normalized, amounts, known or {})
    written, beyond = written_spans(text), out_of_scope(amounts, normalized, hits, text)
    kept = [a for i, a in enumerate(amounts) if i not in rate_at and i not in beyond and not _inside(a, dropped)
            and not any(s <= a.start < e for s, e in written) and not not_a_figure(a, normalized, hits)
            and not _explains(a, normalized, known or {})]
    kept = [a for a in kept if not _echoed(a, kept, text) and not _referred(a, normalized, known or {})]
    found = _asides(_read_all(text, normalized, hits, kept, asked), kept, text)
    if is_correction(normalized):
        found = [f or _named_earlier(a, normalized, hits, text, kept) for f, a in zip(found, kept)]
    findings = _apply_corrections(normalized, kept, found, known or {})
    set_now = {f.field for f in findings if f and not f.removed}
    findings += [r for r in (_removal(measure, normalized, hits, start, end) for measure, start, end in dropped)
                 if r.field not in set_now]  # "bỏ số 500 đi, đúng ra là 210": the new figure replaces it
    rate = stated or usd_rate or DEFAULT_USD_RATE
    findings = [to_vnd(f, rate) for f in findings if f.field]
    joined = _joined(normalized, kept)
    totals = _totals(normalized, hits, kept) - joined  # "tổng 2 kênh là 6tr fb + 4tr zalo": the sum is the total
    reading = Reading(combine(findings, totals, joined), is_correction(normalized), stated)
    if reading.correction:
        for f in reading.findings:
            f.correction = True
    return reading


def read_figures(message: str, asked: str | None = None) -> list[Finding]:
    """The figures of `read`, for callers that need only them."""
    return read(message, asked).findings


def _read_all(text, normalized, hits, amounts: list[Amount], asked) -> list[Finding | None]:
    places = [place(normalized, amounts, i) for i in range(len(amounts))]
    found_runs = runs(normalized, amounts, hits)
    if len(amounts) > 1 and (any(nearest(hits, a, p, COUNT_GROUPS) for a, p in zip(amounts, places))
                             or any(_headed(run, amounts, places, hits) for run in found_runs)):
        asked = None  # the words name the counts; a bare one among them is not the answer to the question asked
    out = [read_amount(a, p, hits, text, normalized, asked) for a, p in zip(amounts, places)]
    for run in found_runs:
        read_run(run, out, amounts, places, hits, normalized)
    out = priced_sales(inherit(out, amounts, places, hits, text, normalized))
    for f, a, p in zip(out, amounts, places):
        if f and f.unit != "percent" and f.measure not in ("aov", "followers") and not f.period:
            _per_month(f, per_period(hits, a, p), normalized[p.sentence_start:p.sentence_end])
    _split_mql(out)
    _booked_last(out)
    _signup_first(out)
    _signup_later(out)
    return out


def _headed(run: list[int], amounts: list[Amount], places, hits) -> bool:
    """"Consultation bookings by week: 34, 41, 29 and 38": a stage named before the run, in its sentence."""
    first = places[run[0]]
    return any(h.group == "stage" and first.sentence_start <= h.start and h.end <= amounts[run[0]].start for h in hits)


def _booked_last(found: list[Finding | None]) -> None:
    """"140 inquiries, 22 video calls and 3 bookings": bookings after another qualifying step, with no sale named,
    are the sales (a planner's or a studio's booked client)."""
    qualified = [f for f in found if f and f.measure == "qualified" and f.kind == "actual" and not f.period]
    if len(qualified) < 2 or any(f and f.measure == "customers" for f in found):
        return
    last = qualified[-1]
    if has_any(norm(last.quote), lx.words("closed_nouns")) and not has_any(norm(qualified[0].quote), lx.words("closed_nouns")):
        last.field = last.measure = "customers"


def _signup_later(found: list[Finding | None]) -> None:
    """"200 người inbox, 30 người đăng ký": a sign-up after the enquiries, with no sale named, is the sale (a gym's
    membership, a class's enrolment)."""
    leads = [f for f in found if f and f.measure == "leads" and f.kind == "actual" and not f.period]
    if len(leads) != 2 or any(f and f.kind == "actual" and (f.measure == "customers" or (
            f.measure == "qualified" and not leads[0].start < f.start < leads[1].start)) for f in found):
        return  # (a goal in customers beside them names no sale of the period; "150 hỏi, 40 học thử, 22 đăng ký")
    later = leads[1]
    if later.channel:
        return  # "Facebook 120 tin, Zalo đăng ký 40": channels of one stage
    if has_any(norm(later.quote), lx.words("signup_words")) and not has_any(norm(leads[0].quote), lx.words("signup_words")):
        later.field = later.measure = "customers"


def _signup_first(found: list[Finding | None]) -> None:
    """"540 bạn đăng ký học thử, 70 bạn đến học thử": a sign-up before an attendance is the lead, when no lead
    is named otherwise (after "800 tin nhắn" it stays the qualified step)."""
    qualified = [f for f in found if f and f.measure == "qualified" and f.kind == "actual"]
    if not qualified or any(f and f.measure == "leads" for f in found):
        return  # "100 người đăng ký tập thử, 40 người mua gói": with no lead named, the sign-up is the lead
    first = qualified[0]
    if has_any(norm(first.quote), lx.words("signup_words")):
        first.field = first.measure = "leads"


def _split_mql(found: list[Finding | None]) -> None:
    """"95 MQL, 30 SQL": SQL is the qualified stage, MQL is kept in its own field."""
    qualified = [f for f in found if f and f.measure == "qualified"]
    if any(f.note in ("sql", "sqls") for f in qualified):
        for f in qualified:
            if f.note in ("mql", "mqls"):
                f.field = f.measure = "mql"


_HOW_MANY = {"week": re.compile(r"(?<![\d.,])(\d{1,2})\s*(?:tuan|weeks?)(?![a-z])"),
             "day": re.compile(r"(?<![\d.,])(\d{1,2})\s*(?:ngay|days?)(?![a-z])")}


def _per_month(f: Finding, per: str | None, sentence: str = "") -> None:
    """"mỗi tuần 7 triệu" -> 30 triệu a month, marked estimated with the assumption named; "4 tuần, mỗi tuần 2
    triệu" -> the 4 weeks said, 8 triệu, no assumption."""
    if not per:
        return
    said = _HOW_MANY[per].search(sentence)
    if said:
        f.value, f.period, f.note = f.value * int(said.group(1)), f"{int(said.group(1))} {per}s", "times_said"
        return
    f.value *= lx.data()["per_period_factor"][per]
    f.estimated, f.note = True, f"per_{per}"


def _apply_corrections(normalized, amounts, found: list, known: dict) -> list[Finding]:
    """Drop taken-back numbers; the number replacing one takes its field when it names none itself."""
    pairs = old_values(normalized, amounts)
    pairs.update(_taken_back_inline(normalized, amounts, found, pairs))
    # "…, hẹn đi xem 160 khách. À nhầm, đi xem là 60 chứ không phải 160": the 160 said first is taken back too
    taken = {amounts[j].value: j for j in pairs}
    earlier = {i for i, a in enumerate(amounts) if a.value in taken and i < taken[a.value] and i not in pairs.values()}
    out = []
    for i, f in enumerate(found):
        if i in pairs or i in earlier:
            continue
        old = next((j for j, new in pairs.items() if new == i), None)
        if old is not None:
            held = _held_as(known, amounts[old].value, f)
            part = _part_of(known, amounts[old].value, amounts[i])
            f = part or held or f or _like(found[old], amounts[i], normalized, known, amounts[old].value)
            if f:
                f.correction = True
        if f:
            out.append(f)
    return out


def _asides(found: list, amounts: list[Amount], text: str) -> list:
    """"chốt được 1 công ty (đơn lớn 400 hộp)", "$300 (… that's 7.5 million VND)": a figure in brackets right after
    one of the same field describes or restates it; it is no second figure to add."""
    out = list(found)
    for i in range(1, len(found)):
        opened = text.rfind("(", amounts[i - 1].end, amounts[i].start)
        if found[i] and found[i - 1] and found[i].field == found[i - 1].field and opened >= 0 \
                and ")" not in text[opened:amounts[i].start] and not found[i].channel \
                and (found[i].unit == "count" or found[i - 1].currency == "USD" != found[i].currency) \
                and not _adds_up(amounts[i - 1], amounts[i:]):  # "$300 (… that's 7.5 million VND)": the same money
            out[i] = None  # ("shopee 200 đơn, tiktok 100 đơn" after "300 đơn" is its breakdown)
    return out


def _taken_back_inline(normalized: str, amounts: list[Amount], found: list, pairs: dict) -> dict[int, int]:
    """"38 khách đặt lịch, à nhầm, 83 khách đặt lịch mới đúng": a correction word between two figures of one field
    takes back the first."""
    out = {}
    for i in range(len(amounts) - 1):
        a, b, old, new = amounts[i], amounts[i + 1], found[i], found[i + 1]
        if {i, i + 1} & (set(pairs) | set(pairs.values())) or not (old and new) or old.field != new.field:
            continue
        if has_any(normalized[a.end:b.start], lx.words("correction_words")):
            out[i] = i + 1
    return out


def _named_earlier(a: Amount, normalized: str, hits, text: str, amounts: list[Amount]) -> Finding | None:
    """"doanh thu em gõ nhầm, 710 triệu mới đúng": in a correction, the field named earlier in the sentence."""
    p = place(normalized, amounts, amounts.index(a))
    group = "money" if is_money(a, p, hits) else "stage"
    named = [h for h in hits if h.group == group and p.sentence_start <= h.start and h.end <= a.start]
    if not named:
        return None
    f = read_amount(a, p, hits, text, normalized, named[-1].meaning if group == "stage" else None)
    if f is None and group == "money":
        f = Finding(field=named[-1].meaning, value=a.value, raw=a.text, measure=named[-1].meaning, unit="money",
                    currency=a.currency or "VND", quote=text[p.sentence_start:p.sentence_end].strip(), start=a.start)
    return f


def _explains(a: Amount, normalized: str, known: dict) -> bool:
    """"sửa lại chi phí là 32 triệu, lúc nãy quên cộng 7 triệu thuê KOL": in a correction, an amount after "forgot
    to add" explains the corrected figure, it is no figure of its own; nor is the old figure it explains ("chốt 6
    căn thôi, 9 là tính cả 3 căn đang cọc")."""
    if not is_correction(normalized):
        return False
    if has_any(normalized[max(0, a.start - 28):a.start], lx.words("explains_words")):
        return True
    said = _EXPLAINED.match(normalized, a.end)
    return a.value in known.values() and bool(said) and has_any(normalized[a.end:said.end() + 16], lx.words("explains_words"))


_EXPLAINED = re.compile(r"\s*(?:[a-z]+\s+)?(?:la|is|was|thi)\s+")  # "9 là tính cả …", "the 45 was counting …"


def _held_as(known: dict, old_value: float, new: Finding | None) -> Finding | None:
    """"130 ca chứ không phải 300": the figure held as 300 is the one corrected, whatever a count noun ("ca")
    makes of the new number; only a count can replace a count."""
    fields = [k for k, v in known.items() if v == old_value and not _PART.search(k)]  # not a channel's part or a row
    if new is None or len(fields) != 1 or fields[0] == new.field or new.unit != "count":
        return None
    return Finding(**{**new.__dict__, "field": fields[0], "measure": fields[0]}) if fields[0] in STAGES else None


_PART = re.compile(r"[@#]")


def _part_of(known: dict, old_value: float, a: Amount) -> Finding | None:
    """"Zalo là 210 chứ không phải 120", "week 2 was 78, not 70": the one channel or row of a summed figure held at
    the old value, when no whole figure is; the new value replaces that part."""
    if any(v == old_value and not _PART.search(k) for k, v in known.items()):
        return None
    parts = [k for k, v in known.items() if v == old_value and _PART.search(k)]
    if len(parts) != 1:
        return None
    field, mark, where = re.split(r"([@#])", parts[0], maxsplit=1)
    return Finding(field=field, value=a.value, raw=a.text, measure=field, unit=a.unit, start=a.start,
                   channel=where if mark == "@" else None, note=f"row {where}" if mark == "#" else None,
                   currency=(a.currency or "VND") if a.unit == "money" else None)


def _like(old: Finding | None, a: Amount, normalized: str, known: dict, old_value: float) -> Finding | None:
    """A bare new number in a correction: the field of the number it replaces, or the field that held it."""
    if old is None:
        scales = (1, 1e3, 1e6, 1e9) if a.unit == "money" else (1,)  # "41 triệu chứ không phải 14" (14 triệu)
        field = next((k for k, v in known.items() for x in scales if v == old_value * x), None)
        if not field:
            return None
        field, _, channel = field.partition("@")  # "Zalo là 210 chứ không phải 120": one channel's part
        old = Finding(field=field, value=old_value, raw="", measure=field, unit=a.unit, channel=channel or None,
                      currency=(a.currency or "VND") if a.unit == "money" else None)
    return Finding(**{**old.__dict__, "value": a.value, "raw": a.text, "start": a.start, "parts": []})


def _removal(measure: str, normalized: str, hits, start: int, end: int) -> Finding:
    kind = "target" if any(h.meaning == "target" for h in within(hits, start - 20, end + 20, "kind")) else "actual"
    return Finding(field=stored_field(measure, kind), value=None, raw=normalized[start:end], measure=measure,
                   kind=kind, removed=True, correction=True, start=start)


_ONE_TO_ONE = re.compile(r"(?<![\d.,])1:1(?![\d])")


def _referred(a: Amount, normalized: str, known: dict) -> bool:
    """"Trong 30 lead đó ký được 9 hợp đồng", "of those 90 leads": a figure the session holds, pointed back to."""
    before = normalized[max(0, a.start - 24):a.start].rstrip()
    said = any(m.end() == len(before) for m in lx.compiled("of_those").finditer(before))
    return said and a.value in known.values()


def _echoed(a: Amount, kept: list[Amount], text: str) -> bool:
    """"…and 2 bought. Is 2 sales out of 90 normal?": a number in a question that repeats one the owner has just
    stated in the message is the same figure, asked about; it is not read again (as another stage)."""
    start, end = _bounds(_cuts(SENTENCE, text), a, len(text))  # the sentence the number is in
    if text[end:end + 1] != "?":
        return False
    return any(b.end <= start and b.value == a.value and b.unit == a.unit for b in kept)


def _inside(a: Amount, spans) -> bool:
    return any(start <= a.start and a.end <= end + 24 for _, start, end in spans)


def _totals(normalized: str, hits, amounts: list[Amount]) -> set[int]:
    """Positions of numbers said to be a total ("tổng 35tr", "plan 30tr, chia fb 20tr, tiktok 10tr")."""
    out = set()
    for i, a in enumerate(amounts):
        p = place(normalized, amounts, i)
        ahead = normalized[a.end:amounts[i + 1].start] if i + 1 < len(amounts) else ""
        if within(hits, p.left_start, a.start, "total") or has_any(" ".join(p.right.split()[:2]),
                                                                     lx.words("total_words")):
            out.add(a.start)
        elif i + 1 < len(amounts) and has_any(ahead, lx.words("split_words")):
            out.add(a.start)
        elif _OPENS_BREAKDOWN.match(ahead) and _adds_up(a, amounts[i + 1:]):
            out.add(a.start)  # "ngân sách 90 triệu: Facebook 60 triệu, TikTok 30 triệu"
    return out


_OPENS_BREAKDOWN = re.compile(r"\s*(?:[a-z]+\s*)?[:(]")  # "90 triệu: …", "35tr (FB 20tr, …)", "300 đơn (shopee …"


def _adds_up(total: Amount, following: list[Amount]) -> bool:
    """The next figures of the same unit add up to `total` exactly: they are its breakdown."""
    running = 0.0
    for b in following:
        if b.unit != total.unit:
            break
        running += b.value
        if running >= total.value:
            return abs(running - total.value) < 1e-6 * max(1.0, total.value)
    return False


def _joined(normalized: str, amounts: list[Amount]) -> set[int]:
    """Positions of numbers added with "+" or "cộng" ("25 triệu ads + 5 triệu KOL")."""
    out = set()
    for a, b in zip(amounts, amounts[1:]):
        gap = normalized[a.end:b.start]
        if "+" in gap or has_any(gap, ["cong", "cong them", "plus", "them"]):
            out |= {a.start, b.start}
    return out


@lru_cache(maxsize=4)
def _industries(knowledge_dir: Path) -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load((knowledge_dir / "benchmarks.yaml").read_text(encoding="utf-8")) or {}
    pairs = [(norm(word), industry) for industry, names in (data.get("industries") or {}).items()
             for word in names]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=4)
def _industry_words(knowledge_dir: Path) -> tuple[str, ...]:
    return tuple(word for word, _ in _industries(knowledge_dir))


def _without_their_customers(normalized: str) -> str:
    """"giặt là công nghiệp cho khách sạn", "khách là các thương hiệu mỹ phẩm": the trade the owner serves is not
    their own; a description of the customer is blanked out (same length), unless it names the owner's own
    business ("chạy ads cho spa của mình")."""
    def blank(m: re.Match) -> str:
        whom = lx.compiled("not_own").sub(" ", m.group(1))
        return m.group(0) if lx.compiled("own_words").search(whom) else m.group(0)[:m.start(1) - m.start()] + " " * len(whom)
    return _for_whom().sub(blank, normalized)


@lru_cache(maxsize=1)
def _for_whom() -> re.Pattern:
    return re.compile(rf"(?<![a-z])(?:{lx.alternatives('for_whom')})\s+([^.;!?\n]*)")


def read_industry(message: str, knowledge_dir: Path, known: str | None = None) -> str | None:
    """The benchmark industry id named in the message ("spa" -> health), longest name first; a word that
    many trades use ("tư vấn", "dịch vụ", "shop") counts only when nothing more telling is named, and does not
    replace an industry `known` from earlier ("định vị là tư vấn pháp lý" keeps a real-estate agency)."""
    normalized = _without_their_customers(norm(message))
    if not has_any(normalized, _industry_words(knowledge_dir)):  # one pass: most messages name none
        return None
    named = [(word, industry) for word, industry in _industries(knowledge_dir) if has_any(normalized, [word])]
    weak = set(lx.words("industry_weak"))
    strong = [industry for word, industry in named if word not in weak]
    if strong:
        return strong[0]
    return None if known or not named else named[0][1]


def is_decline(message: str) -> bool:
    """"không biết", "chưa rõ", "không có", "no idea"…: the owner has no figure for this."""
    return has_any(norm(message), lx.data()["polarity"]["unknown"] + lx.words("none_words"))


def asks_for_a_verdict(message: str) -> bool:
    """"ads có lời không?", "is it working?": the owner asks to have what they gave judged."""
    return has_any(norm(message), _verdict_phrases())


@lru_cache(maxsize=1)
def _verdict_phrases() -> tuple[str, ...]:
    ask = lx.data()["verdict_ask"]
    return tuple(f"{stem} {tail}" for stem in ask["stems"] for tail in ask["tails"]) + tuple(ask["phrases"])


def wants_to_go_on(message: str) -> bool:
    """"cứ phân tích đi", "go ahead": diagnose now with what there is."""
    return has_any(norm(message), lx.go_ahead_words())
