"""An owner who repeats the question before answering it ("mục tiêu kinh doanh á? chưa có"): the answer is
what follows, and a "no" is never recorded as a "yes"; a negation is never stored as their description."""

import pytest

from assistant.intake.practices import described, read_practices


@pytest.mark.parametrize("message, expected", [
    ("mục tiêu kinh doanh á? chưa có đâu em, bán được tới đâu hay tới đó", {"business_goal_defined": False}),
    ("muc tieu kinh doanh a? chua co dau em", {"business_goal_defined": False}),
    ("khách mục tiêu hả... chưa xác định được, ai mua cũng bán", {"target_customer_defined": False}),
    ("định vị hả, có rồi em, hàng thủ công cao cấp", {"positioning_defined": True}),
    ("khách hàng mục tiêu à? có chứ, mẹ bỉm ở quận 7", {"target_customer_defined": True}),
])
def test_the_answer_after_an_echoed_question_decides(message, expected):
    said = {k: v for k, v in read_practices(message).items() if v is not None}
    assert {k: said.get(k) for k in expected} == expected


def test_a_polite_particle_after_a_description_is_no_echo():
    said = read_practices("khách mục tiêu là dân văn phòng ạ, định vị thì chưa")
    assert said["target_customer_defined"] is True and said["positioning_defined"] is False


@pytest.mark.parametrize("message, key", [
    ("Định vị thì chưa có luôn", "positioning"),
    ("định vị thì không có gì đặc biệt", "positioning"),
])
def test_a_negation_is_not_stored_as_the_owners_description(message, key):
    assert key not in described(message, answering=True)


def test_the_yes_before_a_description_is_not_part_of_it():
    assert described("định vị hả, có rồi em, hàng thủ công cao cấp", answering=True)["positioning"] == \
        "hàng thủ công cao cấp"


@pytest.mark.parametrize("message", ["dinh vi cung chua co, ban cho ai cung dc", "we sell to anyone who walks by",
                                     "khách thì ai cũng ok, miễn mua"])
def test_selling_to_anyone_in_slang_is_no_target_customer(message):
    assert read_practices(message)["target_customer_defined"] is False
