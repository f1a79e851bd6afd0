"""The widget on a 375 px phone: the funnel chart's labels read at 11 px or more, and the report downloads
as an editable Word file and as a PDF from the conversation."""

import io
from pathlib import Path

import pytest

from tests.channels.test_widget_browser import CHROMIUM, SAMPLES, browser, send, server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

# the SVG is shown as an <img>: its smallest font size times the drawn width over the SVG's own width
SMALLEST_LABEL = """img => {
  const svg = new DOMParser().parseFromString(decodeURIComponent(img.src.split(',')[1]), 'image/svg+xml');
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return Math.min(...sizes) * img.getBoundingClientRect().width / parseFloat(svg.documentElement.getAttribute('width'));
}"""


@pytest.fixture
def phone(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(server["url"] + "/")
    page.get_by_role("button", name="Mở trò chuyện với GrowthDoc").click()
    yield page
    context.close()


def test_chart_is_legible_and_the_report_downloads_as_docx_and_pdf(phone, tmp_path):
    from docx import Document

    with phone.expect_file_chooser() as chooser:
        phone.get_by_role("button", name="Tải lên file số liệu (CSV, Excel)").click()
    chooser.value.set_files(SAMPLES / "funnel_template.csv")
    chart = phone.locator(".gd-card", has_text="Biểu đồ phễu").locator("img")
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    assert chart.evaluate(SMALLEST_LABEL) >= 11
    chart.screenshot(path=str(tmp_path / "widget-chart-375.png"))
    send(phone, "xuất báo cáo khuyến nghị")
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Tải bản Word (.docx)").last.click()
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Báo cáo chẩn đoán marketing"]
    assert doc.inline_shapes  # the funnel chart as a picture
    with phone.expect_download(timeout=60_000) as download:
        phone.get_by_role("button", name="Tải bản PDF").last.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
