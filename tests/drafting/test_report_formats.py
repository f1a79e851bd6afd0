"""The report a consultant sends: DOCX opened with python-docx, PDF read back with pypdf, the same content
as the HTML page; campaigns, months, branding and a tailored plan in every format."""

import io
import re
import unicodedata

import pytest
from docx import Document

from assistant.cli import main
from assistant.cli.inputs import Inputs, read_exports
from assistant.core.errors import UserFacingError
from assistant.drafting.report import build_report
from tests.fixtures.client_year import write_client



def _logo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b6e4f").save(out, "PNG")
    return out.getvalue()


LOGO = _logo()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The 12-month, 20-campaign client, read and diagnosed once."""
    folder = tmp_path_factory.mktemp("client")
    files = write_client(folder)
    export = read_exports([str(p) for p in files])
    inputs = Inputs({**export.snapshot.model_dump(mode="json"), "business": {"name": "Shop Áo Dài Hoa",
                                                                             "industry": "thời trang"}},
                    export.kpis, dict(export.totals), export)
    diagnosis = inputs.diagnosis()
    return {"inputs": inputs, "diagnosis": diagnosis, "files": files,
            "extras": {**inputs.extras(diagnosis, 60_000_000), "team_size": 2,
                       "branding": {"consultant": "Nguyễn An", "contact": "an@tuvan.vn", "accent": "#0b6e4f",
                                    "logo": "data:image/png;base64,", "logo_bytes": LOGO}}}


def _report(client, fmt, lang="vi"):
    i = client["inputs"]
    return build_report(client["diagnosis"], i.snapshot, i.kpis, lang, fmt=fmt, extras=client["extras"])


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", value))


def test_docx_has_real_headings_tables_and_figures(client):
    doc = Document(io.BytesIO(_report(client, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert doc.paragraphs[0].style.name == "Title"
    for expected in ("Tóm tắt", "Phễu marketing", "Chiến dịch và kênh", "So với kỳ trước", "Việc nên làm ngay",
                     "Nếu… thì sao", "Điểm hoà vốn", "Chia ngân sách", "Kế hoạch 30/60/90"):
        assert any(h.startswith(expected) for h in headings), expected
    assert all(t.style.name == "Light Grid Accent 1" for t in doc.tables)
    campaign = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chiến dịch")
    assert len(campaign.rows) == 21  # header + 20 campaigns
    cut = next(r for r in campaign.rows if r.cells[0].text == "Chiến dịch 08 - Traffic")
    assert cut.cells[6].text == "Chi tiền, chưa có kết quả" and cut.cells[3].text == "—"
    figures = doc.inline_shapes
    assert len(figures) >= 3  # the funnel and two month charts
    alts = [f._inline.docPr.get("descr") for f in figures]
    assert all(alts) and any("Phễu:" in a for a in alts) and any("2025-11" in a for a in alts)
    assert str(doc.styles["Heading 1"].font.color.rgb) == "0B6E4F"
    assert doc.sections[0].header.paragraphs[0].runs  # the logo
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Nguyễn An" in body and "«Chiến dịch 08 - Traffic»" in body
    split = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kênh / chiến dịch")
    stopped = next(r for r in split.rows if r.cells[0].text == "Chiến dịch 08 - Traffic")
    assert stopped.cells[1].text == "Dừng: chưa ra khách"
    forecast = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kịch bản")
    assert forecast.rows[2].cells[0].text.startswith("Ngân sách 60.000.000 VND")


def test_the_plan_is_tailored_to_a_shop_with_a_small_team(client):
    doc = Document(io.BytesIO(_report(client, "docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Đội 1–2 người" in body
    md = _report(client, "md")
    assert "Đội 1–2 người" in md
    plan = md[md.index("## Kế hoạch"):md.index("## KPI cần theo dõi")]
    assert "Bước 6" not in plan.split("### 60")[1].split("### 90")[0]  # no CRM step in month 2 for a shop


def test_markdown_and_html_carry_the_same_sections(client):
    md, html = _report(client, "md"), _report(client, "html")
    for text in ("Chiến dịch 08 - Traffic", "So với kỳ trước: 2026-10 / 2026-09", "Nguyễn An",
                 "Nếu… thì sao: dự báo và phân bổ ngân sách", "Dừng: chưa ra khách"):
        assert text in md and text in html
    assert html.count("<svg") == 3 and 'role="img"' in html
    assert "--accent: #0b6e4f" in html


@pytest.mark.slow
def test_pdf_pages_and_text(client):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(_report(client, "pdf")))
    assert 4 <= len(pdf.pages) <= 30
    text = _squash("".join(page.extract_text() for page in pdf.pages))
    for expected in ("Báocáochẩnđoánmarketing", "ShopÁoDàiHoa", "Chiếndịch08-Traffic", "Kếhoạch30/60/90"):
        assert expected in text, expected


def test_pdf_without_chromium_says_so_in_the_users_language(client, monkeypatch):
    import assistant.core.pdf as pdf

    monkeypatch.setattr(pdf, "chromium_path", lambda: "/nonexistent/chromium")
    with pytest.raises(UserFacingError) as caught:
        _report(client, "pdf")
    assert "Chromium" in caught.value.message("vi") and "docx" in caught.value.message("vi")
    assert caught.value.status == 503


def test_cli_writes_docx_and_refuses_bad_branding(client, tmp_path, capsys):
    files = [str(p) for p in client["files"]]
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    out = tmp_path / "r.docx"
    assert main(["report", *files, "--industry", "thời trang", "--logo", str(logo), "--consultant", "An",
                 "--accent", "#aa3300", "-o", str(out)]) == 0
    assert str(Document(str(out)).styles["Heading 1"].font.color.rgb) == "AA3300"
    assert main(["report", *files, "--accent", "red", "-o", str(out)]) == 2
    assert "#0b6e4f" in capsys.readouterr().err
    assert main(["--lang", "en", "report", *files, "--logo", str(tmp_path / "x.gif"), "-o", str(out)]) == 2
    assert ".png, .jpg or .svg" in capsys.readouterr().err
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    assert main(["report", *files, "--logo", str(tmp_path / "broken.png"), "-o", str(out)]) == 2
    assert "broken.png" in capsys.readouterr().err
    assert main(["report", *files, "--format", "md", "-o", str(tmp_path / "r.txt")]) == 0
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("# Báo cáo")


def test_english_docx(client):
    doc = Document(io.BytesIO(_report(client, "docx", "en")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Summary" in headings and any(h.startswith("Against the previous period") for h in headings)
    assert not any(re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", h) for h in headings
                   if not h.startswith(("Agenda", "KPI tree")))


def test_session_and_stateless_report_routes(samples):
    from fastapi.testclient import TestClient

    from assistant.server import create_app

    with TestClient(create_app()) as api:
        sid = api.post("/api/sessions").json()["session_id"]
        with open(samples / "meta_ads_vi.csv", "rb") as handle:
            assert api.post(f"/api/sessions/{sid}/uploads", files={"file": ("meta.csv", handle, "text/csv")}).status_code == 200
        got = api.get(f"/api/sessions/{sid}/report?format=docx")
        assert got.status_code == 200 and got.headers["content-type"].startswith("application/vnd.openxml")
        assert 'filename="growthdoc-report.docx"' in got.headers["content-disposition"]
        doc = Document(io.BytesIO(got.content))
        assert any(t.rows[0].cells[0].text == "Chiến dịch" for t in doc.tables)
        assert api.get(f"/api/sessions/{sid}/report?format=txt").status_code == 422
        assert api.get("/api/sessions/nope/report").status_code == 404
        md = api.post("/api/report?format=md&industry=retail&business=Shop%20B",
                      json={"funnel": {"leads": 1500, "customers": 12}, "spend": 30_000_000})
        assert md.status_code == 200 and "# Báo cáo chẩn đoán marketing — Shop B" in md.text
        assert "lead → khách hàng" in md.text
        assert api.post("/api/report?format=docx", json={"spend": 5}).status_code == 422
