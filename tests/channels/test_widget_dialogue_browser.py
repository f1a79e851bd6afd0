"""The consultant's reply in real Chromium at phone width: one screen of text, the card a tap away, and a citation
that opens the cited passage in place."""

import statistics

import pytest

from tests.channels.test_widget_browser import browser, send, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 375, "height": 667}  # iPhone SE / 8: the smallest common phone screen
DIAGNOSES = [
    "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn, cứ phân tích đi",
    "Spa mình chạy ads 20 triệu được 600 tin nhắn, 40 khách, doanh thu 60 triệu, cứ phân tích đi",
    ("trung tâm tiếng Anh tiếp cận 200 nghìn người, 600 lượt vào web, 60 đăng ký tư vấn, 5 học viên, chi 15 triệu, "
     "cứ phân tích đi"),
]


@pytest.fixture
def phone(browser, server):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(server["url"] + "/")
    page.get_by_role("button", name="Mở trò chuyện với GrowthDoc").click()
    yield page
    context.close()


def _new_chat(page):
    page.get_by_role("button", name="Bắt đầu cuộc trò chuyện mới").click()


def test_a_diagnosis_reply_fits_one_phone_screen_with_the_card_collapsed(phone, tmp_path):
    heights = []
    for message in DIAGNOSES:
        _new_chat(phone)
        send(phone, message)
        reply = phone.locator(".gd-bot:not(.gd-streaming)").last
        card = reply.locator(".gd-card", has_text="Chẩn đoán phễu")
        assert card.count() == 1 and card.get_attribute("open") is None      # details one tap away
        heights.append(reply.bounding_box()["height"])
        reply.screenshot(path=tmp_path / f"reply-{len(heights)}.png")
    phone.screenshot(path=tmp_path / "diagnosis-375.png", full_page=False)
    assert (tmp_path / "diagnosis-375.png").stat().st_size > 10_000
    print(f"diagnosis reply heights at 375 px: {[round(h) for h in heights]}, median {statistics.median(heights):.0f}")
    assert statistics.median(heights) <= PHONE["height"]


def test_a_citation_opens_the_cited_passage_in_place(phone):
    _new_chat(phone)
    send(phone, "SLA giữa marketing và sales gồm những gì?")
    cite = phone.locator(".gd-cites .gd-cite").first
    assert cite.get_attribute("aria-expanded") == "false"
    cite.click()
    passage = phone.locator(".gd-cites .gd-passage").first
    passage.wait_for(state="visible", timeout=30_000)
    phone.wait_for_function("() => document.querySelector('#growthdoc-widget').shadowRoot"
                            ".querySelector('.gd-passage[data-loaded]') !== null", timeout=30_000)
    assert cite.get_attribute("aria-expanded") == "true"
    assert "SLA" in passage.inner_text() and len(passage.inner_text()) > 80
    cite.click()
    assert passage.is_hidden()
