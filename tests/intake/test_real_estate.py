"""Real-estate owners are read as real estate (compared against the all-industry benchmarks, and told so)."""

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.core.templates import text as t
from assistant.diagnosis.benchmarks import load_benchmarks
from assistant.diagnosis.engine import diagnose
from assistant.intake.reader import read_industry

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.mark.parametrize("message", [
    "Công ty mình làm sàn BĐS ở Bình Dương",
    "mình là môi giới nhà phố quận 7",
    "ben minh ban can ho chung cu o Thu Duc",
    "dự án căn hộ bên mình mở bán tháng 9, 40 khách đi xem nhà mẫu",
    "We are a small real estate agency in Da Nang",
    "I sell condos and apartments to expats",
])
def test_real_estate_words_name_the_real_estate_industry(message):
    assert read_industry(message, KNOWLEDGE) == "real_estate"


def test_a_generic_word_said_later_does_not_replace_the_industry(session):
    ctx, _ = session("Sàn bất động sản của mình tháng rồi chốt 3 căn",
                     "định vị là tư vấn pháp lý minh bạch cho người mua nhà lần đầu")
    assert ctx.snapshot["business"]["industry"] == "real_estate"
    assert read_industry("bên mình là công ty tư vấn", KNOWLEDGE) == "b2b_services"  # alone it still names one


def test_real_estate_is_compared_against_the_general_benchmarks_and_the_owner_is_told():
    bench = load_benchmarks()
    assert bench.industry_id("bất động sản") == "real_estate"
    assert bench.stage("real_estate", "lead_to_qualified") == bench.stage(None, "lead_to_qualified")
    d = diagnose({"business": {"industry": "real_estate"}, "funnel": {"leads": 900, "qualified": 45, "customers": 3},
                  "spend": 120e6})
    assert "diagnosis.warn_general_benchmarks" in [w.key for w in d.warnings]
    assert "bất động sản" in t("engine.noted_industry", "vi", industry="real_estate")
    assert "mức chuẩn chung" in t("engine.noted_industry", "vi", industry="real_estate")
    assert "all-industry" in t("engine.noted_industry", "en", industry="real_estate")
    assert "all-industry" not in t("engine.noted_industry", "en", industry="health")
