"""An owner who knows only money ("số khách thì mình không đếm", "we don't track leads") is not asked counts again."""

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.intake.absorb import absorb
from assistant.intake.untracked import counts_untracked

UNTRACKED = [
    "lượng khách thì tiệm mình không đếm",
    "bên mình không theo dõi số khách hỏi",
    "số lead thì bạn sale giữ, mình không nắm được",
    "ko biet co bao nhieu nguoi nhan tin dau e",
    "mấy con số khác thì chịu, chưa bao giờ ghi lại",  # "chưa" … "ghi lại"
    "hoc vien den tu dau thi minh k thong ke",
    "we don't track leads",
    "Honestly we never counted how many people walked in",
    "No idea how many people messaged us, sorry",
    "sign-ups aren't tracked anywhere",
    "còn bao nhiêu học viên đăng ký thì bên mình chưa tổng hợp được",  # "chưa tổng hợp"
    "số đơn từ quảng cáo thì mình ko biết",  # "không biết" with nothing after it
    "how many bookings came from the ads, we don't know",
]
TRACKED_OR_OTHER = [
    "mình chưa có định vị, khách thì ai mua cũng bán",
    "không chạy ads tháng rồi, được 300 tin nhắn",
    "khách không mua nhiều lắm",
    "we don't have a CRM yet",
    "not sure",
    "không biết khách mục tiêu là ai",
    "tin nhắn thì 400, mình không đếm kỹ",  # a number given: it is counted
    "khách mua thì mình không biết chính xác, khoảng 40",  # not sure, but a figure follows
    "em không biết nên chạy kênh nào",
]


@pytest.mark.parametrize("message", UNTRACKED)
def test_saying_the_counts_are_not_kept_is_read(message):
    assert counts_untracked(message)


@pytest.mark.parametrize("message", TRACKED_OR_OTHER)
def test_other_negatives_and_given_counts_are_not(message):
    assert not counts_untracked(message)


def test_no_count_is_asked_again_once_the_owner_says_none_are_kept(session):
    ctx, _ = session("tiệm gội đầu dưỡng sinh của mình doanh thu 90 triệu, chạy ads 4 triệu")
    ctx.intake["asked"] = "leads"
    absorb(ctx, "khách thì mình không đếm, chỉ biết tiền thôi", PROJECT_ROOT / "knowledge")
    assert set(ctx.intake["declined"]) == {"leads", "customers", "top"}


def test_a_count_given_beside_it_stays_askable_no_more_and_is_kept(session):
    ctx, found = session("Studio nail tháng 11 có 60 khách làm móng mới, doanh thu 40 triệu. Số khác em không theo dõi.")
    assert {f.field for f in found} >= {"customers", "revenue"}
    assert set(ctx.intake["declined"]) == {"leads", "top"}  # customers is known: nothing to decline there
