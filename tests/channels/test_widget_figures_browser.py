"""The figures of a diagnosis as chips in real Chromium: shown, edited in place, the correction stored."""

import httpx
import pytest

from tests.channels.test_widget_browser import browser, page, send, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _session(page, server) -> dict:
    sid = page.evaluate("localStorage.getItem('growthdoc:default:session')")
    response = httpx.get(f"{server['url']}/api/sessions/{sid}", timeout=30)
    assert response.status_code == 200
    return response.json()


def _edit_chip(page, card, field: str, label: str, value: str) -> None:
    """Click a chip, type the new value, press Enter, wait for the answer."""
    answers = page.locator(".gd-bot:not(.gd-streaming)").count()
    card.locator(f".gd-chip[data-field={field}]").click()
    box = card.get_by_label(f"Giá trị mới cho {label}")
    box.fill(value)
    box.press("Enter")
    page.locator(".gd-bot:not(.gd-streaming)").nth(answers).wait_for(timeout=60_000)


def _open(card):
    """The diagnosis card starts collapsed (the reply says the essentials); a tap opens it."""
    card.locator("summary").click()
    return card


def test_a_figure_chip_is_edited_in_place_and_the_reply_re_diagnoses(page, server):
    send(page, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn, cứ phân tích đi")
    card = _open(page.locator(".gd-card", has_text="Chẩn đoán phễu").last)
    chips = card.locator(".gd-chip")
    assert sorted(chips.all_inner_texts()) == sorted(["khách hỏi: 1.500 ✎", "khách mua: 12 ✎",
                                                      "chi quảng cáo: 30 triệu ✎"])
    assert "gõ trong chat" in card.locator(".gd-chip[data-field=customers]").get_attribute("title")

    _edit_chip(page, card, "customers", "khách mua", "120")

    assert page.locator(".gd-user").last.inner_text().endswith("sửa khách mua thành 120")
    session = _session(page, server)
    assert session["snapshot"]["funnel"]["customers"] == 120  # the new value is stored, 12 is gone
    assert session["snapshot"]["figures"]["customers"]["correction"] is True
    fresh = _open(page.locator(".gd-card", has_text="Chẩn đoán phễu").last)
    assert fresh.locator(".gd-chip[data-field=customers]").inner_text() == "khách mua: 120 ✎"
    assert "8,00%" in page.locator(".gd-bot").last.inner_text()  # re-diagnosed: 120 / 1.500


def test_money_typed_as_digits_is_sent_as_money_and_cancel_changes_nothing(page, server):
    send(page, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn, cứ phân tích đi")
    card = _open(page.locator(".gd-card", has_text="Chẩn đoán phễu").last)
    card.locator(".gd-chip[data-field=spend]").click()
    card.get_by_role("button", name="Huỷ").click()
    assert card.locator(".gd-chip[data-field=spend]").is_visible()
    assert _session(page, server)["snapshot"]["spend"] == 30e6

    answers = page.locator(".gd-bot:not(.gd-streaming)").count()
    card.locator(".gd-chip[data-field=spend]").click()
    card.get_by_label("Giá trị mới cho chi quảng cáo").fill("45000000")
    card.get_by_role("button", name="Lưu").click()
    page.locator(".gd-bot:not(.gd-streaming)").nth(answers).wait_for(timeout=60_000)
    assert page.locator(".gd-user").last.inner_text().endswith("sửa chi quảng cáo thành 45000000 đồng")
    assert _session(page, server)["snapshot"]["spend"] == 45e6
    chip = _open(page.locator(".gd-card", has_text="Chẩn đoán phễu").last).locator(".gd-chip[data-field=spend]")
    assert chip.inner_text() == "chi quảng cáo: 45 triệu ✎"
    assert chip.locator("*").evaluate_all("nodes => nodes.map(n => n.tagName)") == ["SPAN", "STRONG", "SPAN"]


def test_figures_noted_before_any_diagnosis_are_chips_too(page, server):
    send(page, "shop mình tháng rồi có 800 tin nhắn hỏi giá")  # one figure: not enough to diagnose yet
    card = page.locator(".gd-card", has_text="Số liệu em đang dùng").last
    assert card.locator(".gd-chip").all_inner_texts() == ["khách hỏi: 800 ✎"]
    assert not page.locator(".gd-card", has_text="Chẩn đoán phễu").count()  # no diagnosis yet

    _edit_chip(page, card, "leads", "khách hỏi", "900")
    assert _session(page, server)["snapshot"]["funnel"]["leads"] == 900
    fresh = page.locator(".gd-card", has_text="Số liệu em đang dùng").last
    assert fresh.locator(".gd-chip[data-field=leads]").inner_text() == "khách hỏi: 900 ✎"
