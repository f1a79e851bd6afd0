"""Practices the owner names, with their polarity, and their own words about customer and positioning."""

import re

from assistant.contracts import STRATEGY_PRACTICES
from assistant.intake import lexicon as lx
from assistant.intake.text import alternation, has_any, looks_like_question, nfc, norm

TARGET_PRACTICES = STRATEGY_PRACTICES[:2]  # who the customer is and why they buy here
PRACTICE_OF = {"customer": "target_customer_defined", "positioning": "positioning_defined"}
_NEGATED = re.compile(r"(?<![a-z])(no|not|without|khong|ko|k|chua|chang|chua co|khong co)\s+(?:[a-z]+\s+)?$")
CLAUSE = re.compile(r"[,;\n!?]|\.(?:\s|$)|\s(?:va|and|but|nhung|con)\s")
_TEXT_END = re.compile(r"[;\n!?]|\.(?:\s|$)")
_TRAILING_JOIN = re.compile(r"[\s,]+(and|but|while|with|và|va|còn|con|nhưng|nhung|với|voi)$", re.IGNORECASE)


def polarity(normalized: str) -> bool | None | str:
    """'unknown' for "không biết", False for "không/chưa", True for "có/rồi", None if silent."""
    p = lx.data()["polarity"]
    if has_any(normalized, p["unknown"]):
        return "unknown"
    if has_any(normalized, p["no"]):
        return False
    if has_any(normalized, p["yes"]):
        return True
    return None


def _said(clause: str) -> bool | None | str:
    """A named practice's polarity; not knowing who the customer is means it is not defined; "silent" when
    the clause says neither yes nor no."""
    said = polarity(clause)
    if said == "unknown":
        return None if has_any(clause, lx.data()["polarity"]["unsure"]) else False
    return "silent" if said is None else said


def _clauses(normalized: str) -> list[tuple[str, bool]]:
    """The clauses of a message, each with whether a joining word ("và", "and", "lẫn") ties it to the one before."""
    join = lx.words("practice_join")
    out, start, joined = [], 0, False
    for m in CLAUSE.finditer(normalized):
        out.append((normalized[start:m.start()], joined))
        start, joined = m.end(), m.group().strip() in join
    out.append((normalized[start:], joined))
    return [(c, j or bool(re.match(rf"\s*(?:{'|'.join(map(re.escape, join))})\s", c))) for c, j in out]


def read_practices(message: str) -> dict[str, bool | None]:
    """Practices the owner mentions, each with the polarity of its own clause ("chưa có định vị" -> False).

    A compound answer keeps each practice's own polarity; a practice joined to a negative one with no word of
    its own ("chưa xác định khách mục tiêu và định vị") is not defined either; "ai mua cũng bán" says there is
    no target customer without any negation."""
    normalized = norm(message)
    found, before = {}, None
    clauses = _clauses(normalized)
    put_off = is_evasive(normalized) or has_any(normalized, lx.go_ahead_words())
    asked_back = _asked_back(normalized)
    for i, (clause, joined) in enumerate(clauses):
        named = [practice for practice in _named(clause) if not _is_request(clause) and not _a_target(practice, clause)]
        said = _said(clause) if named else None
        head, colon, tail = clause.partition(":")
        if named and colon and tail.strip() and _named(head):
            # "Target customers: men 20-30 who never used skincare": what follows the colon is the description,
            # its own "never" is not the owner's answer; only its first words may say none ("positioning: not yet")
            said = _said(head + " " + " ".join(tail.split()[:2]))
            said = True if said == "silent" and not put_off else said
        after = clauses[i + 1][0] if i + 1 < len(clauses) else ""
        if said == "silent" and 0 < len(after.split()) <= 10 and _said(after) in (True, False) and not _named(after):
            said = _said(after)  # "and positioning, no", "định vị, chưa có": the answer follows the name
        elif said == "silent" and len(clause.split()) <= 3 and _listed(after) in (True, False):
            said = _listed(after)  # "còn định vị, mục tiêu doanh thu thì chưa nghĩ tới": one answer for the list
        elif said == "silent" and (i in asked_back or len(clause.split()) <= 7 and _echoed(clause)):
            # "mục tiêu kinh doanh á? chưa có đâu em, …", "target customer? anyone getting married lol",
            # "Target customer and positioning? … we haven't defined either": the clause after the question answers
            end = i
            while end + 1 in asked_back:
                end += 1
            reply = clauses[end + 1][0] if end + 1 < len(clauses) else ""
            answer = False if has_any(reply, lx.words("anyone_words")) else _said(" ".join(reply.split()[:6]))
            said = answer if answer in (True, False) else said
        if said == "silent" and _named(after) and i + 2 < len(clauses) and clauses[i + 1][1] \
                and _said(clauses[i + 2][0]) in (True, False) and len(clauses[i + 2][0].split()) <= 10:
            said = _said(clauses[i + 2][0])  # "Target customer and positioning, we have neither": one answer for both
        if said == "silent" and 0 < len(after.split()) <= 3 and i + 2 < len(clauses) and len(clauses[i + 2][0].split()) <= 3:
            said = _said(clauses[i + 2][0]) if _said(clauses[i + 2][0]) in (True, False) else said  # "Positioning, honestly, not yet"
        if said == "silent":
            # named and put off ("khách mục tiêu, định vị thì để sau đi, cứ chẩn đoán đi"): unknown, not a yes
            said = None if put_off else not (joined and before is False and len(clause.split()) <= 5)
        elif said is False and put_off and has_any(clause, lx.words("hedged_words")):
            said = None  # "chưa nghĩ kỹ, thôi cứ chẩn đoán đi": not thought through and passed over, not a no
        for practice in named:
            found[practice] = said
        before = said if named else (before if joined else None)
        for practice, phrases in (lx.data().get("practice_absent") or {}).items():
            if has_any(clause, phrases):
                found[practice] = False
    return {k: v for k, v in found.items() if v is not None} | {k: None for k, v in found.items() if v is None}


def _listed(clause: str) -> bool | None | str:
    """The polarity of the next practice of a list, when that clause names one."""
    named = any(has_any(clause, phrases) for phrases in lx.data()["practice_words"].values())
    return _said(clause) if named else None


def _named(clause: str) -> list[str]:
    """The practices a clause names; a name overlapping a longer one of another practice is not one ("khách hàng
    mục tiêu thì" names the target customer, not the goal of "mục tiêu thì")."""
    spans = {practice: [m.span() for m in alternation(tuple(phrases)).finditer(clause)]
             for practice, phrases in lx.data()["practice_words"].items()}
    def inside(span, practice):
        return any(s < span[1] and span[0] < e and e - s > span[1] - span[0]
                   for other, found in spans.items() if other != practice for s, e in found)
    return [p for p, found in spans.items() if any(not inside(span, p) for span in found)]


def _asked_back(normalized: str) -> set[int]:
    """Indexes of the clauses the owner ends with a question mark, with those joined to them ("target customer and
    positioning?"): practices repeated back before the answer."""
    cuts = list(CLAUSE.finditer(normalized))
    out = set()
    for i in reversed(range(len(cuts))):
        if cuts[i].group().strip() == "?" or (i + 1 in out and cuts[i].group().strip() in lx.words("practice_join")):
            out.add(i)
    return out


def _echoed(clause: str) -> bool:
    """"khách mục tiêu hả…", "mục tiêu kinh doanh á", "… hả em": the owner repeats the question before answering."""
    words = re.findall(r"[a-z]+", clause)
    if "la" in words[:-1]:
        return False  # "khách mục tiêu là dân văn phòng ạ": a description, the particle only polite
    while len(words) > 1 and words[-1] in lx.words("echo_address") and words[-2] in lx.words("echo_particles"):
        words.pop()
    return bool(words) and words[-1] in lx.words("echo_particles")


def _a_target(practice: str, clause: str) -> bool:
    """"KPI tháng sau là 500 triệu", "mục tiêu doanh thu 1 tỷ": a figure to reach, not a practice answered."""
    if practice == "target_customer_defined":  # "Our target is 100 packages a month": a goal, no customer named
        return bool(_TARGET_FIGURE.search(clause))
    return practice in ("kpis_tracked", "business_goal_defined") and bool(re.search(r"\d", clause))


_TARGET_FIGURE = re.compile(r"(?<![a-z])(?:our target is|target is|target la|we target)\s+(?:about |around |khoang |tam )?\$?\d")


def _is_request(clause: str) -> bool:
    """"tóm tắt giúp mình…", "summary": asking for something names no practice of the owner's."""
    return has_any(clause, lx.words("evasive_words"))


def leads_with_bare_answer(message: str) -> bool:
    """"Not yet, we treat anyone who walks in": the first clause answers the whole question, naming nothing; in
    "we don't have a target customer or positioning, …" the "no" belongs to what it names."""
    lead = CLAUSE.split(norm(message))[0]
    return not any(has_any(lead, phrases) for phrases in lx.data()["practice_words"].values())


def bare_answer(message: str) -> bool | None:
    """A short "có"/"chưa" to a yes-no question, judged on its first words; None when evasive or not short."""
    normalized = norm(message)
    if is_evasive(normalized) or has_any(normalized, lx.go_ahead_words()):
        return None
    if has_any(normalized, lx.words("none_of_them")):
        return False  # "chưa có cái nào trong 3 cái đó"
    tokens = re.findall(r"[a-z']+", normalized)
    head = " ".join(tokens[:3])
    said = polarity(head)
    if said is True and tokens[3:4] and polarity(tokens[3]) is False and tokens[2] in ("have", "has", "co"):
        return False  # "honestly we have no …", "bên mình có không …"
    if said in (True, False) and _states_figures(normalized):
        return None  # "tháng đó có 120 khách đặt lịch": the "có" of a figure, no answer
    return said if said in (True, False) else None


def _states_figures(normalized: str) -> bool:
    """The first clause holds a figure and does not open with the answer ("có, mục tiêu 500tr" does)."""
    lead = CLAUSE.split(normalized)[0]
    if not re.search(r"\d", lead):
        return False
    openers = set(lx.words("answer_openers"))
    first = next((w for w in re.findall(r"[a-z']+", lead) if w not in openers), "")
    return polarity(first) not in (True, False)


def is_evasive(normalized: str) -> bool:
    """"không có thêm số liệu, cứ chẩn đoán đi", "tóm tắt giúp mình": no answer to the question asked."""
    return has_any(normalized, lx.words("evasive_words"))


def described(message: str, answering: bool = False) -> dict[str, str]:
    """The owner's own words for their customer and positioning ("khách mình là nữ văn phòng 25-35").

    `answering`: the message answers the strategy question, so an unmarked clause after the customer
    ("…, đồ thiết kế vừa túi tiền") is read as the positioning.
    """
    text = nfc(message)
    normalized = norm(text)
    out = {}
    for key, intro in (("customer", "customer_intro"), ("positioning", "positioning_intro")):
        m = lx.compiled(intro).search(normalized)
        if m and _NEGATED.search(normalized[max(0, m.start() - 16):m.start()]):
            m = None  # "no positioning, we take whoever books": what follows describes no positioning
        if m:
            words = _strip_lead(_words_after(text, normalized, m.end(), key))
            said = norm(words)
            absent = (lx.data().get("practice_absent") or {}).get(PRACTICE_OF[key], [])
            if len(words.split()) >= 2 and not _no_description(said) and not is_evasive(said) \
                    and not has_any(said, lx.go_ahead_words()) and not has_any(said, absent):
                out[key] = words
    if answering and "customer" in out and "positioning" not in out:
        rest = _rest_after(text, normalized, out["customer"])
        if len(rest.split()) >= 3 and not any(has_any(norm(rest), p) for p in lx.data()["practice_words"].values()) \
                and not is_evasive(norm(rest)) and not has_any(norm(rest), lx.go_ahead_words()):
            out["positioning"] = rest
    return out


def says_absent(normalized: str) -> bool:
    """A negation that says something is missing ("chưa có", "chưa nghĩ tới"), not a bare "không" that describes
    ("niềng không đau")."""
    bare = set(lx.words("bare_negations"))
    return has_any(normalized, [w for w in lx.data()["polarity"]["no"] if w not in bare])


def _no_description(words: str) -> bool:
    """"khách chính là ai thì chưa rõ", "định vị cũng không có", "định vị thì chưa có luôn": a question or a
    negation, not a description."""
    first = words.split()[0]
    head = " ".join(words.split()[:3])
    if first in ("ai", "gi", "who", "what", "cung", "van", "still", "also") or polarity(first) in (False, "unknown") \
            or has_any(head, lx.words("anyone_words") + ["anyone", "whoever"]):
        return True  # ("— we sell to anyone —": no customer described)
    # "thì chưa có", "we haven't figured it out": a negation that says it is missing; "niềng không đau" describes
    said = polarity(head)
    return said == "unknown" or (said is False and (first in lx.words("stage_fillers") or first in ("thi", "hien", "then")
                                                     or says_absent(head)))


def _strip_lead(words: str) -> str:
    """"hả, có rồi em, hàng handmade" -> "hàng handmade": the echo and the yes before the description."""
    parts = [p.strip() for p in words.split(",")]
    while len(parts) > 1 and (len(norm(parts[0]).split()) <= 3 and (polarity(norm(parts[0])) is True or all(
            w in lx.words("echo_particles") for w in re.findall(r"[a-z]+", norm(parts[0]))))):
        parts.pop(0)
    return ", ".join(parts)


def _rest_after(text: str, normalized: str, customer: str) -> str:
    """The next clause of the sentence after the customer's description."""
    start = text.find(customer) + len(customer)
    end = _TEXT_END.search(normalized, start)
    return text[start:end.start() if end else len(text)].strip(" ,;:-–").strip()


_TRAILING_CON = re.compile(r"[\s,;]+(?:còn|con|nhưng|nhung|but|and|và|va)?\s*$", re.IGNORECASE)


def _words_after(text: str, normalized: str, start: int, key: str) -> str:
    end = _TEXT_END.search(normalized, start)
    stop = end.start() if end else len(text)
    if key == "customer":  # the positioning often follows in the next clause
        other = lx.compiled("positioning_intro").search(normalized, start, stop)
        comma = normalized.find(",", start, stop)
        stop = min([x for x in (other.start() if other else -1, comma) if x > start] or [stop])
    else:  # "định vị là niềng không đau, còn mục tiêu doanh thu thì chưa đặt": the goal is another answer
        goal = lx.compiled_phrases(tuple(lx.data()["practice_words"]["business_goal_defined"])).search(normalized, start, stop)
        stop = goal.start() if goal else stop
    words = text[start:stop].strip(" :,-–").strip()
    words = _TRAILING_CON.sub("", words)
    return _TRAILING_JOIN.sub("", words)  # "young office workers and" (our positioning…): the joining word is not theirs


def asks_back_a_practice(message: str) -> bool:
    """"Khách mục tiêu à? Chưa có em, …": a short question that repeats a practice before the answer (read with the
    answer, not dropped as a question the owner asks)."""
    sentences = [q.rstrip("?").strip() for q in re.findall(r"[^.!?\n]+\?", norm(message))]
    return any(len(q.split()) <= 7 and _named(q) and (_echoed(q) or _only_names(q)) for q in sentences)


def _only_names(question: str) -> bool:
    """"Target customer and positioning?": nothing but practices' names and joining words."""
    rest = question
    for phrases in lx.data()["practice_words"].values():
        rest = alternation(tuple(phrases)).sub(" ", rest)
    return not set(rest.split()) - set(lx.words("practice_join"))


def said_before_asking(message: str) -> str:
    """"spa e mới mở chưa có số liệu gì hết, tháng sau … thì nên làm gì ạ?": the clauses before a question, in its
    sentence, that say something is missing (a negation, no question word) are a statement of the owner's."""
    kept = []
    for sentence in re.findall(r"[^.!?\n]+\?", message or ""):
        for part in sentence.split(",")[:-1]:
            normalized = norm(part)
            if has_any(normalized, lx.data()["untracked"]["negations"]) and not looks_like_question(part):
                kept.append(part.strip())
    return ". ".join(kept)
