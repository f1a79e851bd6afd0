"""Silo check: from the practices and the owner's answers, which of the six silos apply and their fix."""

import unicodedata

from pydantic import BaseModel

from assistant.contracts import Citation, Practices
from assistant.core.lang import strip_diacritics
from assistant.core.templates import normalize_lang, text
from assistant.retrieval.knowledge import cite

# silo number -> (practice answered "no", answer key answered "no", phrases in free text, no diacritics)
SIGNALS = {
    1: (None, "campaigns_planned_with_sales",
        ["len chien dich mot minh", "sales khong biet chien dich", "khong hoi sales", "thong diep khong thong nhat",
         "marketing tu len ke hoach", "campaign without sales", "sales not involved", "inconsistent message"]),
    2: (None, "experts_write_content",
        ["noi dung chung chung", "chi marketing viet", "content hoi hot", "noi dung hoi hot", "thieu chuyen mon",
         "content is generic", "only marketing writes"]),
    3: ("dashboard", "shared_dashboard",
        ["moi ben mot so", "so lieu khong khop", "khong khop so lieu", "bao cao khong khop", "moi nhom mot chi so",
         "khong biet kenh nao hieu qua",
         "numbers do not match", "each team its own numbers"]),
    4: (None, "tech_council",
        ["phan mem roi rac", "cong cu roi rac", "he thong khong ket noi", "du lieu khong dong bo", "nhieu cong cu",
         "tools not connected", "disconnected tools"]),
    5: ("lead_definition_agreed", "shared_glossary",
        ["lead rac", "moi ben hieu lead", "dinh nghia lead", "khong thong nhat dinh nghia", "junk leads",
         "different definitions", "what counts as a lead"]),
    6: ("sales_sla", "sales_sla",
        ["sales che lead", "sales khong goi", "khong goi lai", "lead bi bo quen", "phan hoi cham", "tra loi cham",
         "do loi cho nhau", "do loi", "sales ignore", "leads are ignored", "slow follow up", "blame"]),
}


class SiloFinding(BaseModel):
    silo: int
    title: str
    evidence: list[str]
    fix: str
    citation: Citation


def _quotes(phrases: list[str], texts: list[str]) -> list[str]:
    """The owner's own words (with diacritics) where a phrase of the silo appears."""
    found = []
    for original in texts:
        plain = strip_diacritics(original).lower()  # same length as the NFC original
        found += [original[i:i + len(p)] for p in phrases if (i := plain.find(p)) >= 0]
    return found


def _evidence(silo: int, practices: Practices, answers: dict, texts: list[str], lang: str) -> list[str]:
    practice, key, phrases = SIGNALS[silo]
    found = []
    if practice and getattr(practices, practice) is False:
        found.append(text("silos.evidence_practice", lang, name=practice))
    if answers.get(key) is False:
        found.append(text("silos.evidence_answer", lang, answer=key))
    found += [text("silos.evidence_phrase", lang, phrase=q) for q in _quotes(phrases, texts)]
    return found


def check_silos(practices: Practices | dict | None = None, answers: dict | str | None = None,
                lang: str = "vi") -> list[SiloFinding]:
    """Silos with at least one sign in the practices, the yes/no answers or the owner's own words."""
    lang = normalize_lang(lang)
    practices = practices if isinstance(practices, Practices) else Practices.model_validate(practices or {})
    answers = {"text": answers} if isinstance(answers, str) else dict(answers or {})
    texts = [" ".join(unicodedata.normalize("NFC", v).split()) for v in answers.values() if isinstance(v, str)]
    out = []
    for silo in SIGNALS:
        evidence = _evidence(silo, practices, answers, texts, lang)
        if evidence:
            out.append(SiloFinding(silo=silo, title=text("silos.title", lang, n=silo), evidence=evidence,
                                   fix=text("silos.fix", lang, n=silo), citation=cite("silos", f"Silo {silo}", lang=lang)))
    return out
