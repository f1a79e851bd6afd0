"""Every HTML artefact writes data as text: a snapshot full of markup adds no element to the page."""

import copy

import pytest

from assistant.drafting.agenda import draft_agenda
from assistant.drafting.chart import funnel_svg
from assistant.drafting.kpi_tree import build_kpi_tree
from assistant.drafting.markup import standalone_page
from assistant.drafting.report import build_report
from assistant.drafting.sla import draft_sla
from tests.drafting.hostile import HOSTILE_KPIS, XSS, Elements, hostile


def _same_markup(hostile_page: str, plain_page: str) -> None:
    got, own = Elements(hostile_page), Elements(plain_page)
    assert got.tags <= own.tags, f"elements from the data: {got.tags - own.tags}"
    assert got.attrs <= own.attrs, f"attributes from the data: {got.attrs - own.attrs}"
    assert not any(a.startswith("on") for a in got.attrs)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_html_writes_every_field_as_text(diagnosis, snapshot, lang):
    page = build_report(diagnosis, hostile(snapshot), HOSTILE_KPIS, lang)
    plain = build_report(diagnosis, snapshot, {"ctr": 0.5, "cpl": 75_000}, lang)
    _same_markup(page, plain)
    assert "&lt;img src=x onerror=" in page  # shown to the reader, as text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_html_without_a_diagnosis_writes_every_field_as_text(snapshot, lang):
    _same_markup(build_report(None, hostile(snapshot), HOSTILE_KPIS, lang), build_report(None, snapshot, None, lang))


@pytest.mark.parametrize("build", [draft_agenda, draft_sla, lambda d, s, lang: build_kpi_tree(
    None, d, lang, snapshot=s, kpis=HOSTILE_KPIS)], ids=["agenda", "sla", "kpi_tree"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_draft_pages_write_every_field_as_text(build, diagnosis, snapshot, lang):
    draft, plain = build(diagnosis, hostile(snapshot), lang), build(diagnosis, snapshot, lang)
    _same_markup(standalone_page(XSS, draft.html, lang), standalone_page("t", plain.html, lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_funnel_svg_writes_every_field_as_text(diagnosis, snapshot, lang):
    svg = funnel_svg(diagnosis, lang, snapshot=hostile(snapshot), business=XSS)
    _same_markup(svg, funnel_svg(diagnosis, lang, snapshot=snapshot, business="Shop"))


def test_the_macro_files_stay_unescaped_in_text_and_markdown(diagnosis, snapshot):
    """Escaping is for HTML: the Markdown report and chat texts keep the owner's '&' and '<' as typed."""
    snap = copy.deepcopy(snapshot)
    snap["business"]["industry"] = "F&B <Q1>"
    md = build_report(diagnosis, snap, None, "en", fmt="md")
    assert "F&B <Q1>" in md and "&amp;" not in md
    html = build_report(diagnosis, snap, None, "en")
    assert "F&amp;B &lt;Q1&gt;" in html and "&amp;amp;" not in html


def test_demo_page_writes_the_request_as_text():
    """The demo page reflects its query (`?key=`, `?lang=`): they stay text."""
    from fastapi.testclient import TestClient

    from assistant.server import create_app

    with TestClient(create_app()) as client:
        plain = client.get("/", params={"key": "gdk_pub_abcdefgh12"})
        page = client.get("/", params={"key": XSS, "lang": XSS})
    assert plain.status_code == page.status_code == 200
    _same_markup(page.text, plain.text)
