"""The downloaded report opened in real Chromium: markup in the owner's data runs no script."""

from pathlib import Path

import pytest

from assistant.drafting.report import build_report
from tests.drafting.hostile import HOSTILE_KPIS, XSS, hostile

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _ran_script(browser, html: str, path: Path) -> bool:
    """Open `html` as a downloaded file; True when any script ran (the flag, or a dialog)."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # lets a failed <img> fire its onerror
    flag = page.evaluate("() => window.__xss")
    page.close()
    return flag is not None or bool(dialogs)


def test_report_with_markup_in_every_field_runs_no_script(browser, diagnosis, snapshot, tmp_path):
    html = build_report(diagnosis, hostile(snapshot), HOSTILE_KPIS, "vi", business=XSS)
    assert "&lt;img src=x" in html
    assert not _ran_script(browser, html, tmp_path / "report.html")


def test_the_check_sees_a_script_that_runs(browser, tmp_path):
    """Control: the same payload written raw does run, so the check above can fail."""
    assert _ran_script(browser, f"<!DOCTYPE html><p>{XSS}</p>", tmp_path / "raw.html")
