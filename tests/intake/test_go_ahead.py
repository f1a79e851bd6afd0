"""An owner who asks for the verdict now ("just tell me what's wrong", "cứ nói luôn vấn đề") is taken at their word."""

import pytest

from assistant.intake.practices import bare_answer
from assistant.intake.reader import wants_to_go_on

GO_AHEAD = [
    "thôi cứ nói luôn vấn đề của shop mình đi",
    "phân tích luôn đi em, mình không nhớ mấy cái đó",
    "bắt bệnh luôn giúp mình",
    "nói thẳng vấn đề đi, đừng hỏi nữa",
    "cho mình biết vấn đề ở đâu luôn",
    "chan doan ngay di e",
    "ket luan luon di",
    "I don't have more, just give me the diagnosis",
    "Skip the questions and tell me what’s wrong",  # a phone's apostrophe
    "honestly no idea, tell me what the problem is",
    "can we cut to the chase? what's the verdict",
]
NOT_GO_AHEAD = [
    "CPL của mình là bao nhiêu thì ổn?",
    "what is a good close rate for a spa?",
    "tháng rồi mình nói chuyện với 300 khách",
    "vấn đề là khách hỏi nhiều mà không chốt",
    "tell me more about the SLA",
]


@pytest.mark.parametrize("message", GO_AHEAD)
def test_asking_for_the_verdict_now_is_a_go_ahead(message):
    assert wants_to_go_on(message)


@pytest.mark.parametrize("message", NOT_GO_AHEAD)
def test_questions_and_figures_are_no_go_ahead(message):
    assert not wants_to_go_on(message)


@pytest.mark.parametrize("message", ["Don't know about all that, just tell me what's wrong",
                                     "chưa nghĩ tới mấy cái đó, cứ nói luôn vấn đề đi"])
def test_a_go_ahead_to_the_strategy_question_leaves_the_practices_unknown(session, message):
    ctx, _ = session(message, asked="strategy")
    assert ctx.intake["go"] is True
    assert ctx.snapshot["practices"] == {}  # unknown is not "no"
    assert bare_answer(message) is None


def test_a_loose_go_ahead_inside_an_answer_still_counts(session):
    ctx, _ = session("e chi biet vay thoi", asked="leads")
    assert ctx.intake["go"] is True
