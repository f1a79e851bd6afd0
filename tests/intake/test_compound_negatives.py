"""A compound negative answer to the strategy question records every practice it names as missing."""

import pytest

from assistant.intake.practices import read_practices

BOTH_MISSING = [
    "Nói thật là mình chưa biết khách hàng chính là ai, định vị thì cũng chưa nghĩ tới",
    "chưa xác định được tệp khách và định vị",
    "chua ro khach chinh la ai, dinh vi cung chua co",
    "shop ai mua cũng bán, chưa nghĩ gì tới khác biệt",
    "bán cho ai cũng được, định vị thì chưa",
    "We haven't worked out who our buyers are, and positioning, no, none",
    "we sell to anyone who asks, no positioning to speak of",
    "no ideal customer yet and no positioning either",
]


@pytest.mark.parametrize("message", BOTH_MISSING)
def test_both_practices_are_recorded_missing(message):
    found = read_practices(message)
    assert found.get("target_customer_defined") is False and found.get("positioning_defined") is False


def test_a_practice_joined_to_a_negative_one_is_missing_too():
    assert read_practices("mình chưa xác định khách mục tiêu và định vị") == {
        "target_customer_defined": False, "positioning_defined": False}
    assert read_practices("we have not defined our target customer and positioning") == {
        "target_customer_defined": False, "positioning_defined": False}


def test_a_described_practice_after_a_missing_one_stays_defined():
    found = read_practices("khách mục tiêu chưa rõ và định vị là đồ gốm thủ công cao cấp cho quà tặng")
    assert found == {"target_customer_defined": False, "positioning_defined": True}
    assert read_practices("có khách mục tiêu rồi và định vị") == {"target_customer_defined": True,
                                                                    "positioning_defined": True}


def test_growing_as_it_comes_means_no_business_goal():
    assert read_practices("mục tiêu doanh thu thì chưa đặt, được tới đâu hay tới đó")["business_goal_defined"] is False
    assert read_practices("no revenue goal, we just see how it goes")["business_goal_defined"] is False


def test_a_compound_negative_stores_no_description(session):
    ctx, _ = session("khách hàng chính là ai thì chưa rõ, định vị cũng không có", asked="strategy")
    assert ctx.snapshot["practices"] == {"target_customer_defined": False, "positioning_defined": False}
    assert "customer" not in ctx.snapshot["business"] and "positioning" not in ctx.snapshot["business"]
