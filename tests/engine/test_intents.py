"""Routing a message to its intent: rules first, then the nearest embedded example."""

import pytest


@pytest.mark.parametrize("message, intent", [
    ("cứ phân tích đi", "go_ahead"),
    ("go ahead with what you have", "go_ahead"),
    ("soạn agenda họp kick-off giúp mình", "draft_agenda"),
    ("soan sla marketing sales", "draft_sla"),
    ("SLA là gì?", "method_question"),
    ("vẽ cây KPI cho trụ cột chuyển đổi", "kpi_tree"),
    ("viết báo cáo đề xuất cho khách", "report"),
    ("mục tiêu tăng doanh thu 20% trong quý 1 có SMART không?", "smart_goal"),
    ("tôi nên theo dõi những KPI nào?", "kpi_advice"),
    ("which metrics should I track?", "kpi_advice"),
    ("CPL trong file của tôi là bao nhiêu?", "data_question"),
    ("chẩn đoán marketing giúp tôi", "diagnose"),
    ("bạn làm được gì?", "help"),
    ("cảm ơn nhé", "smalltalk"),
    ("Marketing shop mình tệ quá, không hiểu sao", "diagnose"),
    ("Cách nấu phở bò ngon", "out_of_scope"),
    ("làm sao để giữ chân khách cũ?", "method_question"),
])
def test_messages_reach_the_right_intent(classifier, message, intent):
    assert classifier.classify(message) == intent


def test_rules_alone_skip_the_embedding(classifier):
    assert classifier.classify("ước gì trời mưa", nearest=False) == "unknown"


@pytest.mark.parametrize("message", ["just tell me what's wrong", "cứ nói luôn vấn đề đi", "give me the diagnosis",
                                     "bắt bệnh luôn giúp mình"])
def test_asking_for_the_verdict_now_is_a_go_ahead_not_a_method_question(classifier, message):
    assert classifier.rule(message) in ("go_ahead", "diagnose")
    assert classifier.classify(message, nearest=False) in ("go_ahead", "diagnose")
