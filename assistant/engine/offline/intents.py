"""Intent of a message: rules first (keywords, vi with/without diacritics, en), then nearest examples."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, looks_like_question, norm

INTENTS = ("summary", "start_over", "diagnose", "go_ahead", "method_question", "data_question", "draft_agenda", "draft_sla",
           "kpi_tree", "smart_goal", "kpi_advice", "report", "help", "smalltalk", "out_of_scope")
EXAMPLES = Path(__file__).with_name("intent_examples.yaml")
MIN_SIMILARITY = 0.9

DRAFTS = ("draft_agenda", "draft_sla", "kpi_tree", "report")
_DRAFT = r"\b(soan|viet|lap|tao|lam|len|xuat|draft|write|make|create|build|prepare|give me|generate|ve|gui|can)\b"
RULES: list[tuple[str, str]] = [
    ("summary", r"\b(tom tat|(ban|em) (da )?(ghi nhan|biet) (duoc )?(gi|nhung gi)|so lieu hien (tai|co)|what do you know|summary|summari[sz]e)\b"),
    ("start_over", r"^\s*/?(bat dau lai|lam lai( tu dau)?|reset|restart|start over|new conversation|xoa (het )?du lieu)\b"),
    ("go_ahead", r"\b(cu (phan tich|chan doan|lam)|(phan tich|chan doan) (di|luon|voi)|go ahead|just (diagnose|go)|diagnose (it )?now|analy[sz]e (it|now)|with what you have)\b"),
    ("draft_agenda", rf"{_DRAFT}.{{0,30}}\b(agenda|kick ?-?off|hop khoi dong|buoi hop)\b|^\s*(agenda|kick ?-?off)( (hop|meeting|chien dich))?\s*$"),
    ("draft_sla", rf"{_DRAFT}.{{0,30}}\bsla\b|^\s*sla( marketing.*)?\s*$"),
    ("kpi_tree", r"\b(cay kpi|cay chi so|kpi tree|tree of kpis)\b"),
    ("report", rf"{_DRAFT}.{{0,30}}\b(bao cao|report)\b"),
    ("smart_goal", r"\bsmart\b|\b(kiem tra|danh gia|check|review)\b.{0,25}\b(muc tieu|goal)\b"),
    ("kpi_advice", r"\b(kpi|chi so|metrics?)\b[^.?!\d]{0,40}\b(nao|should|which)\b|\b(which|what) (kpis?|metrics)\b|\bnen (theo doi|do)\b.*\b(kpi|chi so|gi|nao)\b"),
    ("data_question", r"\b(file|tep|du lieu|so lieu|upload|data|bao cao quang cao)\b.*\b(vua|da|cua (toi|minh|em)|my|tai len|gui)\b|\b(cpl|cpc|cpm|ctr|roas|cac|aov)\b.*\b(bao nhieu|the nao|how much|what)\b"),
    ("diagnose", r"\b(chan doan|diagnos\w*|diem nghen|bottleneck|phan tich (marketing|pheu|giup|cho))\b"),
    ("help", r"^\s*(/?help|/start|huong dan|menu)\s*$|\b(lam duoc gi|giup (duoc )?gi|ban la ai|what can you do|who are you|how does this work)\b"),
    ("smalltalk", r"^\s*(xin chao|chao( ban| em| anh| chi| shop)?|hi|hello|hey|alo|cam on( (ban|em|nhe|nhieu))*|thanks?( you| a lot)?|ok|oke|okay|tot qua|good)[\s!.]*$"),
]


# "không theo dõi KPI nào", "we don't track any KPIs": a practice said missing, no request for KPI advice
@lru_cache(maxsize=2)
def _said_missing(key: str) -> re.Pattern:
    """A negation, then within three words one of the lexicon's `said_missing[key]` nouns ("không theo dõi KPI nào",
    "mình không có báo cáo gì"): the thing is said to be missing, not asked for."""
    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    negations, nouns = lx.data()["untracked"]["negations"], lx.data()["said_missing"][key]
    return re.compile(rf"(?<![a-z0-9'])(?:{alt(negations)})\s+(?:[a-z']+\s+){{0,2}}?(?:{alt(nouns)})(?![a-z0-9])")


def rule_intent(message: str) -> str | None:
    """The first rule that fires on the normal form of `message`, if any."""
    normalized = norm(message)
    for intent, pattern in RULES:
        if intent == "kpi_advice" and _said_missing("kpis").search(normalized) and not looks_like_question(message):
            continue
        if intent in DRAFTS and _said_missing("drafts").search(normalized):
            continue  # "mình không có báo cáo gì": said missing, not asked for
        if re.search(pattern, normalized):
            return intent
    # the owner's other ways of asking for the verdict now ("just tell me what's wrong", "cứ nói luôn vấn đề"),
    # kept as data in the intake's lexicon; after the rules, so "soạn agenda đi" stays a draft
    return "go_ahead" if has_any(normalized, lx.words("go_ahead")) else None



class IntentClassifier:
    """Rules, then the nearest embedded example; the example matrix is built once."""

    def __init__(self, model=None, examples_path: Path = EXAMPLES):
        data = yaml.safe_load(examples_path.read_text(encoding="utf-8"))
        self.labels = [intent for intent, texts in data.items() for _ in texts]
        self._texts = [text for texts in data.values() for text in texts]
        self.model = model
        self.matrix = model.query(self._texts) if model is not None else None

    def nearest(self, message: str) -> tuple[str, float]:
        """The intent of the most similar example and its cosine similarity."""
        if self.matrix is None:
            return "out_of_scope", 0.0
        scores = self.matrix @ self.model.query(message)
        best = int(scores.argmax())
        return self.labels[best], float(scores[best])

    def rule(self, message: str) -> str | None:
        return rule_intent(message)

    def classify(self, message: str, nearest: bool = True) -> str:
        """One of INTENTS, or "unknown"; `nearest=False` skips the embedding (rules only)."""
        intent = rule_intent(message)
        if intent is None and nearest:
            label, score = self.nearest(message)
            intent = label if score >= MIN_SIMILARITY else None
        if intent in DRAFTS and looks_like_question(message) and not re.search(_DRAFT, norm(message)):
            return "method_question"  # "SLA là gì?" asks about the method, it does not order a draft
        return intent or ("method_question" if looks_like_question(message) else "unknown")
