"""US dollars are read as USD and converted at a stated or configured rate, the conversion kept."""

import pytest

from assistant.intake.reader import read


@pytest.mark.parametrize("message", ["$1,200 ad spend", "chi 1.200 đô chạy ads", "ads 1200 USD", "ads hết 1.2k USD"])
def test_dollars_are_converted_and_the_original_kept(message):
    spend = read(message, usd_rate=25_000).findings[0]
    assert spend.value == 30e6 and spend.currency == "VND"
    assert spend.original == {"value": 1200, "currency": "USD", "rate": 25_000}


def test_the_owner_can_state_the_rate(session):
    ctx, found = session("chi 1000 đô, tỷ giá 25.400", "thêm 100 đô boost bài")
    assert found[0].original["rate"] == 25_400
    assert ctx.snapshot["fx"] == {"USD": 25_400}


def test_vnd_is_never_labelled_usd():
    spend = read("chi 30 triệu").findings[0]
    assert spend.original is None and spend.value == 30e6
