"""HTML to PDF by printing it in headless Chromium (Playwright), the way a browser's "Save as PDF" would.

Chromium is looked for where Debian, Ubuntu and Google install it, else Playwright's own download; without
either (or without the `playwright` package) a clear message in the user's language says what to install.
"""

import shutil
from pathlib import Path

from assistant.core.errors import UserFacingError

BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable")
TIMEOUT_MS = 30_000


def chromium_path() -> str | None:
    """The first Chromium found on this machine, None for Playwright's own."""
    for path in BROWSERS:
        if Path(path).is_file():
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html: str, lang: str = "vi") -> bytes:
    """A4 PDF bytes of a self-contained HTML page (no network: every resource is inline)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UserFacingError("drafting.pdf_unavailable", status=503) from None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort()
                           if not route.request.url.startswith(("data:", "about:")) else route.continue_())
                page.set_content(html, wait_until="load", timeout=TIMEOUT_MS)
                return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            finally:
                browser.close()
    except PlaywrightError:
        raise UserFacingError("drafting.pdf_unavailable", status=503) from None
