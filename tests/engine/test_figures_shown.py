"""Every figure the assistant stores is said back: the "figures in use" block of a diagnosis, the noted line."""

from assistant.contracts import TurnContext
from assistant.core.lang import detect_lang
from assistant.intake.reader import read


def talk(engine, *messages, ctx=None):
    ctx = ctx or TurnContext(session_id="s")
    replies = []
    for message in messages:
        ctx.lang = detect_lang(message, default=ctx.lang)
        replies.append(engine.respond(ctx, message))
    return replies, ctx


def test_a_diagnosis_begins_with_each_figure_its_meaning_and_source_and_how_to_fix_one(offline):
    replies, ctx = talk(offline, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn, "
                                 "mục tiêu 60 khách mua, tháng sau dự kiến ngân sách 50 triệu")
    text = replies[0].text
    assert text.startswith("**Em đang dùng**")
    block = text.split("\n\n")[0].splitlines()
    assert "- khách hỏi: **1.500** (thực tế; gõ trong chat)" in block
    assert "- khách mua: **12** (thực tế; gõ trong chat)" in block
    assert "- mục tiêu khách mua: **60** (gõ trong chat)" in block
    assert any(line.startswith("- ngân sách dự kiến: **50 triệu đồng** (kế hoạch, chưa chi") for line in block)
    assert block[-1].startswith("Số nào chưa đúng, anh/chị nhắn «sửa ")
    assert len(block) == 7  # one line per figure, a title and the fix hint: a phone screen
    assert ctx.snapshot["funnel"]["customers"] == 12 and ctx.snapshot["target_customers"] == 60


def test_the_block_says_estimates_conversions_and_sums(offline):
    replies, _ = talk(offline, "Last month $1,200 ad spend, 800 messages, 25 orders, average order 500k, go ahead")
    text = replies[0].text
    assert text.startswith("**Figures I'm using**")
    assert "ad spend: **30 million VND** (actual; converted: 1,200 USD at 25,000 VND/USD; typed in chat)" in text
    assert "revenue: **12.5 million VND** (actual; estimate = average order value × customers; typed in chat)" in text
    replies, _ = talk(offline, "chi 25 triệu chạy ads + 5 triệu booking KOL, 900 tin nhắn, chốt 40 đơn, cứ phân tích đi")
    assert "chi quảng cáo: **30 triệu đồng** (thực tế; cộng 25 triệu + 5 triệu; kol; gõ trong chat)" in replies[0].text


def test_a_correction_re_diagnoses_and_marks_the_corrected_figure(offline):
    replies, ctx = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn", "có rồi",
                        "à nhầm, 120 đơn chứ không phải 12")
    assert ctx.snapshot["funnel"]["customers"] == 120
    assert "- khách mua: **120** (thực tế; gõ trong chat) — vừa sửa" in replies[2].text
    assert replies[2].artifacts[0].type == "diagnosis" and "8,00%" in replies[2].text  # 120 / 1.500


def test_a_removal_is_said(offline):
    replies, ctx = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn, doanh thu 90 triệu", "có rồi",
                        "bỏ số doanh thu")
    assert ctx.snapshot.get("revenue") is None
    assert "- đã bỏ: doanh thu" in replies[2].text


def test_a_figure_given_beside_a_draft_request_is_still_said(offline):
    replies, ctx = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn", "có rồi",
                        "soạn SLA giúp mình, à doanh thu 80 triệu")
    assert ctx.snapshot["revenue"] == 80e6
    assert replies[2].text.startswith("Em ghi nhận: doanh thu 80 triệu đồng.")
    assert [a.type for a in replies[2].artifacts] == ["sla"]


def test_the_diagnosis_card_carries_the_figures_for_the_widget_chips(offline):
    replies, _ = talk(offline, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn, cứ phân tích đi")
    card = replies[0].artifacts[0]
    assert card.type == "diagnosis"
    figures = {f["field"]: f for f in card.data["figures"]}
    assert set(figures) == {"leads", "customers", "spend"}
    assert figures["customers"]["value"] == 12 and figures["customers"]["source"] == "chat"
    assert figures["spend"]["unit"] == "money" and figures["spend"]["kind"] == "actual"


def test_the_fix_hint_is_a_sentence_the_reader_reads_back():
    """"sửa <label> thành <value>" (what the hint and the widget's chips send) for every field, in both languages;
    money typed as bare digits gets the currency word, as the widget adds it."""
    from assistant.core.templates import text as t

    cases = {"reach": 5e5, "visits": 900, "leads": 1800, "qualified": 70, "customers": 120, "repeat_customers": 8,
             "spend": 4e7, "revenue": 8e7, "target_revenue": 4e8, "target_customers": 80, "target_leads": 1000,
             "planned_budget": 6e7, "aov": 5e5, "followers": 12000}
    money = {"vi": "{value:.0f} đồng", "en": "{value:.0f} VND"}
    words = {"vi": "sửa {label} thành {value}", "en": "change {label} to {value}"}
    for lang in ("vi", "en"):
        for field, value in cases.items():
            label = t("engine.figure_label", lang, field=field)
            said = money[lang].format(value=value) if value >= 1e5 and field not in ("reach",) else f"{value:g}"
            findings = read(words[lang].format(label=label, value=said), known={field: value / 2}).findings
            assert [(f.field, f.value) for f in findings] == [(field, value)], (lang, field, label)
