"""The widget in real Chromium against a real server: streaming, citations, uploads, safety, reloads."""

import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from assistant.core.config import PROJECT_ROOT
from tests.servers import server_env, uvicorn_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
INDEXED = ("silos.md",)  # a small index keeps start-up short; the server still reads all of knowledge/
QUESTION = "SLA giữa marketing và sales gồm những gì?"
HOSTILE = "xem giúp <img src=x onerror=alert(1)> nhé"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


def _ingest_small_index(root: Path, env: dict) -> None:
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name in INDEXED:
        shutil.copy(PROJECT_ROOT / "knowledge" / name, knowledge / name)
    code = "from assistant.core.config import get_settings; from assistant.retrieval.ingest import ingest; " \
           "ingest(get_settings(), progress=False)"
    subprocess.run([sys.executable, "-c", code], env=env | {"GROWTHDOC_KNOWLEDGE_DIR": str(knowledge)},
                   check=True, cwd=root, timeout=300)



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real uvicorn process on loopback, offline engine, its own data dir."""
    root = tmp_path_factory.mktemp("widget-server")
    env = server_env(root / "data")
    _ingest_small_index(root, env)
    with uvicorn_server(root, env) as (url, _process):
        yield {"url": url, "data_dir": root / "data"}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser profile (empty localStorage) on the demo page, with the chat open."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server["url"] + "/")
    page.get_by_role("button", name="Mở trò chuyện với GrowthDoc").click()
    yield page
    context.close()


def send(page, text: str) -> None:
    """Type a message, press Enter, wait for the finished (no longer streaming) answer."""
    answers = page.locator(".gd-bot:not(.gd-streaming)").count()
    page.get_by_label("Tin nhắn của anh/chị").fill(text)
    page.keyboard.press("Enter")
    page.locator(".gd-bot:not(.gd-streaming)").nth(answers).wait_for(timeout=60_000)


def watch_streaming(page) -> None:
    """Record the text of the answer while it is still streaming."""
    page.evaluate("""() => {
        window.streamed = [];
        const log = document.querySelector('#growthdoc-widget').shadowRoot.querySelector('.gd-log');
        new MutationObserver(() => {
            const live = log.querySelector('.gd-streaming .gd-body');
            if (live && live.textContent) window.streamed.push(live.textContent);
        }).observe(log, {subtree: true, childList: true, characterData: true});
    }""")


def knowledge_title(doc_id: str) -> str:
    text = (PROJECT_ROOT / "knowledge" / f"{doc_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])["title"]


def test_a_question_streams_its_answer_and_shows_citations(page):
    watch_streaming(page)
    with page.expect_response(lambda r: r.url.endswith("/messages")) as response:
        send(page, QUESTION)
    assert response.value.headers["content-type"].startswith("text/event-stream")
    assert page.evaluate("window.streamed.length") > 0  # text was on screen before the `done` event
    cites = page.locator(".gd-cites li")
    assert cites.count() >= 1
    assert knowledge_title("silos") in " ".join(cites.all_inner_texts())
    assert page.locator(".gd-log").get_attribute("aria-busy") == "false"


def test_an_upload_shows_its_kpis(page):
    from assistant.core.templates import _vn_number
    from assistant.kpi import read_export

    expected = read_export(SAMPLES / "meta_ads_vi.csv").to_dict()["kpis"]
    page.evaluate("""() => {
        window.progress = [];
        const status = document.querySelector('#growthdoc-widget').shadowRoot.querySelector('.gd-status');
        new MutationObserver(() => {
            const bar = status.querySelector('progress');
            if (bar) window.progress.push([status.textContent, bar.value]);
        }).observe(status, {subtree: true, childList: true});
    }""")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Tải lên file số liệu (CSV, Excel)").click()
    chooser.value.set_files(SAMPLES / "meta_ads_vi.csv")
    card = page.locator(".gd-card", has_text="Chỉ số KPI")
    card.wait_for(timeout=60_000)
    table = card.locator("table").inner_text()
    assert "Chi phí quảng cáo" in table and _vn_number(expected["spend"]) in table
    assert _vn_number(expected["clicks"]) in table
    assert page.get_by_text("📎 meta_ads_vi.csv").count() == 1
    progress = page.evaluate("window.progress")
    assert progress and progress[-1][1] == 100 and "meta_ads_vi.csv" in progress[-1][0]



def test_a_diagnosis_shows_its_cards_and_the_report_downloads(page):
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Tải lên file số liệu (CSV, Excel)").click()
    chooser.value.set_files(SAMPLES / "funnel_template.csv")
    page.locator(".gd-card", has_text="Chẩn đoán phễu").wait_for(timeout=60_000)
    assert page.locator(".gd-card", has_text="Chẩn đoán phễu").locator(".gd-badge").count() >= 1
    chart = page.locator(".gd-card", has_text="Biểu đồ phễu").locator("img")
    assert chart.get_attribute("src").startswith("data:image/svg+xml")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")  # the SVG really renders
    send(page, "xuất báo cáo khuyến nghị")
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải báo cáo (.html)").click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert report.lstrip().lower().startswith("<!doctype html") and "</html>" in report


def test_html_typed_by_the_user_is_shown_as_text(page):
    send(page, HOSTILE)
    mine = page.locator(".gd-user").last
    assert mine.inner_text().endswith(HOSTILE)
    assert mine.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_hostile_markdown_from_the_model_cannot_inject_markup(page, server):
    from assistant.conversation.store import ConversationStore

    send(page, "xin chào")
    session_id = page.evaluate("localStorage.getItem('growthdoc:default:session')")
    store = ConversationStore(f"sqlite:///{server['data_dir'] / 'growthdoc.db'}")
    store.add_message(session_id, "assistant", "**đậm** <script>alert(1)</script> [bấm](javascript:alert(2)) "
                      "<img src=x onerror=alert(3)>\n\n- [nguồn](https://example.com)",
                      artifacts=[{"type": "chart", "data": "<svg xmlns='http://www.w3.org/2000/svg'>"
                                  "<script>alert(4)</script></svg>"}])
    page.reload()
    hostile = page.locator(".gd-bot", has_text="đậm").last
    hostile.wait_for()
    assert hostile.locator("strong").inner_text() == "đậm"
    assert "<script>alert(1)</script>" in hostile.inner_text()
    assert hostile.locator("a").evaluate_all("links => links.map(a => a.href)") == ["https://example.com/"]
    assert hostile.locator("script").count() == 0
    assert hostile.locator("img").evaluate_all("imgs => imgs.map(i => i.src.slice(0, 19))") == ["data:image/svg+xml;"]
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_a_reload_keeps_the_conversation(page):
    send(page, QUESTION)
    session_id = page.evaluate("localStorage.getItem('growthdoc:default:session')")
    page.reload()
    page.locator(".gd-user", has_text=QUESTION).wait_for()
    assert page.locator(".gd-cites li").count() >= 1
    assert page.evaluate("localStorage.getItem('growthdoc:default:session')") == session_id


def test_keyboard_escape_closes_and_focus_returns_to_the_bubble(page):
    bubble = page.get_by_role("button", name="Mở trò chuyện với GrowthDoc")
    assert bubble.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.querySelector('#growthdoc-widget').shadowRoot.activeElement.id") == "gd-input"
    page.keyboard.press("Escape")
    assert page.locator(".gd-panel").is_hidden()
    assert bubble.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.querySelector('#growthdoc-widget').shadowRoot.activeElement.className") == "gd-bubble"


def test_the_english_switch_relabels_the_widget(page):
    page.get_by_role("button", name="Switch to English").click()
    assert page.get_by_label("Your message").is_visible()
    assert page.get_by_role("button", name="Send").is_visible()
    page.reload()  # the choice is remembered
    assert page.get_by_role("button", name="Open the GrowthDoc chat").is_visible()


@contextmanager
def _site():
    """Another site on loopback: its own port, hence its own origin; it serves `site.page`."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(self.server.page.encode())

        def log_message(self, *args):
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    site.page = ""
    site.origin = f"http://127.0.0.1:{site.server_port}"
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


def _open_on(browser, origin: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(origin + "/")
    page.get_by_role("button", name="Mở trò chuyện với GrowthDoc").click()
    return context, page


def test_a_widget_key_works_from_its_site_and_nowhere_else(browser, server):
    from assistant.conversation.store import ConversationStore
    from assistant.conversation.tenants import TenantStore

    url = f"sqlite:///{server['data_dir'] / 'growthdoc.db'}"
    with _site() as shop, _site() as other:
        workspace, _ = TenantStore(url).create_workspace("Shop")
        key = TenantStore(url).create_widget_key(workspace, [shop.origin]).key
        shop.page = other.page = (f"<!doctype html><html lang='vi'><body><h1>Shop</h1>"
                                  f"<script src='{server['url']}/widget.js' data-key='{key}'></script></body></html>")

        context, page = _open_on(browser, shop.origin)
        send(page, QUESTION)
        assert page.locator(".gd-cites li").count() >= 1
        session_id = page.evaluate(f"localStorage.getItem('growthdoc:{key}:session')")
        assert ConversationStore(url).load(session_id, workspace) is not None  # the key's workspace owns it
        context.close()

        context, page = _open_on(browser, other.origin)
        page.get_by_label("Tin nhắn của anh/chị").fill(QUESTION)
        page.keyboard.press("Enter")
        page.locator(".gd-error").wait_for()
        assert page.locator(".gd-cites").count() == 0
        assert page.evaluate(f"localStorage.getItem('growthdoc:{key}:session')") is None
        context.close()
