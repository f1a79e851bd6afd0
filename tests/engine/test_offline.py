"""The offline engine end to end: conversations that end in a diagnosis, answers, drafts."""

import re

import pytest

from assistant.contracts import TurnContext
from assistant.core.lang import detect_lang


def talk(engine, *messages, ctx=None):
    """Play the messages as one conversation; the replies and the context."""
    ctx = ctx or TurnContext(session_id="s")
    replies = []
    for message in messages:
        ctx.lang = detect_lang(message, default=ctx.lang)
        replies.append(engine.respond(ctx, message))
    return replies, ctx


def first_pillar(ctx):
    return ctx.diagnosis["pillar_priority"][0]


def test_numbers_then_the_strategy_answer_give_a_cited_conversion_diagnosis(offline):
    replies, ctx = talk(offline, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
                        "có, khách của shop là dân văn phòng, định vị hàng handmade")
    first, answer = replies
    assert "1.500" in first.text and "30 triệu" in first.text  # says what it understood
    assert [a.type for a in first.artifacts][:1] == ["diagnosis"] and first.citations  # the verdict at once
    assert "0,80%" in first.text  # 12 / 1.500, from the diagnosis, in Vietnamese notation
    refs = {int(n) for n in re.findall(r"\[(\d+)\]", first.text)}
    assert refs and refs == set(range(1, len(first.citations) + 1))  # every [n] names a listed source
    assert first.text.count("?") == 1 and "khách hàng mục tiêu" in first.text  # one question: the strategy one
    assert "soạn tiếp" not in first.text  # the drafts wait for the answer
    assert "khách hàng mục tiêu: đã có («dân văn phòng»)" in answer.text  # the answer shown back
    assert "định vị: đã có («hàng handmade»)" in answer.text and "soạn tiếp" in answer.text
    assert first_pillar(ctx) == "conversion"
    assert ctx.diagnosis["bottleneck"]["stage"] == "lead_to_customer"


def test_missing_strategy_fundamentals_put_strategy_first(offline):
    _, ctx = talk(offline, "Spa mình chạy ads 20 triệu được 600 tin nhắn, 40 khách",
                  "chưa, khách hàng mục tiêu chưa rõ, cũng chưa có định vị gì")
    assert ctx.snapshot["business"]["industry"] == "health"
    assert first_pillar(ctx) == "strategy"


def test_an_owner_without_figures_is_asked_one_thing_at_a_time_and_gets_measurement(offline):
    replies, ctx = talk(offline, "chẩn đoán marketing giúp tôi", "không biết", "chưa rõ lắm", "không biết",
                        "không có", "có, bán cho mẹ bỉm sữa")
    asked = [r.text for r in replies[:-1]]
    assert all(text.count("?") <= 2 for text in asked)  # one question (plus the example's own)
    assert len(set(asked)) == len(asked)  # never the same question twice
    assert first_pillar(ctx) == "measurement"


def test_go_ahead_diagnoses_with_what_there_is(offline):
    replies, ctx = talk(offline, "tháng rồi có 800 tin nhắn", "cứ phân tích đi")
    assert [a.type for a in replies[0].artifacts] == ["figures"] and "chốt được bao nhiêu" in replies[0].text  # one count: it asks (no diagnosis yet)
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
    assert first_pillar(ctx) == "measurement"  # one known count: the funnel cannot be measured yet


def test_english_owner_gets_english_replies(offline):
    replies, ctx = talk(offline, "Last month we spent 20 million on ads, got 800 messages and closed 25 orders",
                        "yes, we sell to young office workers and our positioning is clear")
    assert ctx.lang == "en" and all(r.lang == "en" for r in replies)
    assert "Pillar to fix first" in replies[0].text
    assert 'Noted: target customer: yes ("young office workers"); positioning: yes' in replies[1].text


def test_method_question_is_answered_from_the_knowledge_base_with_citations(offline):
    reply = offline.respond(TurnContext(session_id="s"), "SLA giữa marketing và sales là gì?")
    assert reply.citations and reply.citations[0].doc_id == "silos"
    assert "24–48 giờ" in reply.text and reply.text.rstrip().endswith("[1]")


def test_drafts_and_smart_check_come_with_their_artifacts(offline):
    replies, ctx = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn", "có rồi",
                        "soạn SLA marketing sales giúp mình", "soạn agenda kick-off",
                        "kiểm tra mục tiêu: tăng doanh thu 20% trong quý 1 nhờ kênh Zalo")
    assert [a.type for a in replies[2].artifacts] == ["sla"] and "24" in replies[2].text
    assert [a.type for a in replies[3].artifacts] == ["agenda"]
    assert replies[4].artifacts[0].type == "smart" and "SMART" in replies[4].text
    assert set(ctx.drafts) == {"sla", "agenda"}


def test_kpi_questions(offline):
    replies, _ = talk(offline, "CPL là KPI loại nào?")
    assert "Chi phí mỗi lead" in replies[0].text and "đầu ra" in replies[0].text


def test_help_smalltalk_and_out_of_scope(offline):
    ctx = TurnContext(session_id="s")
    assert "Chẩn đoán marketing" in offline.respond(ctx, "bạn làm được gì?").text
    assert "GrowthDoc" in offline.respond(ctx, "xin chào").text
    assert "ngoài phạm vi" in offline.respond(ctx, "thời tiết Hà Nội mai thế nào").text


def test_a_question_about_data_without_uploads_says_how_to_upload(offline):
    reply = offline.respond(TurnContext(session_id="s"), "CPL trong file của tôi là bao nhiêu?")
    assert "chưa tải file" in reply.text


def test_the_strategy_question_also_covers_the_revenue_goal(offline):
    _, ctx = talk(offline, "tháng rồi chạy ads 15 triệu, 700 tin nhắn, chốt 90 đơn",
                  "khách mục tiêu và định vị thì rõ rồi, nhưng chưa có mục tiêu doanh thu")
    practices = ctx.snapshot["practices"]
    assert practices["business_goal_defined"] is False and practices["target_customer_defined"] is True
    assert first_pillar(ctx) == "strategy"


def test_start_over_forgets_the_figures_and_asks_again(offline):
    replies, ctx = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn", "có", "làm lại từ đầu")
    assert ctx.diagnosis is None and ctx.snapshot["funnel"] == {}
    assert "làm lại từ đầu" in replies[-1].text and ctx.intake["asked"] == "leads"


def test_an_english_method_question_says_the_notes_are_vietnamese(offline):
    reply = offline.respond(TurnContext(session_id="s", lang="en"), "What is a marketing-sales SLA?")
    assert reply.text.startswith("From the method notes") and reply.citations


def test_naming_the_sector_is_intake_not_out_of_scope(offline):
    replies, ctx = talk(offline, "hi", "we are a dental clinic")
    assert ctx.snapshot["business"]["industry"] == "health"
    assert "health" in replies[1].text and "enquiries" in replies[1].text


def test_a_question_in_the_middle_of_the_intake_does_not_lose_the_pending_one(offline):
    replies, ctx = talk(offline, "tháng rồi có 800 tin nhắn", "SLA là gì?", "chốt được 40 đơn")
    assert replies[1].citations  # the method question was answered
    assert "customers" not in ctx.intake.get("declined", []) and ctx.snapshot["funnel"]["customers"] == 40


def test_the_owner_can_ask_what_was_noted(offline):
    replies, _ = talk(offline, "Spa mình chạy ads 20 triệu được 600 tin nhắn, 40 khách", "chưa", "em đã ghi nhận những gì?")
    summary = replies[-1].text
    assert "600 khách hỏi" in summary and "20 triệu đồng" in summary and "Định vị: chưa" in summary
    assert "Chiến lược" in summary


@pytest.mark.parametrize("turns", [
    ["Shop túi xách của mình tháng rồi chi 18 triệu quảng cáo, doanh thu 120 triệu, ngoài ra không đếm tin nhắn "
     "hay đơn gì cả."],
    ["Mình bán mật ong qua Zalo, mỗi tháng bỏ khoảng 3 triệu để đẩy bài", "không biết", "cứ chẩn đoán đi"],
])
def test_an_owner_with_money_figures_only_gets_the_measurement_verdict(offline, turns):
    replies, ctx = talk(offline, *turns)
    reply = replies[-1]
    assert [a.type for a in reply.artifacts][:1] == ["diagnosis"]
    assert ctx.diagnosis["pillar_priority"][0] == "measurement"


def test_just_run_the_analysis_diagnoses_instead_of_asking_more(offline):
    replies, _ = talk(offline, "Streetwear shop: 24,000 store visits, 310 orders, 110 million VND revenue, "
                               "14 million on ads.", "Not sure, just run the analysis.")
    reply = replies[-1]
    assert any(a.type == "diagnosis" for a in reply.artifacts)


def test_a_stated_goal_is_taken_in_and_diagnosed_not_answered_as_a_planning_question(offline):
    replies, ctx = talk(offline, "I sell linen dresses online. October: $1,400 on Meta ads (use 25,000 VND to the "
                                 "dollar), 180,000 reached, 3,600 website visits, 54 orders, revenue 81 million VND.",
                        "Our customers are women 28-40 who travel; positioning: breathable linen sewn in Da Lat. "
                        "We want to reach 200 million VND revenue a month.")
    assert ctx.snapshot["target_revenue"] == 200e6
    assert any(a.type == "diagnosis" for a in replies[-1].artifacts)


def test_the_same_goal_asked_as_a_question_gets_the_plan(offline):
    replies, ctx = talk(offline, "tháng rồi chạy ads 30 triệu, 1.500 tin nhắn, chốt 60 đơn, doanh thu 90 triệu",
                        "muốn doanh thu lên 120 triệu thì cần bao nhiêu ngân sách?")
    assert ctx.intake.get("kind") == "plan" and "120 triệu" in replies[-1].text


@pytest.mark.parametrize("fallback, said", [(False, False), (True, True)])
def test_an_english_method_answer_says_vietnamese_only_when_the_passage_is(fallback, said):
    from assistant.core.templates import text
    from assistant.retrieval.search import Hit

    hit = Hit(text="CPM is the cost of 1,000 impressions.", title="Glossary", source="knowledge/en/glossary.md",
              heading="CPM", score=1.0, citation="Glossary › CPM", doc_id="glossary", lang="vi" if fallback else "en",
              fallback=fallback)
    answer = text("engine.method_answer", "en", parts=[{"text": hit.text, "hit": hit}])
    assert ("only in Vietnamese" in answer) is said and "CPM is the cost" in answer


@pytest.mark.parametrize("answer", ["Not sure about all that, just tell me what's wrong.",
                                    "mấy cái đó mình chưa nghĩ tới, cứ nói luôn vấn đề đi"])
def test_a_go_ahead_after_a_question_gives_the_diagnosis_at_once(offline, answer):
    replies, ctx = talk(offline, "Last month 500 people messaged us, 150 came to a free trial and 9 bought", answer)
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
    assert ctx.snapshot["practices"] == {}  # unknown, not "no": no strategy-first verdict from a go-ahead


@pytest.mark.parametrize("first, second", [
    ("Tiệm rửa xe máy của mình doanh thu tháng rồi 60 triệu, chạy ads 3 triệu", "lượng khách thì mình không đếm"),
    ("We run an online piano course: ad spend last month 12 million VND, revenue 70 million VND",
     "We don't track leads or sign-ups."),
])
def test_an_owner_who_keeps_no_counts_gets_measurement_without_more_count_questions(offline, first, second):
    replies, ctx = talk(offline, first, second)
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
    assert first_pillar(ctx) == "measurement"


def test_an_owner_without_figures_who_says_strategy_is_missing_gets_strategy_first_with_no_empty_block(offline):
    replies, ctx = talk(offline, "Tiệm bánh mình mới mở, chưa có số liệu. Chưa xác định khách mục tiêu, "
                                 "định vị cũng chưa nghĩ tới. Nên bắt đầu từ đâu?")
    assert ctx.diagnosis["pillar_priority"][0] == "strategy"
    assert "Em đang dùng" not in replies[0].text  # no figures: no empty block of them


def test_a_correction_while_the_strategy_question_is_open_leaves_it_open(offline):
    replies, ctx = talk(offline, "shop giay thang 10 do ads het 18 cu, dc tam 2k2 ib, chot dc 45 don",
                        "a nham, 54 don chu ko phai 45", "khach chinh la sinh vien, dinh vi thi chua co")
    assert ctx.snapshot["funnel"]["customers"] == 54
    assert "soạn tiếp" not in replies[1].text  # the question is still open: the drafts wait
    assert ctx.snapshot["practices"]["positioning_defined"] is False  # the later answer is read as the answer
    assert "strategy" not in ctx.intake.get("declined", [])


def test_an_answer_that_names_some_practices_leaves_the_others_unknown(offline):
    _, ctx = talk(offline, "Last month we spent 12 million on ads, got 700 DMs and 40 of them ordered",
                  "we don't really have a target customer or positioning, anyone who walks by")
    practices = ctx.snapshot["practices"]
    assert practices["target_customer_defined"] is False and practices["positioning_defined"] is False
    assert practices.get("business_goal_defined") is None  # not named: unknown, not "no"
    _, ctx = talk(offline, "tháng rồi chạy ads 12 triệu, 700 tin nhắn, chốt 40 đơn", "có rồi em")
    assert all(ctx.snapshot["practices"].get(p) is True
               for p in ("target_customer_defined", "positioning_defined", "business_goal_defined"))


def test_an_owner_who_gives_sales_and_money_gets_rule_two_at_once_and_the_count_it_lacks_re_diagnoses(offline):
    replies, ctx = talk(offline, "Homestay ở Hội An, tháng 10 có 52 booking, doanh thu 140 triệu.")
    assert any(a.type == "diagnosis" for a in replies[0].artifacts)
    assert ctx.diagnosis["pillar_priority"][0] == "measurement"
    replies, ctx = talk(offline, "tin nhắn hỏi phòng tháng đó khoảng 900", ctx=ctx)
    assert ctx.snapshot["funnel"]["leads"] == 900 and ctx.diagnosis["pillar_priority"][0] != "measurement"


def test_an_owner_who_gives_only_enquiries_and_spend_is_asked_for_the_sales_first(offline):
    replies, _ = talk(offline, "tháng rồi chạy ads 20 triệu, được 800 tin nhắn")
    assert not any(a.type == "diagnosis" for a in replies[0].artifacts)
    assert "?" in replies[0].text
