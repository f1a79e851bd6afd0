"""Southern words for a correction ("ghi lộn", "chứ hổng phải"), and one amount named for two channels."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, known, expected", [
    ("em gõ lộn, khách đặt lịch là 130", {"qualified": 310}, {"qualified": 130}),
    ("96 đơn chứ hổng phải 69 nha", {"customers": 69}, {"customers": 96}),
    ("tin nhan 2.100 chu hok phai 1.200", {"leads": 1200}, {"leads": 2100}),
])
def test_a_southern_correction_replaces_the_figure_named(message, known, expected):
    assert figures(message, known=known) == expected


@pytest.mark.parametrize("message", ["chạy Facebook với TikTok hết 26 triệu", "ads zalo + fb tổng 9tr"])
def test_one_amount_for_two_channels_belongs_to_neither(session, message):
    ctx, found = session(message)
    assert [(f.field, f.channel) for f in found] == [("spend", None)]
    assert not ctx.snapshot.get("channels")


def test_amounts_given_per_channel_still_make_a_breakdown(session):
    ctx, _ = session("Facebook 14 triệu, TikTok 6 triệu")
    assert ctx.snapshot["spend"] == 20e6
    assert ctx.snapshot["channels"] == {"facebook": {"spend": 14e6}, "tiktok": {"spend": 6e6}}
