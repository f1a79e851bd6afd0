"""The checks every model reply passes before the owner sees it.

A reply is grounded when each number in it can be traced to the turn's facts, the tool results or
the owner's own words (up to rounding at a displayed scale: 1.500 / 1,500 / 1,5 nghìn / 0,8 %); each
bracketed citation is an id the turn really holds; it is written in the owner's language; it does
not repeat the previous reply; and it is not a tool call written as text. Pure functions: the
engine decides what a violation costs (one corrective retry, then the offline answer).
"""

import json
import re
from difflib import SequenceMatcher

from assistant.core.lang import detect_lang
from assistant.intake.amounts import find_amounts

SMALL = 10  # list numbering, "4 trụ cột", "7 bước", "1 câu hỏi": never a figure of the owner's
SCALES = (1.0, 100.0, 1e-3, 1e-6, 1e-9)  # as stored, as a percentage, in thousands, millions, billions
REPEAT_RATIO = 0.9
_CITE = re.compile(r"\[([^\[\]\n]{1,80})\]")
_LINK = re.compile(r"\]\(")
_TOOL_TEXT = re.compile(r"<tool_call>|<\|tool_call|\"(name|function)\"\s*:\s*\"[a-z_]+\"\s*,\s*\"(arguments|parameters|args)\"",
                        re.IGNORECASE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# words that give advice: a reply that advises needs a source, unless GrowthDoc's own answer advises unsourced too
_ADVICE = re.compile(r"\b(nên|tập trung vào|should|focus on|recommend|you need to|make sure)\b", re.IGNORECASE)


def numbers_in(text: str) -> list[float]:
    """Every value a text states: parsed amounts (money, percent, counts), and each bare digit group too."""
    values = [a.value for a in find_amounts(text)]
    for raw in _DIGITS.findall(text):
        for candidate in {raw.replace(".", "").replace(",", "."), raw.replace(",", "")}:
            try:
                values.append(float(candidate))
            except ValueError:
                pass
    return values


def json_numbers(value) -> list[float]:
    """The numbers held anywhere in a JSON-like value (facts and tool results)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in json_numbers(v)]
    if isinstance(value, (list, tuple)):
        return [n for v in value for n in json_numbers(v)]
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return numbers_in(value)
        return json_numbers(parsed) if not isinstance(parsed, str) else numbers_in(parsed)
    return []


def _shown_forms(fact: float) -> set[float]:
    """The values a fact may be written as: at each displayed scale, rounded to 0–2 decimals."""
    forms = {fact}
    for scale in SCALES:
        scaled = fact * scale
        for decimals in (0, 1, 2):
            forms.add(round(scaled, decimals) / scale)
    return forms


class Ledger:
    """The numbers a turn may use: everything its facts, tools and the owner's words hold."""

    def __init__(self):
        self.values: set[float] = set()

    def add(self, *sources) -> "Ledger":
        for source in sources:
            for n in json_numbers(source):
                self.values |= _shown_forms(n)
        return self

    def traceable(self, value: float) -> bool:
        if value.is_integer() and 0 <= value <= SMALL:
            return True
        return any(abs(value - v) <= 1e-6 * max(abs(v), 1.0) for v in self.values)


def untraced(reply: str, ledger: Ledger) -> list[str]:
    """The numbers of a reply that nothing in the session says, as written."""
    out = []
    for amount in find_amounts(_CITE.sub(" ", reply)):
        if ledger.traceable(amount.value):
            continue
        # "25–35 tuổi", "1.500 / 12": a count the parser folded from several numbers, each end the owner's
        parts = _DIGITS.findall(amount.text)
        if amount.unit == "count" and all(any(ledger.traceable(v) for v in numbers_in(p)) for p in parts):
            continue
        out.append(amount.text.strip())
    return list(dict.fromkeys(out))


def strip_citations(text: str) -> str:
    return _CITE.sub(" ", text)


def citation_labels(reply: str) -> list[str]:
    """Every bracketed label of a reply (Markdown links aside)."""
    return [m.group(1) for m in _CITE.finditer(reply) if not _LINK.match(reply, m.end() - 1)]


def bad_citations(reply: str, known: int) -> list[str]:
    """Bracketed labels that are not one of the turn's citation ids 1..known (a copied label, an invented id)."""
    out = []
    for m in _CITE.finditer(reply):
        if _LINK.match(reply, m.end() - 1):  # a Markdown link [text](url), not a citation
            continue
        for label in re.split(r"\s*,\s*", m.group(1).strip()):
            if not (label.isdigit() and 1 <= int(label) <= known):
                out.append(f"[{label}]")
    return list(dict.fromkeys(out))


def wrong_language(reply: str, lang: str) -> bool:
    """The reply reads as the other language (citations and code aside; too short to tell is fine)."""
    prose = _CITE.sub(" ", re.sub(r"`[^`]*`", " ", reply))
    return detect_lang(prose, default=lang) != lang


def repeats(reply: str, previous: str | None) -> bool:
    """The reply is (nearly) the previous reply again."""
    if not previous:
        return False
    a, b = " ".join(reply.split()).lower(), " ".join(previous.split()).lower()
    if a == b or (min(len(a), len(b)) >= 30 and (a in b or b in a)):  # also inside what was shown with it
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= REPEAT_RATIO


def tool_call_text(reply: str) -> bool:
    """A tool call the model wrote into its text instead of calling the tool."""
    return bool(_TOOL_TEXT.search(reply))


def core_question(answer: str, reply: str) -> str | None:
    """The question GrowthDoc's answer asks the owner, when the reply asks none (it is then added to the reply)."""
    if "?" in reply:
        return None
    asked = [p.strip() for p in re.split(r"\n\s*\n", answer) if p.strip().endswith("?")]
    return asked[-1] if asked else None


def advises(text: str) -> bool:
    return bool(_ADVICE.search(text))


def violations(reply: str, *, ledger: Ledger, citations: int, lang: str, previous: str | None,
               cited_answer: bool = False, answer: str | None = None) -> list[dict]:
    """What is wrong with a reply, as ids with their details (empty when it may be shown).

    `cited_answer`: GrowthDoc's own answer rests on sources, and the model used no tool of its own
    this turn: the reply must keep at least one of them. A reply that gives advice ("nên", "should"…)
    without a source where the answer (`answer`) gave no advice is invented advice."""
    found: list[dict] = []
    if tool_call_text(reply):
        return [{"kind": "tool_text"}]
    if not reply.strip():
        return [{"kind": "empty"}]
    numbers = untraced(reply, ledger)
    if numbers:
        found.append({"kind": "numbers", "items": numbers})
    cites = bad_citations(reply, citations)
    if cites:
        found.append({"kind": "citations", "items": cites})
    elif not citation_labels(reply) and (cited_answer or (advises(reply) and not advises(answer or ""))):
        found.append({"kind": "uncited"})  # the answer's sources dropped, or advice invented without one
    if wrong_language(reply, lang):
        found.append({"kind": "language"})
    if repeats(reply, previous):
        found.append({"kind": "repeat"})
    return found
