"""Consultant turns of the offline engine: each answer a new owner would get, checked on what they would read."""

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import PROJECT_ROOT
from assistant.engine.offline import OfflineEngine
from assistant.retrieval.search import Hit
from tests.engine.fakes import FakeSearch
from tests.engine.test_offline import talk

SHOP = (("Shop thời trang online của mình tháng rồi chạy ads hết 30 triệu, tiếp cận 400 nghìn người, "
         "1.500 tin nhắn mà chốt có 12 đơn"), "có, khách là nữ văn phòng 25-35 tuổi, định vị hàng thiết kế")
CPM_HIT = Hit(text="## CPM\nCPM là chi phí để quảng cáo hiển thị 1.000 lần. CPM = chi phí ÷ lượt hiển thị × 1.000.",
              title="Bảng thuật ngữ", source="knowledge/glossary.md", heading="CPM — giá mỗi nghìn lượt hiển thị",
              score=0.9, citation="Bảng thuật ngữ › CPM", doc_id="glossary")


@pytest.fixture
def engine(classifier):
    return OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch([CPM_HIT]), classifier)


def test_a_glossary_question_answers_with_the_owners_own_figure_and_cites_the_glossary(engine):
    replies, ctx = talk(engine, *SHOP, "CPM là gì, bao nhiêu là cao?")
    reply = replies[-1]
    assert "CPM của anh/chị là **75.000 đồng**" in reply.text        # 30 triệu ÷ 400.000 × 1.000, on reach
    assert "chưa tải file" not in reply.text
    assert [c.doc_id for c in reply.citations] == ["glossary"] and ctx.intake["kind"] == "glossary"


def test_break_even_roas_is_computed_once_the_margin_is_known(engine):
    replies, _ = talk(engine, *SHOP, "biên lãi 40%, doanh thu 9 triệu", "ROAS hòa vốn tính sao?")
    assert "ROAS hoà vốn của anh/chị = 1 ÷ 0,40 = **2,50**" in replies[-1].text
    assert "đang lỗ" in replies[-1].text                                  # ROAS 0,3


def test_a_disagreement_shows_the_figures_behind_the_call_and_what_would_change_it(engine):
    replies, ctx = talk(engine, *SHOP, "e thấy chốt vậy là ok rồi, vấn đề là giá ads đắt quá, 18k một tin nhắn")
    text = replies[-1].text
    assert ctx.snapshot["funnel"]["leads"] == 1500                        # "18k một tin nhắn" is a price, not 18,000 leads
    assert "0,80%" in text and "14,00%" in text and "← điểm nghẽn" in text
    assert "20.000 đồng (anh/chị nói khoảng 18.000 đồng)" in text
    assert "khoảng 24 đơn" in text and "khoảng 16 đơn" in text            # half the CPL vs a first step of the close rate
    assert "từ khoảng 168 trở lên (đang là 12)" in text                  # 1.500 × 14% × 0,8


def test_a_new_fact_in_a_disagreement_re_diagnoses_and_says_only_what_changed(engine):
    replies, ctx = talk(engine, *SHOP, "sai rồi, tháng rồi chốt được 40 đơn chứ không phải 12")
    text = replies[-1].text
    assert ctx.snapshot["funnel"]["customers"] == 40
    assert "0,80% → **2,67%**" in text and "Kết luận giữ nguyên" in text
    assert "Vì sao" not in text and "Em đang dùng" not in text            # not the whole diagnosis again
    assert replies[-1].artifacts[0].type == "diagnosis"                   # the card still has it all


def test_a_budget_question_forecasts_and_steps_the_bottleneck_toward_its_benchmark(engine):
    replies, _ = talk(engine, *SHOP, "tháng sau có 50 triệu ngân sách thì nên làm gì / phân bổ sao?")
    text = replies[-1].text
    assert "khoảng 2.500 khách hỏi, **20 khách mua**" in text             # 50/30 × (1.500, 12)
    assert "Tháng 1: 1,04%" in text and "14,00% là đích xa" in text       # +30% a month, benchmark as horizon
    assert "hiệu quả giảm dần" in text


def test_doubling_the_orders_gives_the_budget_and_the_rate_it_takes(engine):
    replies, _ = talk(engine, *SHOP, "muốn tăng gấp đôi đơn thì làm sao?")
    text = replies[-1].text
    assert "24 khách mua" in text and "**60 triệu đồng**" in text and "**1,60%**" in text


def test_should_i_cut_the_budget_compares_roas_with_break_even(engine):
    replies, _ = talk(engine, *SHOP, "biên lãi 40%, doanh thu 27 triệu", "có nên giảm ngân sách ads không?")
    text = replies[-1].text
    assert "ROAS hiện tại **0,90**" in text and "ROAS hoà vốn **2,50**" in text
    assert "Nên giảm phần ngân sách đang lỗ" in text


def test_a_budget_split_cuts_the_channel_with_no_orders(engine):
    ctx = TurnContext(session_id="s", lang="en")
    ctx.snapshot = {"business": {}, "funnel": {"leads": 500, "customers": 20}, "spend": 25e6, "revenue": 30e6,
                    "sources": {}, "practices": {"target_customer_defined": True, "business_goal_defined": True},
                    "channels": {"google": {"spend": 5e6, "customers": 0}, "facebook": {"spend": 20e6, "customers": 20}}}
    replies, _ = talk(engine, "How should I split 40 million next month?", ctx=ctx)
    assert "google 0 VND (spent with no orders — stop and review)" in replies[-1].text
    assert "facebook 40 million VND" in replies[-1].text


def test_what_if_a_rate_reaches_a_value(engine):
    replies, _ = talk(engine, *SHOP, "nếu tỷ lệ chốt lên 3% thì sao?")
    assert "khách mua 12 → **45**" in replies[-1].text


def test_capability_says_no_and_how_to_export_from_the_platform(engine):
    replies, ctx = talk(engine, "bạn có kết nối được tài khoản quảng cáo Facebook không?")
    assert replies[0].text.startswith("Em không kết nối trực tiếp")
    assert "Xuất dữ liệu bảng" in replies[0].text and ctx.intake["kind"] == "capability"


def test_an_out_of_scope_request_is_declined_with_what_it_can_do(engine):
    replies, _ = talk(engine, "viết giúp mình 1 caption bán váy maxi")
    assert "ngoài phạm vi" in replies[0].text and "agenda kick-off" in replies[0].text
    assert "định vị" not in replies[0].text.split("—")[0]                  # no positioning framework


def test_english_why_after_a_diagnosis_and_before_any_figure(engine):
    replies, ctx = talk(engine, "What should I fix first and why?")
    assert replies[0].lang == "en" and ctx.intake["kind"] == "intake"
    assert "could not find" not in replies[0].text.lower()
    replies, _ = talk(engine, "Last month we spent 15 million VND on ads, got 900 messages and 45 orders, go ahead",
                      "What should I fix first and why?")
    assert replies[-1].text.startswith("**Why ") and "5.00%" in replies[-1].text


def test_a_draft_cites_its_own_sources_not_the_diagnosis(engine):
    replies, _ = talk(engine, *SHOP, "soạn agenda kick-off giúp mình")
    diagnosis_sources = {(c.doc_id, c.heading) for c in replies[1].citations}
    draft = replies[-1].artifacts[0]
    own = [(c["doc_id"], c["heading"]) for c in draft.data["data"]["citations"]]
    assert draft.type == "agenda" and own
    assert [(c.doc_id, c.heading) for c in replies[-1].citations] == own       # the kick-off's silo, cited
    assert set(own) != diagnosis_sources


def test_the_first_diagnosis_is_short_and_says_unit_economics(engine):
    replies, _ = talk(engine, *SHOP)
    text = replies[-1].text
    assert "Kinh tế đơn vị: CPL 20.000 đồng · CAC 2,5 triệu đồng." in text
    assert text.count("\n3. ") == 0                                       # two actions; the card has the rest


@pytest.mark.parametrize("message", ["mình thấy hợp lý", "minh thay dung roi", "I think you're right", "I agree"])
def test_agreement_is_not_taken_for_a_disagreement(message):
    from assistant.engine.offline.kinds import classify

    found = classify(message, diagnosed=True)
    assert found is None or found.name != "disagree"


@pytest.mark.parametrize("message", ["I don't agree", "I do not agree with that", "mình không đồng ý"])
def test_a_negated_agreement_is_a_disagreement(message):
    from assistant.engine.offline.kinds import classify

    assert classify(message, diagnosed=True).name == "disagree"
