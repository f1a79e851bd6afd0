"""The method files hold the sections other code cites, and their worked figures add up."""

import re
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
METHOD_FILES = ["kpi-taxonomy", "marketing-department", "smart-goals", "strategy-goals", "silos", "glossary"]
SILO_HEADINGS = [
    "Silo 1: Chiến dịch thiếu phối hợp — họp kick-off liên phòng ban",
    "Silo 2: Nội dung thiếu chiều sâu — chuyên gia viết, marketing biên tập",
    "Silo 3: Mỗi bộ phận một bộ số — dashboard phễu chung",
    "Silo 4: Công nghệ rời rạc — hội đồng công nghệ hằng tháng",
    "Silo 5: Dữ liệu không cùng ngôn ngữ — bảng thuật ngữ dữ liệu chung",
    "Silo 6: Marketing và sales đổ lỗi cho nhau — SLA marketing–sales",
]
GLOSSARY_TERMS = ["Lead", "MQL", "SAL", "SQL", "CPL", "CPA", "CAC", "ROAS", "CLV", "LTV:CAC", "CTR", "CPC", "CPM",
                  "Reach", "frequency", "conversion rate", "retention", "AOV", "funnel", "KPI", "OKR", "SMART"]
NUMBER = r"\d[\d.]*(?:,\d+)?"
DIVISION = re.compile(rf"({NUMBER}) ÷ ({NUMBER})( × 100%| × 1\.000)? = ({NUMBER})")


def sections(doc_id: str) -> dict[str, str]:
    """A knowledge file's `## ` sections, heading → body."""
    body = (KNOWLEDGE / f"{doc_id}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {heading.strip(): text for heading, text in zip(parts[1::2], parts[2::2])}


def vi_number(text: str) -> float:
    """A number written the Vietnamese way (1.234.567,5)."""
    return float(text.replace(".", "").replace(",", "."))


def test_silos_has_one_section_per_silo_with_the_agreed_headings():
    headings = list(sections("silos"))
    assert headings[1:] == SILO_HEADINGS
    assert "silo" in headings[0].lower()


@pytest.mark.parametrize("heading, needles", [
    (SILO_HEADINGS[0], ["khách hàng mục tiêu", "thông điệp cốt lõi", "chốt", "lo lắng", "tính năng"]),
    (SILO_HEADINGS[2], ["mql chất lượng", "mql chuyển thành sal hoặc sql", "pipeline", "clv", "hằng tháng"]),
    (SILO_HEADINGS[5], ["mql", "sal", "24–48 giờ", "feedback loop", "nuôi dưỡng"]),
])
def test_silo_fix_carries_its_checklist(heading, needles):
    text = sections("silos")[heading].lower()
    assert [n for n in needles if n not in text] == []


def test_silo_kickoff_lists_five_questions():
    text = sections("silos")[SILO_HEADINGS[0]]
    assert len(re.findall(r"^\d\. .+\?$", text, flags=re.MULTILINE)) == 5


def test_glossary_has_a_section_for_every_term():
    headings = " | ".join(sections("glossary"))
    assert [t for t in GLOSSARY_TERMS if t not in headings] == []


def test_smart_goals_has_one_section_per_letter():
    letters = [h[0] for h in sections("smart-goals") if re.match(r"^[SMART] — ", h)]
    assert letters == list("SMART")


def test_strategy_goals_has_five_goals_each_with_a_measure():
    goals = {h: t for h, t in sections("strategy-goals").items() if h.startswith("Mục tiêu ")}
    assert len(goals) == 5
    assert [h for h, t in goals.items() if "Cách đo" not in t] == []


@pytest.mark.parametrize("doc_id", METHOD_FILES)
def test_worked_divisions_are_right(doc_id):
    text = (KNOWLEDGE / f"{doc_id}.md").read_text(encoding="utf-8")
    for a, b, scale, result in DIVISION.findall(text):
        factor = {"": 1, " × 100%": 100, " × 1.000": 1000}[scale]
        assert vi_number(a) / vi_number(b) * factor == pytest.approx(vi_number(result), rel=1e-3), (a, b, result)


def test_glossary_shows_worked_divisions():
    assert len(DIVISION.findall((KNOWLEDGE / "glossary.md").read_text(encoding="utf-8"))) >= 8


@pytest.mark.parametrize("doc_id", METHOD_FILES)
def test_sections_are_sized_to_be_read_alone(doc_id):
    sizes = {h: len(t.split()) for h, t in sections(doc_id).items()}
    assert {h: n for h, n in sizes.items() if not 60 <= n <= 400} == {}
