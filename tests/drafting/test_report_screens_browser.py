"""The HTML report in real Chromium at 1366 px and 375 px: charts legible (SVG labels >= 11 px as rendered),
described for screen readers, and no page wider than the phone; screenshots kept for a human look."""

from pathlib import Path

import pytest

from assistant.cli.inputs import Inputs, read_exports
from assistant.drafting.report import build_report
from tests.fixtures.client_year import write_client

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

SMALLEST_LABEL = """() => Math.min(...[...document.querySelectorAll('svg text')].map(
    t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""
DESCRIBED = """() => [...document.querySelectorAll('svg')].every(s => s.getAttribute('role') === 'img'
    && s.querySelector('title').textContent.trim() && s.querySelector('desc').textContent.trim().length > 40)"""


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screens")
    export = read_exports([str(p) for p in write_client(folder)])
    inputs = Inputs({**export.snapshot.model_dump(mode="json"), "business": {"industry": "thời trang"}},
                    export.kpis, dict(export.totals), export)
    path = folder / "report.html"
    path.write_text(build_report(inputs.diagnosis(), inputs.snapshot, inputs.kpis, "vi", fmt="html",
                                 extras=inputs.extras()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", [1366, 375])
def test_report_reads_at_desktop_and_phone_width(browser, report_file, width, tmp_path):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(report_file.as_uri(), wait_until="load")
    assert page.locator("svg").count() == 3  # the funnel and two month charts
    assert page.evaluate(SMALLEST_LABEL) >= 11
    assert page.evaluate(DESCRIBED)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
    for section in ("#funnel", "#campaigns", "#compare"):
        shot = page.locator(section).screenshot(path=str(tmp_path / f"{section[1:]}-{width}.png"))
        assert len(shot) > 5_000
    page.close()


def test_the_label_check_fails_on_the_old_wide_chart(browser, tmp_path):
    """Control: a 680-unit chart with 13-unit labels squeezed into a phone reads at under 11 px."""
    old = ('<div style="width:254px"><svg viewBox="0 0 680 212" width="100%" role="img">'
           '<title>t</title><desc>d</desc><text x="10" y="20" font-size="13">Lead</text></svg></div>')
    page = browser.new_page(viewport={"width": 375, "height": 600})
    (tmp_path / "old.html").write_text(old, encoding="utf-8")
    page.goto((tmp_path / "old.html").as_uri())
    assert page.evaluate(SMALLEST_LABEL) < 11
    page.close()
