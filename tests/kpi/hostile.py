"""Hostile upload files, generated: workbooks written by hand (zip + XML) and malformed text files."""

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/>'
    '</Relationships>'
)
SHEET_OPEN = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '{dimension}<sheetData>')
SHEET_CLOSE = '</sheetData></worksheet>'


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: list[list], dimension: str | None = None) -> str:
    """A worksheet holding `rows` from A1, with an optional `<dimension ref>`."""
    body = "".join(
        f'<row r="{r + 1}">' + "".join(_cell(f"{column_name(c)}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    return _sheet(body, dimension)


def _sheet(body: str, dimension: str | None) -> str:
    return SHEET_OPEN.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "") + body + SHEET_CLOSE


def workbook(sheet: str | bytes, extra: dict | None = None, target: str = "worksheets/sheet1.xml",
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .xlsx whose one sheet is `sheet` (XML text), plus any `extra` parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(target=target))
        z.writestr("xl/" + target.lstrip("/").removeprefix("xl/"), sheet)
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return buffer.getvalue()


def far_corner(ref: str = "XFD1048576", dimension: str | None = None) -> bytes:
    """The 1.5 KB attack: a header in row 1 and one more cell at `ref`."""
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Ngày</t></is></c><c r="B1"><v>1</v></c></row>'
            f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}"><v>1</v></c></row>')
    return workbook(_sheet(body, dimension))


def orders_rows(count: int) -> list[list]:
    """An orders export of `count` rows (header first), like a Vietnamese shop's back office."""
    header = ["Mã đơn hàng", "Ngày tạo", "Khách hàng", "Tổng tiền", "Trạng thái"]
    return [header] + [[f"DH{i}", f"2026-10-{1 + i % 28:02d}", f"Khách {i % 500}", (100 + i % 900) * 1000,
                        "Hoàn thành" if i % 5 else "Đã hủy"] for i in range(count)]
