"""Read one number of a message into a figure: what it measures, its kind, channel, period and unit."""

import re
from functools import lru_cache

from assistant.contracts import STAGES
from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.context import CLAUSE, Place, nearest, within
from assistant.intake.figure import MONEY_SIZED, Finding, stored_field
from assistant.intake.plausibility import counts_thousands
from assistant.intake.text import has_any, norm

COUNT_GROUPS = ("stage", "audience")
_ROW = re.compile(r"(?<![a-z0-9])(?:(tuan|week|wk|w|ngay|day)\s*(?:\d{1,2}|dau|cuoi|sau|one|two|three|four|1st|2nd|3rd|4th)"
                  r"|(nua|half)\s*(?:dau|sau|cuoi|thang)|(first|second|last)\s+(half|week|two weeks))(?![a-z0-9])")
_SLASH = re.compile(r"\s*/\s*(ngay|day|tuan|week)(?![a-z])")
_WHEN = re.compile(r"(?<![a-z0-9])(?:thang|quy|month|quarter|q|t)\s*(\d{1,2})(?![\d])|"
                   r"(?<![a-z0-9])(january|february|march|april|may|june|july|august|september|october|november|december)")
_THOUSANDS = re.compile(r"\d\s?(k|nghìn|nghin|ngàn|ngan)(?!\w)|\dk\d")
_SALE_DAY = re.compile(r"(\d{1,2})[.](\1)")  # "11.11", "12.12": sale days
_PHONE = re.compile(r"0\d{8,10}")
# a phone number written in groups: "0909 123 456", "0987.654.321", "+84 912 345 678"
_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?:/(?:\d{4}|\d{2}))?(?![\d/])")
_PHONE_GROUPS = re.compile(r"(?<![\d.,])(?:\+84|0)(?:[ .-]?\d){8,10}(?![\d])")
_HOTLINE = re.compile(r"(?<![\d.,])1[89]00[ .]?(?:\d{4}|\d{2}[ .]?\d{2}|\d{3}[ .]?\d{3})(?![\d.,])")  # "1900 6868"
# product and unit codes ("MS-2045", "căn A-1205", "SP0123") and sizes ("1m6 x 90cm", "120x60", "40cm")
_CODE = re.compile(r"(?<![\w])(?:[A-Za-z]{1,4}\d{0,2}-\d{2,}|[A-Z]{2,4}\d{3,})(?![\w])")
_SIZE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:m\d+|cm|mm)?\s?[x×]\s?\d+(?:[.,]\d+)?\s?(?:cm|mm|m)?(?![\w])"
                   r"|(?<![\w.,])\d+m\d+(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:cm|mm)(?![\w])")
_SLASH_PERIOD = re.compile(r"/\s*(?:thang|quy|nam|tuan|month|quarter|year|week|q)")
_AND = re.compile(r"\s(?:va|and|voi|with)\s")
# what a money figure with no word of its own measures, by its kind
_BARE_MONEY = {"target": "revenue", "plan": "spend"}


@lru_cache(maxsize=1)
def _edges() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    alt = lx.alternatives
    unit = lx.words("money_units")
    return (re.compile(rf"(?:^|[^a-z0-9])(?:{alt('not_figure_before')})\s*#?\s*$"),
            re.compile(rf"^\s*-?\s*(?:{alt('not_figure_after')})(?![a-z0-9])"),  # "60-minute"
            re.compile(rf"^\s*{unit}(?![a-z0-9])"),
            re.compile(rf"(?:^|[^a-z0-9])(?:{alt('date_before')})\s*$"))


@lru_cache(maxsize=4)
def _word_before(key: str) -> re.Pattern:
    """A word of one lexicon list written right before the number ("IELTS 6.5", "shop 1", "#")."""
    return re.compile(rf"(?:^|[^a-z0-9])(?:{lx.alternatives(key)})\s*#?\s*$")


_COMPOUND = re.compile(r"-[a-z]")
_MONEY_NEXT = re.compile(r"\s*[a-z ]{0,12}?\s*(?:la\s+|:\s*)?\$?\d")
_ONE_ON_ONE = re.compile(r"(?<![\d.,])1\s?(?:[-:]|kèm|kem|on|-on-)\s?1(?![\d.,])", re.IGNORECASE)  # "tư vấn 1-1", "1:1", "1 kèm 1"


def not_a_figure(a: Amount, normalized: str, hits=()) -> bool:
    """Dates, ranks, ages, addresses and phone numbers ("tháng 10", "25-35 tuổi", "quận 3") are no figures."""
    before, after, _, date = _edges()
    if a.text.strip() == "1" and any(h.group == "money" and h.start <= a.start and a.end <= h.end for h in hits) \
            and _MONEY_NEXT.match(normalized, a.end):
        return True  # "học phí 1 khóa 7tr5": the one unit priced, no count
    if _COMPOUND.match(normalized, a.end):
        return True  # "a 10-lesson package", "3-month course", "5-star": a word made with a number, no count
    head, tail = normalized[a.end:a.end + 24], normalized[max(0, a.start - 24):a.start]
    named = any(0 <= a.start - h.end <= 1 and h.group in ("stage", "money", "channel") for h in hits)
    if _describes_customer(a, normalized, hits) or (a.unit == "count" and a.value % 1):
        return True  # a count is whole: "IELTS 6.5" is a score
    if _in_positioning(a, normalized):
        return True  # "định vị là lớp nhỏ 8 bạn": the offer or the customer described, no figure
    if (before.search(tail) and not named) or _PHONE.fullmatch(a.text.strip()) or _SALE_DAY.fullmatch(a.text.strip()):
        return True
    if a.unit == "money" and any(m.end() == len(tail.rstrip()) for m in lx.compiled("money_floor_before").finditer(tail.rstrip())):
        return True  # "orders from 299k ship free": a threshold ("400 orders from 50,000 views" is a count)
    if a.unit != "money" and _word_before("score_before").search(tail) and not named:
        return True
    if a.unit == "count" and a.value <= 20 and _word_before("label_before").search(tail) and not any(
            h.group in COUNT_GROUPS and 0 <= h.start - a.end <= 1 and h.phrase not in lx.words("right_before_only")
            for h in hits) and not lx.compiled("bare_customers").match(head.lstrip()):
        return True  # "shop 1 bán 600 đơn, shop 2 bán 400 đơn": the labels are no counts ("shop 15 đơn" counts)
    if a.unit == "count" and a.text.strip() == "1" and any(
            h.group == "money" and h.meaning == "aov" and 0 <= a.start - h.end <= 1 for h in hits):
        return True  # "giá trung bình 1 ca implant 18 triệu": the one unit priced, not a count
    year = 1900 <= a.value <= 2100 and a.text.strip().isdigit()  # "last month 2,000 people": no year has a separator
    if date.search(tail) and (a.value <= 31 or year) and a.unit != "money":
        return True
    if named and a.value >= MONEY_SIZED:
        return False  # "ngân sách 8.500.000 tháng rồi"
    word = after.match(head)
    if a.unit == "money" or not word:
        return False
    if any(h.group == "stage" and _fillers_only(normalized[h.end:a.start]) for h in hits if h.end <= a.start):
        return False  # "khách tới hát thiệt là 210 phòng": the stage said just before names what the rooms count
    if word.group().strip() in lx.words("times_words") and any(
            h.group == "stage" and not normalized[h.end:a.start].strip() and len(h.phrase.split()) > 1
            for h in hits if h.end <= a.start):
        return False  # "gặp khách tư vấn 24 lần": the stage counted in times ("gửi tin 2 lần" is how often)
    noun = lx.compiled("counted_nouns").match(normalized, a.end + 1) if normalized[a.end:a.end + 1] == " " else None
    if noun and any(h.group == "stage" and 0 <= h.start - noun.end() <= 1
                    and h.phrase not in lx.data()["untracked"]["loose"] for h in hits):
        return False  # "90 phòng khám nhắn tin hỏi giá": the businesses counted, then what they did
    bare = lx.compiled("bare_customers").match(normalized, a.end + 1) if normalized[a.end:a.end + 1] == " " else None
    if bare and bare.end() - bare.start() > len(word.group().strip()):
        return False  # "40 phòng khám mối": regular accounts, not rooms
    # "30 buổi hẹn gặp": a longer stage phrase than the unit word ("buổi") says it is counted
    return not any(h.group == "stage" and 0 <= h.start - a.end <= 1 and h.end - h.start > len(word.group().strip())
                   for h in hits)


def _fillers_only(gap: str) -> bool:
    """One filler word or more and nothing else ("thiệt là"): none at all is a duration ("thẻ 6 tháng")."""
    said = gap.split()
    return bool(said) and all(w in lx.words("stage_fillers") for w in said)


def _in_positioning(a: Amount, normalized: str) -> bool:
    """The number sits in the owner's description of their positioning or target customer, in the same clause after
    its intro ("khách mục tiêu là hộ có hóa đơn điện trên 2 triệu/tháng")."""
    start = max((m.end() for m in CLAUSE.finditer(normalized, 0, a.start)), default=0)
    return any(_describing(key).search(normalized, start, a.start) for key in ("positioning_intro", "customer_intro"))


@lru_cache(maxsize=2)
def _describing(key: str) -> re.Pattern:
    """The intros of a description that say "is"/"are" ("khách mục tiêu là", "our customers are"): "bán cho 430
    khách" describes no one."""
    return lx.compiled_phrases(tuple(w for w in lx.words(key) if key == "positioning_intro" or w.split()[-1] in ("la", "is", "are")))


def written_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers ("hotline 0909 123 456", "1900 6868"), dates ("ngày 20/10", "15/9/2025"), product or
    unit codes ("căn A-1205") and sizes ("1m6 x 90cm") are written: none of their digit groups is a figure."""
    phones = [m.span() for m in _PHONE_GROUPS.finditer(text) if any(c in m.group() for c in " .-")]
    phones += [m.span() for pattern in (_HOTLINE, _CODE, _SIZE) for m in pattern.finditer(text)]
    dates = [m.span() for m in _DATE.finditer(text) if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12]
    return phones + dates + [m.span() for m in _ONE_ON_ONE.finditer(text)]


def _describes_customer(a: Amount, normalized: str, hits) -> bool:
    """"khách có thu nhập 30-50 triệu/tháng", "khách mục tiêu là học sinh cấp 3": the customer described, no figure."""
    traits = [h for h in hits if h.group == "trait" and 0 <= a.start - h.end <= 48]
    if not traits:
        return False
    h = max(traits, key=lambda t: t.end)
    return not CLAUSE.search(normalized[h.end:a.start]) and not any(
        o.group in COUNT_GROUPS + ("money",) and h.end <= o.start and o.end <= a.start for o in hits)


def is_money(a: Amount, p: Place, hits=()) -> bool:
    """Written as money: a currency or a thousand/million unit, and no counted noun right after it."""
    if a.unit == "percent":
        return False
    _, _, unit, _ = _edges()
    written = a.unit == "money" or bool(unit.match(p.right[:12]))
    if written and _thousands(a) and hits:
        return _k_is_money(a, p, hits)  # "data 3k" is three thousand leads, "đơn tb 420k" is money
    return (written or _money_sized(a, p, hits)) and not _counted_after(p)


def _money_sized(a: Amount, p: Place, hits) -> bool:
    """"chi 12.000.000 chạy ads": a six-figure number with no unit, a money word nearer than any stage word."""
    if a.unit != "count" or a.value < MONEY_SIZED or not hits:
        return False
    word = nearest(hits, a, p, COUNT_GROUPS + ("money",))
    return word is not None and word.group == "money"


def _counted_after(p: Place) -> bool:
    """A counted noun follows the number at once ("400 nghìn người", "3k inbox", "1 triệu lượt xem")."""
    return bool(lx.compiled("count_nouns").match(p.right.lstrip()))


def _thousands(a: Amount) -> bool:
    """Written in thousands with no currency ("3k", "5 nghìn"): money or a count, the words decide."""
    written = a.text.strip().lower()
    return a.currency in (None, "VND") and bool(_THOUSANDS.search(written))


def _k_is_money(a: Amount, p: Place, hits) -> bool:
    stage, money = nearest(hits, a, p, COUNT_GROUPS), nearest(hits, a, p, ("money",))
    if _counted_after(p):
        return False
    if stage and money:  # "ads reach 400k": a reach or visits word right beside it makes a count ("tb đơn 380k" is money)
        beside = _gap(stage, a) <= 1 or (stage.end <= a.start and _fillers_only(p.left[len(p.left) - _gap(stage, a):]))
        return not (stage.meaning in ("reach", "visits") and beside and _gap(stage, a) < _gap(money, a))
    return not stage


def _gap(h: lx.Hit, a: Amount) -> int:
    return a.start - h.end if h.end <= a.start else h.start - a.end





_PRESENT = frozenset({"thang nay", "this month"})  # the period a target is set for, too: no sign of an actual


def kind_of(hits: list[lx.Hit], a: Amount, p: Place) -> str:
    """actual, target or plan: the clause's own words first, then what the sentence said before it."""
    clause = within(hits, p.clause_start, p.clause_end, "kind")
    meant = {h.meaning for h in clause if h.meaning != "actual"}
    since = {h.meaning for h in within(hits, p.left_start, a.start, "kind") if h.phrase not in _PRESENT}
    if meant and p.left_start > p.clause_start and since == {"actual"}:
        return "actual"  # "KPI 300 đơn mà đến giờ mới chốt được 185": the words since the target are the actual's
    if meant:
        return "target" if "target" in meant else "plan"
    if clause:
        return "actual"
    if a.unit == "money" and _asks_how_to_spend(hits, p):
        return "plan"  # "Tháng 12 anh có 30 triệu ngân sách, nên tiêu vào đâu?": money still to spend
    if p.before[:p.clause_start - p.sentence_start].rstrip().endswith("("):
        return "actual"  # "tăng lên 20 triệu (tháng 10 chi có 9 triệu à)": a bracket keeps its own time
    before = [h for h in within(hits, p.sentence_start, p.clause_start, "kind")]
    if before and before[-1].meaning != "actual" and (_other_period_done(p) or _reached(p)):
        return "actual"
    return before[-1].meaning if before else "actual"




@lru_cache(maxsize=1)
def _reached_opens() -> re.Pattern:
    return re.compile(rf"\s*(?:nhung |ma |but |thuc te |)(?:{lx.alternatives('reached_words')})\s*$")


def _reached(p: Place) -> bool:
    """"mục tiêu doanh thu 250 triệu, đạt 140 triệu": a clause that opens with what was reached, right before the
    figure, is the actual beside the goal."""
    return bool(_reached_opens().fullmatch(p.before[p.clause_start - p.sentence_start:]))


def _other_period_done(p: Place) -> bool:
    """"chỉ tiêu quý 4 là 1,5 tỷ, quý 3 đạt 1,1 tỷ": a clause naming another period than the goal's, and what was
    reached in it, is that period's actual."""
    offset = p.sentence_start
    clause = p.before[p.clause_start - offset:]
    said = list(_WHEN.finditer(p.before, 0, max(0, p.clause_start - offset)))  # the goal's period, said last
    own = _WHEN.search(clause)
    return bool(said and own and said[-1].group(0) != own.group(0) and lx.compiled("done_words").search(clause))


def _asks_how_to_spend(hits: list[lx.Hit], p: Place) -> bool:
    """The sentence asks where or how to spend the money ("nên tiêu vào đâu?", "how should I split it?")."""
    return any(h.group == "spend_question" and p.sentence_start <= h.start < p.sentence_end for h in hits)


def _count_measure(hits, a: Amount, p: Place, asked: str | None,
                   normalized: str = "") -> tuple[str | None, lx.Hit | None]:
    hit = _verb_after_noun(hits, a, p) or nearest(hits, a, p, COUNT_GROUPS + ("ratio",))
    if hit and hit.group == "ratio":
        return None, None
    if hit:
        hit = _closed(hits, _purpose(hits, _overlapped(hits, _counter(hits, hit, a, p)), a, p), a, p)
        hit = _and_then(hits, hit, a, p, normalized)
        return _repeat(hits, hit, a, p), hit
    bare_noun = lx.compiled("bare_customers").match(p.right.lstrip())
    if asked in lx.stage_words() and not nearest(hits, a, p, ("channel",)) and not (
            bare_noun and asked in ("reach", "visits")):  # "…, tiktok 9k": the list decides; "90 khách" is no reach
        return asked, None
    ahead = _across_and(hits, p)
    if ahead:
        return ahead.meaning, ahead
    bare = lx.compiled("bare_customers").match(p.right.lstrip())
    tail = p.right.lstrip()[bare.end():].strip() if bare else ""
    tail = "" if tail in lx.words("tail_particles") else tail  # "600 khách nha"
    spans = [h for h in hits if h.group == "span" and bare and h.start == p.right_end - len(p.right.lstrip()) + bare.end() + 1]
    said_per = bool(spans) or (bare and _SLASH_PERIOD.match(tail))  # "300 khách một tháng mới đủ…", "25 xe/tháng thì…"
    return ("customers" if bare and (not tail or said_per) else None), None


_AND_THEN = re.compile(r"\s+(?:va|and|roi|xong)\s+(?:(?:da|cung|then)\s+)?$")


def _and_then(hits, hit: lx.Hit, a: Amount, p: Place, normalized: str) -> lx.Hit:
    """"70 người đến khám và bốc thuốc": the people counted did both steps, so they reached the later one."""
    if hit.group != "stage" or hit.start < a.end or hit.meaning not in STAGES:
        return hit
    later = [h for h in hits if h.group == "stage" and h.start > hit.end and h.start <= p.sentence_end
             and _AND_THEN.fullmatch(" " + normalized[hit.end:h.start].strip() + " ")
             and h.meaning in STAGES and STAGES.index(h.meaning) > STAGES.index(hit.meaning)
             and not re.match(r"\s*(?:[a-z]+\s+)?\d", normalized[h.end:])]  # "35 demos and signed 8": two counts
    return later[0] if later else hit


def _verb_after_noun(hits, a: Amount, p: Place) -> lx.Hit | None:
    """"trong 200 tin nhắn có 40 khách đặt lịch": a counted noun right after the number, then a stage word: that
    word says what was counted, whatever stage word stands nearer on the left."""
    noun = lx.compiled("counted_nouns").match(p.right, 1) if p.right[:1] == " " else None
    if noun is None or any(h.group == "stage" and 0 <= h.start - a.end <= 1 and h.end > a.end + noun.end()
                           for h in hits):
        return None  # "95 guests came": a phrase that holds the noun says it all ("học viên" alone is only the noun)
    start = a.end + noun.end()
    return next((h for h in sorted(hits, key=lambda h: -len(h.phrase))
                 if h.group == "stage" and 0 <= h.start - start <= 1 and h.end <= p.right_end), None)


def _counter(hits, hit: lx.Hit, a: Amount, p: Place) -> lx.Hit:
    """"book lịch 220 ca", "170 ca đến khám": "ca" only counts cases; the stage word right before the number or
    right after "ca" says what the cases were."""
    if hit.phrase not in lx.data()["right_after_only"]:
        return hit
    after = [h for h in hits if h.group == "stage" and 0 <= h.start - hit.end <= 1 and h.end <= p.right_end]
    before = [h for h in hits if h.group == "stage" and p.left_start <= h.start and 0 <= a.start - h.end <= 1]
    named = after or before
    return max(named, key=lambda h: len(h.phrase)) if named else hit


def _closed(hits, hit: lx.Hit, a: Amount, p: Place) -> lx.Hit:
    """"chốt được 64 booking", "closed 52 bookings": a closing verb right before the number makes the booking
    or appointment after it a sale."""
    if hit.meaning != "qualified" or hit.start < a.end or hit.phrase not in _closed_nouns():
        return hit
    verbs = [h for h in hits if h.group == "stage" and h.meaning == "customers" and p.left_start <= h.start
             and h.end <= a.start and h.phrase in _closing_verbs()]
    if not verbs:
        return hit
    verb = max(verbs, key=lambda h: (h.end, len(h.phrase)))
    gap = p.left[verb.end - p.left_start:].split()
    return verb if all(w in _fillers() for w in gap) else hit


@lru_cache(maxsize=1)
def _closing_verbs() -> frozenset[str]:
    return frozenset(lx.words("closing_verbs"))


@lru_cache(maxsize=1)
def _closed_nouns() -> frozenset[str]:
    return frozenset(lx.words("closed_nouns"))


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    return frozenset(lx.words("count_fillers"))


def _overlapped(hits, hit: lx.Hit) -> lx.Hit:
    """"bạn đến test đầu vào": a longer stage phrase that starts inside the first one says what was counted."""
    longer = [h for h in hits if h.group == hit.group and hit.start < h.start < hit.end < h.end
              and len(h.phrase) > len(hit.phrase)]
    return max(longer, key=lambda h: len(h.phrase)) if longer else hit


def _purpose(hits, hit: lx.Hit, a: Amount, p: Place) -> lx.Hit:
    """"140 came in for a wash": after "for"/"to"/"để" the stage word of the purpose says what was counted."""
    if hit.start < a.end or hit.group != "stage" or hit.meaning == "leads":
        return hit  # "60 filled in the form for a free trial class": a sign-up for a trial is the lead
    later = [h for h in hits if h.group == "stage" and hit.end < h.start and h.end <= p.right_end]
    if not later:
        return hit
    after = min(later, key=lambda h: (h.start, -len(h.phrase)))
    gap = p.right[hit.end - a.end:after.start - a.end].strip()
    return after if _is_purpose(gap) else hit


def _is_purpose(gap: str) -> bool:
    """"for a", or "for a 10-lesson", "for a quick": a purpose word and at most two words describing the purpose."""
    if gap in _purpose_words():
        return True
    return any(gap.startswith(w + " ") and len(gap[len(w):].split()) <= 2 for w in _purpose_words())


@lru_cache(maxsize=1)
def _purpose_words() -> frozenset[str]:
    return frozenset(lx.data().get("purpose_words") or ())


def _across_and(hits, p: Place) -> lx.Hit | None:
    """"300 phụ huynh và học sinh để lại số": the stage word after "và"/"and", before any other number."""
    if not _AND.match(p.ahead):
        return None
    end = p.clause_end + min(len(p.ahead), 40)
    nouns = lx.compiled("counted_nouns")
    words = [h for h in hits if h.group == "stage" and p.clause_end <= h.start and h.end <= end
             and not nouns.fullmatch(h.phrase)]  # "140 phụ huynh với học viên inbox hỏi": the inbox, not the noun
    return min(words, key=lambda h: h.start) if words else None


def _money_measure(hits, a: Amount, p: Place, kind: str, asked: str | None) -> tuple[str | None, lx.Hit | None]:
    hit = nearest(hits, a, p, ("money", "ratio"))
    if hit and hit.group == "ratio":
        return None, None
    if hit and hit.meaning == "aov" and _not_a_price(hits, a, p):
        return None, hit
    if hit:
        return hit.meaning, hit
    if kind in _BARE_MONEY and _intent_near(hits, a, p, kind):
        return _BARE_MONEY[kind], None
    channel = nearest(hits, a, p, ("channel",))
    if _thousands(a) and asked in lx.stage_words() and not channel:
        return asked, None  # "chắc tầm 1 nghìn rưỡi" answering "how many enquiries"
    if channel:
        return None, None  # "TikTok 20tr": the list it belongs to decides (see `inherit`), else spend
    if per_period(hits, a, p):  # "Quảng cáo 4 tuần, mỗi tuần 2 triệu": the money word before, across the comma
        since = a.start - len(p.since)
        said = [h for h in hits if h.group == "money" and since <= h.start and h.end <= a.start and h.meaning == "spend"]
        if said:
            return "spend", said[-1]
    return {"target": "revenue", "spend": "spend", "revenue": "revenue"}.get(asked or ""), None


def _not_a_price(hits, a: Amount, p: Place) -> bool:
    """"chi phí mỗi đơn 50k", "30k phí ship": a cost per order, said before the number or right after it; a word
    later in the clause belongs to another amount ("đơn tb 420k mà ship 30k")."""
    last = p.right_end == p.clause_end  # no other amount after it in the clause to take the word
    return any(h.group == "not_aov" and p.clause_start <= h.start and (
        h.end <= a.start or (last and 0 <= h.start - a.end <= 1)) for h in hits)


def _intent_near(hits, a: Amount, p: Place, kind: str) -> bool:
    """"mục tiêu: 600 triệu": a bare amount is a target (or plan) only with the word in its clause or just before."""
    return any(h.group == "kind" and h.meaning == kind and (
        (h.end <= a.start and (h.start >= p.clause_start or a.start - h.end <= 24))
        or a.end <= h.start and h.end <= p.clause_end) for h in hits)  # "we'll have 30 million next month"


def _repeat(hits, hit: lx.Hit, a: Amount, p: Place) -> str:
    """"75 đơn là khách cũ mua lại": a repeat phrase later in the clause makes customers repeat customers."""
    if hit.meaning != "customers":
        return hit.meaning
    later = [h for h in hits if h.group == "stage" and h.meaning == "repeat_customers" and a.end <= h.start < p.right_end]
    return "repeat_customers" if later else hit.meaning


def per_period(hits, a: Amount, p: Place) -> str | None:
    """"500k/ngày", "mỗi tuần 7 triệu": a rate per day or week, to be brought to the month."""
    near = [h for h in hits if h.group == "per" and (p.left_start <= h.start < a.start or
                                                      a.end <= h.start <= p.right_end) and h.end <= p.clause_end
            and "(" not in p.right[:max(0, h.start - a.end)]]  # "20 đủ điều kiện (có hàng hằng tuần)": a note
    if near:
        return near[0].meaning
    m = _SLASH.match(p.right)
    return None if not m else ("day" if m.group(1) in ("ngay", "day") else "week")


def row(p: Place) -> str | None:
    """"tuần 2: 25 đơn", "tuần 2 chi 5tr được 350 tin": one row of a weekly or daily list."""
    m = _ROW.search(p.since) or _last_row(p.before)
    if not m:
        return None
    if m.group(2) or m.group(3):
        return "half"
    return "week" if m.group(1) in ("tuan", "week", "wk", "w") else "day"


def _last_row(before: str) -> re.Match | None:
    """The row a number sits in when other figures of the row come first; a total word ends the row."""
    found = list(_ROW.finditer(before))
    if not found or lx.compiled("total_words").search(before, found[-1].end()):
        return None
    return found[-1]


_PER_UNIT = re.compile(r"^\s*(?:/|mot|moi|1(?![\d.,])|per|a|an|each|cho moi|tren moi)\s*")


def unit_price(a: Amount, p: Place) -> bool:
    """"18k một tin nhắn", "25k/lead", "$2 per click": a price per unit, not a count of units nor a total."""
    if a.unit == "percent":
        return False
    per = _PER_UNIT.match(p.right)
    if not per or not lx.compiled("count_nouns").match(p.right[per.end():]):
        return False
    # the price of one sale ("25 triệu một ca", "420k mỗi đơn") is the average order value, kept
    rest = p.right[per.end():]
    unit = [h for h in lx.scan(rest) if h.start == 0 and h.group == "stage"]
    return not (unit and unit[0].meaning == "customers" or _per_customer(p))  # "45 triệu/khách"


def read_amount(a: Amount, p: Place, hits, text: str, normalized: str, asked: str | None) -> Finding | None:
    """The figure amount `a` states, or None when it is not one (a price per unit is none either)."""
    if unit_price(a, p):
        return None
    kind = kind_of(hits, a, p)
    if a.unit == "percent":
        clause = p.left + " " + p.right
        margin = _margin_said(a, p, hits, text, normalized) and not has_any(clause, lx.words("ratio_words"))
        return _finding(a, "gross_margin", kind, "percent", p, text, hits) if margin else None
    money = is_money(a, p, hits)
    measure, hit = (_money_measure(hits, a, p, kind, asked) if money
                    else _count_measure(hits, a, p, asked if kind == "actual" else None, normalized))
    if measure is None and not money and kind == "target" and a.low is None and (
            _goal_per_month().match(p.right) or _goal_noun().match(p.right)):
        measure = "customers"  # "hit 20 watches a month", "chỉ tiêu 80 học sinh", "target is 5,000 tickets": a goal
        # counted in what the business sells
    if measure is None or (a.low is not None and not money and not _stage_beside(hit, a)):
        return None
    if measure == "aov" and hit is not None and hit.phrase in lx.words("bare_average") and (
            _SLASH_PERIOD.match(p.right.lstrip()) or _per_month().match(p.right)) and not _priced(hits, hit):
        return None  # "trung bình 30tr/tháng": a month's average, no price ("học phí trung bình 2tr/tháng" is one)
    if kind == "target" and measure == "qualified" and hit is not None and hit.phrase in _closed_nouns():
        measure = "customers"  # "we want 80 bookings a month": a goal in bookings is a goal in sales
    if measure in ("gross_margin", "other_cost"):  # rent, salaries: no figure of the marketing funnel
        return None
    if measure == "aov" and a.low is not None and not has_any(p.left + " " + p.right, lx.words("average_words")):
        return None  # "giá mỗi bộ từ 20 đến 45 triệu": a price list, not an average (an average is said as one)
    found = _finding(a, measure, kind, "money" if money else "count", p, text, hits)
    if hit is None and not money and measure == "customers" and lx.compiled("bare_customers").match(p.right.lstrip()):
        found.note = "bare"  # "30 bàn", "40 khách": a count noun alone, which a list's heading may name better
    if money and measure in lx.stage_words():
        found.unit, found.currency = "count", None
    if found.unit == "count" and counts_thousands(a.text, measure):
        found.value, found.note = a.value / 1000, "tr_count"  # "1tr2 mess": 1.200 messages
    if measure == "qualified":
        found.note = _qualified_note(hits, p) or found.note
    if measure == "aov" and hit is not None and set(lx.words("average_tokens")) & set(hit.phrase.split()):
        found.note = "average"  # "đơn tb 420k", "AOV 350k": said to be the average
    if measure == "aov" and hit is not None and hit.phrase in lx.words("aov_weak"):
        found.note = "one_price"  # "giá 12,5 triệu": an average only beside the sales it prices (see `priced_sales`)
        if has_any(normalized[p.clause_start:p.clause_end], lx.words("one_item_words")):
            found.note = "one_item"  # "mẫu hot nhất giá 390k", "each cake 350k": one item's price, whatever was sold
        elif _per_customer(p):
            found.note = "per_customer"  # "giá 450k/khách": what each customer pays, kept for the sales said later
    return found


def _per_customer(p: Place) -> bool:
    per = _PER_UNIT.match(p.right)
    return bool(per) and bool(lx.compiled("bare_customers").match(p.right[per.end():]))


def priced_sales(found: list) -> list:
    """"bàn ăn gỗ sồi giá 12,5 triệu": a bare price is the average of the sales only when the message states sales
    (a count of them, or the revenue); alone it is one item's catalogue price, not stored."""
    sales = any(f and f.kind == "actual" and f.measure in ("customers", "revenue") for f in found)
    prices = [f for f in found if f and f.measure == "aov" and f.kind == "actual"]
    listed = len({f.value for f in prices}) > 1 and not any(f.note == "average" for f in prices)  # "500k, 1tr, 2tr"
    return [None if f and (f.note == "one_item" or (f.note == "one_price" and not sales) or (listed and f in prices))
            else f for f in found]


def _priced(hits: list[lx.Hit], average: lx.Hit) -> bool:
    """A price word right before the average word: "học phí trung bình" is an average price, paid monthly."""
    return any(h.group == "money" and h.meaning == "aov" and h.phrase not in lx.words("bare_average")
               and 0 <= average.start - h.end <= 1 for h in hits)


def _margin_said(a: Amount, p: Place, hits, text: str, normalized: str) -> bool:
    """"lãi gộp 40%", "lời khoảng 25%": a margin word beside the percentage, typed as the margin ("lại" in "40% khách
    quay lại" is no "lãi", "lỗi" is no "lời") and not part of a stage phrase ("mua lai")."""
    pattern = lx.compiled_phrases(tuple(lx.data()["money"]["gross_margin"]))
    for start, end in ((p.left_start, a.start), (a.end, p.right_end)):
        for m in pattern.finditer(normalized, start, end):
            inside = any(h.group == "stage" and h.start <= m.start() and m.end() <= h.end and h.end - h.start > len(m.group())
                         for h in hits)
            if not inside and lx.spelled_as(m.group(), text[m.start():m.end()]):
                return True
    return False


@lru_cache(maxsize=1)
def _goal_noun() -> re.Pattern:
    """A word right after a goal's number that names what is counted ("80 học sinh"), not a time or a particle
    (lexicon `goal_noun_not`)."""
    return re.compile(rf"\s+(?!(?:{lx.alternatives('goal_noun_not')})\b)[a-z]{{2,}}")


@lru_cache(maxsize=1)
def _per_month() -> re.Pattern:
    """"… một tháng", "a month": the lexicon's `per_month_words` right after a number."""
    return re.compile(rf"\s*(?:{lx.alternatives('per_month_words')})(?![a-z0-9])")


@lru_cache(maxsize=1)
def _goal_per_month() -> re.Pattern:
    """"20 watches a month", "300 bộ mỗi tháng": one or two words, then a month."""
    return re.compile(rf"\s+[a-z]+(?:\s[a-z]+)?\s*(?:{lx.alternatives('per_month_words')}|/\s*thang|/\s*month)(?![a-z])")


def _stage_beside(hit: lx.Hit | None, a: Amount) -> bool:
    """A range counts only with its stage word right after it ("200-300 tin nhắn"), never an age range."""
    return hit is not None and 0 <= hit.start - a.end <= 2


def _finding(a: Amount, measure: str, kind: str, unit: str, p: Place, text: str, hits) -> Finding:
    channel = nearest(hits, a, p, ("channel",)) or _channel_and(hits, a, p, text) or _row_channel(hits, a, p)
    if channel and _paired(hits, channel, p, text):
        channel = None  # "45 triệu Google + Facebook": one amount for two channels belongs to neither
    field = stored_field(measure, kind)
    return Finding(field=field, value=a.value, raw=text[a.start:a.end], measure=measure, kind=kind, unit=unit,
                   currency=(a.currency or "VND") if unit == "money" else None,
                   channel=channel.meaning if channel else None, period=row(p), when=_when(p, text), item=_item(p),
                   quote=text[p.clause_start:p.clause_end].strip(), estimated=a.low is not None,
                   start=a.start, span=_span(hits, p, kind))


_PER_SPAN_WORDS = {"month": ("thang", "month"), "quarter": ("quy", "quarter"), "year": ("nam", "year")}
_PER_SPAN = re.compile(r"\s*(?:[a-z]+\s*){0,2}?/\s*(thang|month|quy|quarter|nam|year)(?![a-z])")  # "2 tỷ/tháng", "150 đơn/tháng"


def _span(hits, p: Place, kind: str) -> str | None:
    """"mục tiêu năm nay 2 tỷ", "target 40 clients a quarter": how long the figure covers, when said in its clause
    (for a target, also earlier in its sentence, where the goal was named)."""
    per = _PER_SPAN.match(p.right)
    if per:  # "KPI năm nay là 2 tỷ/tháng": the rate written on the figure says how long it covers
        return next(span for span, words in _PER_SPAN_WORDS.items() if per.group(1) in words)
    spans = [h for h in hits if h.group == "span" and h.end <= p.clause_end]
    after = [h for h in spans if h.start >= p.right_end - len(p.right)]  # "100 memberships every month"
    clause = [h for h in spans if h.start >= p.clause_start]
    sentence = [h for h in spans if h.start >= p.sentence_start] if kind == "target" else []
    said = after[:1] or clause[-1:] or sentence[-1:]
    return said[0].meaning if said else None


_CHANNEL_JOIN = re.compile(r"\s*(?:\+|,|/|&|va|and|vs|voi|with|hoac|or|cung)\s*")


def _paired(hits, channel: lx.Hit, p: Place, text: str) -> bool:
    """The channel is named beside another one ("fb vs tiktok", "Google + Facebook") in the number's words."""
    normalized = norm(text)
    for h in hits:
        if h.group != "channel" or h.meaning == channel.meaning or not (
                p.sentence_start <= h.start and h.end <= p.sentence_end):
            continue
        first, second = sorted((h, channel), key=lambda x: x.start)
        if first.end <= second.start and _CHANNEL_JOIN.fullmatch(normalized[first.end:second.start]):
            return True
    return False


def _row_channel(hits, a: Amount, p: Place) -> lx.Hit | None:
    """"Shopee 42.000 lượt truy cập, 900 đơn; TikTok …": a channel that opens the sentence (up to ";")
    holds for every figure of it."""
    opening = [h for h in hits if h.group == "channel" and p.sentence_start <= h.start and h.end <= a.start]
    if any(h.meaning != opening[0].meaning for h in opening[1:]):
        return None  # another channel was named since: the opener no longer holds
    return opening[0] if opening and opening[0].start - p.sentence_start <= 3 else None


_ONE_FIGURE_AND = re.compile(r"\s*[\d][\d.,]*\s*[a-z ]{0,30}?\s(?:and|va|voi|,)\s*")


def _channel_and(hits, a: Amount, p: Place, text: str) -> lx.Hit | None:
    """"Shopee 14,000 visits and 380 orders, Lazada …": a figure joined to the one its channel opens shares it."""
    before = [h for h in hits if h.group == "channel" and p.sentence_start <= h.start and h.end <= a.start]
    if not before:
        return None
    gap = norm(text[before[-1].end:a.start])
    return before[-1] if _ONE_FIGURE_AND.fullmatch(gap) else None


def inherit(found: list, amounts: list[Amount], places: list[Place], hits, text: str, normalized: str) -> list:
    """A list goes on: "5 triệu ads, 2 triệu in voucher", "Facebook 650 tin nhắn, Zalo 130" take their neighbour's field."""
    out = list(found)
    for i, f in enumerate(found):
        if f is not None:
            continue
        a, p = amounts[i], places[i]
        cost = nearest(hits, a, p, ("money",))
        if nearest(hits, a, p, ("ratio", "not_aov")) or (cost and cost.meaning == "other_cost"):
            continue  # a ratio, a shipping fee, or rent and salaries: not the neighbour's figure either
        money = is_money(a, p, hits)
        channel = nearest(hits, a, p, ("channel",))
        for j in (i - 1, i + 1):
            other = out[j] if 0 <= j < len(out) else None
            if not other or not _same_sentence(p, places[j]) or other.unit == "percent":
                continue
            rows = bool(other.period and row(p))  # "tuần 1 có 300 tin nhắn, tuần 2 350"
            as_count = other.unit == "count" and (not money or _thousands(a)) and (
                channel or rows or _row_gap(normalized, amounts, i) or _now_gap(normalized, amounts, i)
                or _progress(other, a, p, hits))
            as_money = other.unit == "money" and (money or (channel and a.unit == "count"))
            if as_money or as_count:
                own = within(hits, p.clause_start, p.clause_end, "kind")  # "…, tháng này mới 25 triệu": its own time
                kind = kind_of(hits, a, p) if own else other.kind
                if kind != "actual" and j < i and (_other_period_done(p) or _reached(p)):
                    kind = "actual"  # "chỉ tiêu quý 4 là 1,5 tỷ, quý 3 đạt 1,1 tỷ", "mục tiêu 250 triệu, đạt 140 triệu"
                out[i] = _finding(a, other.measure, kind, other.unit, p, text, hits)
                if as_money and not money:
                    out[i].currency = amounts[j].currency or "VND"  # "900 dollars on Pinterest and 1,100 on Facebook"
                break
        if out[i] is None and money and channel:
            out[i] = _finding(a, "spend", kind_of(hits, a, p), "money", p, text, hits)
        elif out[i] is None and money and kind_of(hits, a, p) == "actual":
            measure = _parallel(out, i, amounts, normalized) or _spent_for(a, amounts, i, normalized)
            out[i] = _finding(a, measure, "actual", "money", p, text, hits) if measure else None
    return out


def _progress(aim, a: Amount, p: Place, hits) -> bool:
    """"KPI 800 leads, tới giờ mới được 520": a bare number said as what was reached so far, right after a target
    of the same sentence, counts what the target counts."""
    return aim.kind in ("target", "plan") and aim.start < a.start and any(
        h.meaning == "actual" for h in within(hits, p.clause_start, p.clause_end, "kind"))


_AFTER_SALES = re.compile(r"\s*[a-z ]{0,24}?\s*(?:,|and|va|voi|with)\s*")


def _parallel(found: list, i: int, amounts: list[Amount], normalized: str) -> str | None:
    """A bare amount of money with no word of its own: "target 500 orders and 200 million revenue; we did 120 orders
    and 48 million" (the measure the target named), "được 90 đơn, 60 triệu" (what the sales brought in)."""
    aimed = [f for f in found if f and f.unit == "money" and f.kind in ("target", "plan") and f.measure]
    if aimed:
        return aimed[-1].measure
    before = found[i - 1] if i else None
    if before and before.measure == "customers" and before.kind == "actual" and _AFTER_SALES.fullmatch(
            normalized[amounts[i - 1].end:amounts[i].start]):
        return "revenue"
    return None


@lru_cache(maxsize=1)
def _now() -> re.Pattern:
    """The gap before a bare number said of this period: "…, tháng này mới được" (lexicon `now_words`, `now_fillers`)."""
    return re.compile(rf"\s*[a-z ]{{0,12}}?[,;.]\s*(?:(?:con|but|and)\s+)?(?:{lx.alternatives('now_words')})"
                      rf"(?:\s+(?:{lx.alternatives('now_fillers')}))*\s*")


def _now_gap(normalized: str, amounts: list[Amount], i: int) -> bool:
    """"năm ngoái 2.400 đơn, tháng này mới được 180": the bare number after a figure of an earlier period is the
    same measure now."""
    return bool(i) and bool(_now().fullmatch(normalized[amounts[i - 1].end:amounts[i].start]))


# "tháng rồi 15 triệu được 30 đơn", "25tr mà chỉ ra 210 đơn": money that brought a count is what was spent
@lru_cache(maxsize=1)
def _brought() -> re.Pattern:
    """The words between money and the count it brought (lexicon `brought_words`)."""
    return re.compile(rf"\s*(?:ma\s+)?(?:chi\s+|cpx\s+|only\s+)?(?:{lx.alternatives('brought_words')})\s+"
                      rf"(?:(?:co|duoc|tam|khoang|hon|gan)\s+)?$")


def _spent_for(a: Amount, amounts: list[Amount], i: int, normalized: str) -> str | None:
    if i + 1 >= len(amounts) or a.currency not in (None, "VND") or amounts[i + 1].unit != "count":
        return None
    return "spend" if _brought().fullmatch(normalized, a.end, amounts[i + 1].start) else None


def _row_gap(normalized: str, amounts: list[Amount], i: int) -> bool:
    """"tháng 9 là 120, tháng 10 là 150": the words before the number only name another period."""
    start = amounts[i - 1].end if i else 0
    gap = normalized[start:amounts[i].start]
    return bool(re.fullmatch(r"[\s,;/]*(?:(?:thang|tuan|ngay|quy|month|week|day|t|q)\s*\d{1,2}\s*(?:la|:|=|-|duoc|dc|co)?)?[\s,;/]*", gap))


_BRANCH = re.compile(r"(?<![a-z0-9])(?:cpx nhanh|chi nhanh|co so|cs|cua hang|branch|store|outlet|location|shop|gian hang|"
                     r"fanpage|page|tai khoan|account|ban si|ban le|ban buon|wholesale|retail)\s+"
                     r"(?:so\s)?(?!tong|total|cong)[a-z]*\d*[a-z]*(?![a-z0-9])")


def _item(p: Place) -> str | None:
    """"chi nhánh 2 được 900 bill", "cơ sở Q7 220 học viên": the branch a figure is for."""
    found = [m for m in _BRANCH.finditer(p.since) if m.group().split()[-1] not in ("", "duoc", "co", "la")]
    return found[-1].group() if found else None


def _when(p: Place, text: str = "") -> str | None:
    """The period named before the number ("tháng 10", "Q3", "October"); "may" only when typed as the month "May"
    ("xe máy", "80 máy" written without diacritics are machines)."""
    for m in _WHEN.finditer(p.left):
        typed = text[p.left_start + m.start():p.left_start + m.end()] if text else m.group(0)
        if m.group(2) != "may" or typed == "May":
            return m.group(0)
    return None


def _same_sentence(p: Place, q: Place) -> bool:
    return p.sentence_start == q.sentence_start


def _qualified_note(hits, p: Place) -> str | None:
    """"420 lead đủ điều kiện (MQL)": which qualification step the clause names, MQL or SQL."""
    named = {h.phrase for h in within(hits, p.left_start, p.right_end, "stage")} & {"mql", "mqls", "sql", "sqls"}
    return next(iter(sorted(named)), None)
