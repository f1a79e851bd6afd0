"""The consultant report as a Word document (python-docx): the same content as the HTML page, with real
Title/Heading/List styles and table styles so it edits in Word, LibreOffice and Google Docs; charts as PNG
pictures with their alt text; the consultant's logo in the header and accent colour on the headings."""

import io
import re

from assistant.core.templates import text as say
from assistant.drafting.chart import png

TABLE_STYLE = "Light Grid Accent 1"
CHART_WIDTH_CM = 9.5
# **bold** and the other inline marks of the Markdown appendices are dropped; their words stay
INLINE_MARKS = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)|`")


def _rgb(accent: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(accent.lstrip("#").upper())


class _Doc:
    """A python-docx Document with the few writing moves the report needs."""

    def __init__(self, lang: str, accent: str):
        from docx import Document
        from docx.shared import Pt

        self.doc, self.lang, self._ids = Document(), lang, {}
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = "Arial", Pt(10.5)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            self.doc.styles[name].font.color.rgb = _rgb(accent)

    def _styled(self, style: str | None):
        """A new paragraph in `style`, its id looked up once (python-docx scans every style on each lookup)."""
        paragraph = self.doc.add_paragraph()
        if style:
            if style not in self._ids:
                self._ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._ids[style]
        return paragraph

    def heading(self, value: str, level: int = 1):
        paragraph = self._styled("Title" if level == 0 else f"Heading {level}")
        paragraph.add_run(value)
        return paragraph

    def para(self, value: str, style: str | None = None, bold: bool = False, italic: bool = False):
        paragraph = self._styled(style)
        run = paragraph.add_run(value)
        run.bold, run.italic = bold, italic
        return paragraph

    def bullets(self, items, style: str = "List Bullet"):
        for item in items:
            self.para(item, style)

    def table(self, header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()):
        """A table in the document's table style, its header row repeated on each page; numbers right-aligned."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        table = self.doc.add_table(rows=len(rows) + 1, cols=len(header))
        table.style = self.doc.styles[TABLE_STYLE]
        cells = table._cells  # every cell once, row by row (rows[i].cells re-reads the grid each time)
        width = len(header)
        for i, value in enumerate(header):
            cells[i].paragraphs[0].add_run(value)
        _repeat_header(table.rows[0])
        for r, row in enumerate(rows, 1):
            for i, value in enumerate(row):
                paragraph = cells[r * width + i].paragraphs[0]
                paragraph.add_run(value)
                if i in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()
        return table

    def figure(self, chart: dict):
        """A chart as a picture, its description as the picture's alt text and as a caption."""
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(png(chart)), width=Cm(CHART_WIDTH_CM))
        picture = self.doc.inline_shapes[-1]
        picture._inline.docPr.set("descr", chart["desc"])
        picture._inline.docPr.set("title", chart["title"])
        self.para(chart["desc"], "Caption")

    def markdown(self, source: str, top: int = 2):
        """A drafted appendix (agenda, KPI tree) from its Markdown: headings, lists, tables, paragraphs."""
        lines, table = source.splitlines(), []
        for line in [*lines, ""]:
            stripped = line.strip()
            if stripped.startswith("|"):
                table.append([_plain(c) for c in stripped.strip("|").split("|")])
                continue
            if table:
                body = [r for r in table[1:] if not all(set(c.strip()) <= set("-: ") for c in r)]
                self.table(table[0], body)
                table = []
            if not stripped:
                continue
            heading = re.match(r"^(#{1,6})\s+(.*)", stripped)
            if heading:
                self.heading(_plain(heading.group(2)), min(top + len(heading.group(1)) - 1, 4))
            elif re.match(r"^[-*]\s+", stripped):
                self.para(_plain(stripped[2:]), "List Bullet")
            elif re.match(r"^\d+\.\s+", stripped):
                self.para(_plain(re.sub(r"^\d+\.\s+", "", stripped)), "List Number")
            else:
                self.para(_plain(stripped))

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _plain(value: str) -> str:
    return INLINE_MARKS.sub("", value).strip()


def _repeat_header(row) -> None:
    """The header row repeats on every page a long table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def build_docx(r: dict, lang: str) -> bytes:
    """The report context (assistant.drafting.report.report_context) as DOCX bytes."""
    f, brand = r["f"], r["brand"]
    doc = _Doc(lang, brand["accent"])
    h = lambda key: say("report.h", lang, id=key)
    value = lambda v, unit: say("report.value", lang, v=v, unit=unit, currency=f["currency"])
    pct = lambda v: say("drafting.p", lang, v=v)
    _cover(doc, r, h, brand)
    _summary(doc, r, h, value)
    _funnel(doc, r, h, pct)
    _campaigns(doc, r, h, value)
    _comparison(doc, r, value)
    _pillars_and_actions(doc, r, h)
    if r.get("whatif"):
        from assistant.drafting.whatif_view import docx_section

        docx_section(doc, r, lang)
    _plan(doc, r, h)
    _kpis(doc, r, h, value)
    if r["missing"]:
        doc.heading(h("missing"))
        doc.bullets(r["missing"])
    if r["warnings"]:
        doc.heading(h("warnings"))
        doc.bullets(r["warnings"])
    doc.heading(h("agenda"))
    doc.markdown(r["agenda"].markdown, top=2)
    doc.heading(h("sources"))
    doc.bullets(f"{c.label}" + (f" — {c.source}" if c.source else "") for c in r["sources"])
    doc.para(h("prepared"), italic=True)
    return doc.bytes()


def _cover(doc: _Doc, r: dict, h, brand: dict) -> None:
    f = r["f"]
    if brand.get("logo_bytes"):
        from docx.shared import Cm

        header = doc.doc.sections[0].header.paragraphs[0]
        header.add_run().add_picture(io.BytesIO(brand["logo_bytes"]), height=Cm(1.4))
    doc.heading(h("title"), 0)
    doc.para(f["business_name"], bold=True)
    meta = []
    if f["period"]["start"] or f["period"]["end"]:
        meta.append(f"{h('period')}: {f['period']['start'] or '…'} → {f['period']['end'] or '…'}")
    if f["business"].get("industry"):
        meta.append(f"{h('industry')}: {say('drafting.industry', doc.lang, id=f['business']['industry'])}")
    if brand.get("consultant"):
        meta.append(f"{h('prepared_by')}: {brand['consultant']}")
    if brand.get("contact"):
        meta.append(f"{h('contact')}: {brand['contact']}")
    if meta:
        doc.para(" · ".join(meta))
    if brand.get("consultant") or brand.get("contact"):
        footer = doc.doc.sections[0].footer.paragraphs[0]
        footer.text = " · ".join(x for x in (brand.get("consultant"), brand.get("contact")) if x)


def _summary(doc: _Doc, r: dict, h, value) -> None:
    doc.heading(h("summary"))
    doc.bullets(line.strip() for line in say("report.summary", doc.lang, f=r["f"]).split("\n") if line.strip())
    if r["figures"]:
        units = {"spend": "money", "revenue": "money", "target_revenue": "money", "cac": "money", "roas": "ratio"}
        doc.table([h("figures"), h("value")],
                  [[say("report.figure", doc.lang, id=x["id"]), value(x["value"], units.get(x["id"], "count"))]
                   for x in r["figures"]], numeric={1})


def _funnel(doc: _Doc, r: dict, h, pct) -> None:
    doc.heading(h("funnel"))
    doc.figure(r["chart"])
    doc.heading(h("stages"), 2)
    if not r["stages"]:
        doc.para(h("none"))
        return
    rows = [[("⚠ " if s["bottleneck"] else "") + s["label"], pct(s["actual"]), pct(s["benchmark"]),
             say("report.ratio", doc.lang, v=s["ratio"]), s["status_label"]] for s in r["stages"]]
    doc.table([h(k) for k in ("stage", "actual", "benchmark", "ratio", "status")], rows, numeric={1, 2, 3})


def _campaigns(doc: _Doc, r: dict, h, value) -> None:
    shown = [dim for dim in ("campaign", "channel") if r["campaigns"][dim]]
    if not shown:
        return
    doc.heading(h("campaigns"))
    for dim in shown:
        rows = [[c["key"], value(c["spend"], "money"), f"{value(c['results'], 'count')} {c['result_label']}",
                 "—" if c["cost_per_result"] is None else value(c["cost_per_result"], "money"),
                 say("report.ratio", doc.lang, v=c["spend_share"]), say("report.ratio", doc.lang, v=c["result_share"]),
                 ", ".join(c["flag_labels"])] for c in r["campaigns"][dim]]
        doc.table([h(k) for k in (dim, "spend", "results", "cost_per_result", "spend_share", "result_share",
                                  "flags")], rows, numeric={1, 2, 3, 4, 5})


def _comparison(doc: _Doc, r: dict, value) -> None:
    c = r["comparison"]
    if not c:
        return
    head = lambda key: say("compare.h", doc.lang, id=key)
    doc.heading(f"{say('report.h', doc.lang, id='compare')}: {c['current']} / {c['previous']}")
    doc.para(c["summary"])
    for chart in r["month_charts"]:
        doc.figure(chart)
    rows = [[x["name"], value(x["previous"], x["unit"]), value(x["current"], x["unit"]),
             say("compare.change", doc.lang, c=x), say("compare.verdict", doc.lang, v=x["verdict"])]
            for x in c["changes"]]
    doc.table([head("metric"), c["previous"], c["current"], head("change"), head("verdict")], rows, numeric={1, 2, 3})
    if c["campaigns"]:
        doc.heading(head("campaigns"), 2)
        doc.table([head("campaign"), f"{head('cost')} {c['previous']}", c["current"], head("verdict")],
                  [[x["key"], value(x["previous_cost"], "money"), value(x["current_cost"], "money"),
                    say("compare.verdict", doc.lang, v=x["verdict"])] for x in c["campaigns"]], numeric={1, 2})


def _pillars_and_actions(doc: _Doc, r: dict, h) -> None:
    doc.heading(h("pillars"))
    doc.table(["#", h("pillar"), h("score"), h("findings")],
              [[str(i), p["name"] + (f" ({h('first')})" if i == 1 else ""),
                "—" if p["score"] is None else str(p["score"]), "; ".join(p["findings"])]
               for i, p in enumerate(r["pillars"], 1)], numeric={2})
    if r["reasons"]:
        doc.heading(h("reasons"), 2)
        doc.bullets(r["reasons"])
    doc.heading(h("actions"))
    for a in r["actions"]:
        paragraph = doc.para(a["text"], "List Number", bold=True)
        if a["step_name"]:
            paragraph.add_run(f" ({a['step_name']})")
        if a["citations"]:
            cited = "; ".join(c.label for c in a["citations"])
            paragraph.add_run(f" — {h('source')}: {cited}").italic = True


def _plan(doc: _Doc, r: dict, h) -> None:
    doc.heading(h("plan"))
    for note in r["plan"]["team_note"]:
        doc.para(note, italic=True)
    for window in r["plan"]["windows"]:
        doc.heading(f"{window['days']} {h('days')}", 2)
        for step in window["steps"]:
            doc.heading(step["name"], 3)
            for action in step["actions"]:
                doc.para(action, "List Bullet", bold=True)
            doc.bullets(step["tasks"])


def _kpis(doc: _Doc, r: dict, h, value) -> None:
    doc.heading(h("kpis"))
    if r["kpis_to_track"]:
        doc.table([h("kpi"), h("level"), h("kind")],
                  [[k["name"], say("drafting.level", doc.lang, id=k["level"]),
                    say("drafting.kind", doc.lang, id=k["kind"]) if k["kind"] else "—"] for k in r["kpis_to_track"]])
    doc.markdown(r["tree"].markdown, top=2)
    if r["export_kpis"]:
        doc.heading(h("export_kpis"), 2)
        doc.table([h("kpi"), h("value")], [[say("drafting.kpi", doc.lang, id=k["name"]), value(k["value"], k["unit"])]
                                           for k in r["export_kpis"]], numeric={1})
