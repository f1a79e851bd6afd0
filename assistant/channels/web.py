"""The web door's pages: `GET /widget.js` (the embeddable chat widget) and `GET /` (the demo page)."""

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from assistant.channels.deps import SettingsDep
from assistant.core.config import Settings
from assistant.core.templates import LANGUAGES, render
from assistant.kpi.catalog import CATALOG, label

router = APIRouter(tags=["web"])
STATIC = Path(__file__).parent / "static"
PUBLIC_KEY = re.compile(r"^gdk_pub_[A-Za-z0-9_-]{8,64}$")


def _js_literal(value) -> str:
    """JSON that is also safe inside an inline <script> (no '</', no U+2028/2029)."""
    return (json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _kpi_labels(lang: str) -> dict:
    """KPI name -> label and unit, so the widget's KPI card reads like the chat."""
    return {k.name: {"label": label(k.name, lang), "unit": k.unit} for k in CATALOG}


@lru_cache(maxsize=1)
def widget_bundle() -> tuple[str, str]:
    """The widget's JavaScript with its strings (prompts/{vi,en}/widget.j2) and CSS inlined; (body, etag)."""
    strings = {lang: json.loads(render("widget.j2", lang)) | {"kpi": _kpi_labels(lang)} for lang in LANGUAGES}
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    body = (source.replace("/*__GROWTHDOC_STRINGS__*/ {}", _js_literal(strings))
            .replace('/*__GROWTHDOC_CSS__*/ ""', _js_literal((STATIC / "widget.css").read_text(encoding="utf-8"))))
    return body, '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'


def _cached(body: str, media_type: str, etag: str, request: Request) -> Response:
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.get("/widget.js", include_in_schema=False)
def widget_js(request: Request) -> Response:
    """The chat widget: `<script src=".../widget.js" data-key="PUBLIC_KEY"></script>`."""
    body, etag = widget_bundle()
    return _cached(body, "text/javascript; charset=utf-8", etag, request)


@router.get("/static/demo.css", include_in_schema=False)
def demo_css(request: Request) -> Response:
    """Styles of the demo page."""
    body = (STATIC / "demo.css").read_text(encoding="utf-8")
    return _cached(body, "text/css; charset=utf-8", '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"', request)


def public_base(settings: Settings) -> str:
    """The server's public address for copy-paste snippets: `GROWTHDOC_PUBLIC_URL`, else where it listens.

    Never the request's Host header, which any client writes (a reflected Host poisons caches and links)."""
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def demo_page(settings: SettingsDep, lang: str = Query("vi"), key: str | None = Query(None)) -> HTMLResponse:
    """A demo page embedding the widget (Vietnamese; `?lang=en` for English, `?key=` to try a widget key)."""
    lang = lang if lang in LANGUAGES else "vi"
    key = key if key and PUBLIC_KEY.match(key) else None
    snippet = f'<script src="{public_base(settings)}/widget.js" data-key="gdk_pub_…"></script>'
    other = "en" if lang == "vi" else "vi"
    html = render("demo.html.j2", lang, widget_src="/widget.js", key=key, snippet=snippet,
                  css_href="/static/demo.css", docs_href="/docs", other_lang_href=f"/?lang={other}")
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
