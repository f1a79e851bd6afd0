"""Hostile workbooks and text files are refused before any reader sizes memory for them."""

import io
import json
import zipfile

import pytest

from assistant.core.errors import UserFacingError
from assistant.kpi import read_export
from assistant.kpi.extent import CHUNK, measure
from assistant.kpi.sniff import MAX_CELLS, MAX_COLUMNS
from tests.kpi.hostile import far_corner, orders_rows, sheet_xml, workbook

ROW = '<row r="{r}"><c r="A{r}"><v>1</v></c></row>'


def _error(data: bytes, name: str) -> UserFacingError:
    with pytest.raises(UserFacingError) as info:
        read_export(data, name)
    return info.value


def _extent(data: bytes):
    return measure(zipfile.ZipFile(io.BytesIO(data)))


def _with_rows(extra: str) -> bytes:
    return workbook(sheet_xml(orders_rows(3)).replace("</sheetData>", extra + "</sheetData>"))


def test_an_honest_workbook_is_measured_exactly():
    extent = _extent(workbook(sheet_xml(orders_rows(40))))
    assert (extent.rows, extent.columns, extent.cells) == (41, 5, 205)
    assert read_export(workbook(sheet_xml(orders_rows(40))), "don.xlsx").rows == 40


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000", "SS30000"])
def test_a_far_cell_is_refused_with_its_extent(ref):
    err = _error(far_corner(ref), "xa.xlsx")
    assert err.key == "kpi.sheet_too_large" and err.status == 413
    assert "xa.xlsx" in err.message("vi") and f"{MAX_COLUMNS}" in err.message("en")


def test_a_lying_dimension_does_not_hide_the_cells():
    assert _error(far_corner(dimension="A1:B2"), "lie.xlsx").key == "kpi.sheet_too_large"


def test_a_huge_declared_dimension_alone_is_refused():
    assert _error(workbook(sheet_xml(orders_rows(3), dimension="A1:XFD1048576")), "d.xlsx").key == "kpi.sheet_too_large"


def test_declared_shared_strings_are_bounded():
    sst = '<sst uniqueCount="100000000000"><si><t>a</t></si></sst>'
    data = workbook(sheet_xml(orders_rows(3)), extra={"xl/sharedStrings.xml": sst})
    assert _error(data, "s.xlsx").key == "kpi.sheet_too_large"


@pytest.mark.parametrize("cell", [
    '<c x=">" r="XFD1048576"><v>1</v></c>',  # a quoted > before the reference
    '<c r="A9" r="XFD1048576"><v>1</v></c>',  # a second reference (the reader takes it)
    "<c r='XFD1048576'><v>1</v></c>",  # single quotes
    '<x:c r="XFD1048576"><v>1</v></x:c>',  # a namespace prefix
    '<c\tr = "XFD1048576"><v>1</v></c>',  # odd spacing
])
def test_every_spelling_of_a_far_cell_is_seen(cell):
    assert _error(_with_rows(f"<row>{cell}</row>"), "spell.xlsx").key == "kpi.sheet_too_large"


def test_cells_without_references_are_placed_like_the_reader_places_them():
    row = '<row r="1048576">' + "<c><v>1</v></c>" * 7 + "</row><row>" + "<c><v>1</v></c>" * 3 + "</row>"
    extent = _extent(_with_rows(row))
    assert (extent.rows, extent.columns) == (1048577, 7)  # a row without r follows the one before it
    far_row = '<row r="1048576">' + "<c><v>1</v></c>" * 20 + "</row>"  # 20 columns x 1M rows
    assert _error(_with_rows(far_row), "implicit.xlsx").key == "kpi.sheet_too_large"


def test_a_far_cell_split_across_two_read_chunks_is_seen():
    filler = '<row r="5"><c r="A5" t="inlineStr"><is><t>' + "x" * (CHUNK - 300) + "</t></is></c></row>"
    for shift in range(0, 40, 3):
        sheet = sheet_xml(orders_rows(3)).replace("</sheetData>", filler + " " * shift +
                                                  '<row r="9"><c x=">" r="XFD9"/></row></sheetData>')
        assert _extent(workbook(sheet)).columns == 16384, shift


def test_many_cells_on_one_spot_are_refused():
    assert _error(_with_rows('<row r="2">' + '<c r="A2"/>' * 1000 + "</row>"), "pile.xlsx").key == "kpi.not_xlsx"
    roomy = _with_rows('<row r="2">' + '<c r="A2"/>' * 10 + '</row><row r="40"><c r="E40"/></row>')
    assert _extent(roomy).cells == 20 + 11  # fewer cells than the grid has places: measured, not refused
    assert MAX_CELLS < 10**8


def test_each_sheet_is_measured_on_its_own():
    second = workbook(sheet_xml(orders_rows(3)), extra={"xl/worksheets/sheet2.xml": sheet_xml(orders_rows(30))})
    extent = _extent(second)
    assert (extent.rows, extent.columns, extent.cells) == (31, 5, 155)


@pytest.mark.parametrize("extra", [{"content.xml": "<office:document/>"}, {"xl/workbook.bin": b"\x00"}])
def test_parts_of_other_formats_are_refused(extra):
    assert _error(workbook(sheet_xml(orders_rows(3)), extra=extra), "odd.xlsx").key == "kpi.not_xlsx"


def test_two_entries_of_one_name_are_refused():
    buffer = io.BytesIO(workbook(sheet_xml(orders_rows(3))))
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "a") as z:  # zipfile warns: duplicate name
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml(orders_rows(3)))
    assert _error(buffer.getvalue(), "dup.xlsx").key == "kpi.not_xlsx"


def test_an_unplaceable_reference_is_refused():
    assert _error(_with_rows('<row><c r="A99999999"/></row>'), "ref.xlsx").key == "kpi.not_xlsx"


def test_an_external_entity_is_refused_never_expanded():
    sheet = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
             + sheet_xml(orders_rows(3)).split("?>", 1)[1].replace("DH0", "&e;"))
    assert _error(workbook(sheet), "xxe.xlsx").key == "kpi.not_xlsx"


# ---- text files ----

def test_a_csv_wider_than_the_cap_is_refused_before_parsing():
    header = ",".join(f"c{i}" for i in range(4000))
    err = _error(f"{header}\n{','.join('1' * 4000)}\n".encode(), "wide.csv")
    assert err.key == "kpi.too_many_columns" and err.params["found"] == 4000 and err.status == 413
    assert "512" in err.message("vi")


def test_a_header_longer_than_the_head_is_refused_as_too_wide():
    header = ",".join(f"column_{i:06d}" for i in range(6000))  # > 64 KB on one line
    assert _error(header.encode() + b"\n1\n", "long.csv").key == "kpi.too_many_columns"


def test_a_wide_export_within_the_cap_is_read():
    extra = ",".join(f"x{i}" for i in range(MAX_COLUMNS - 3))
    body = f"Ngày,Số tiền đã chi tiêu (VND),Người tiếp cận,{extra}\n2026-10-01,100,5,{','.join('1' * (MAX_COLUMNS - 3))}\n"
    assert read_export(body.encode(), "meta.csv").totals["spend"] == 100


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "NaN", "Infinity", "1e400", "9" * 400])
def test_non_finite_cells_are_unknown_never_nan(bad):
    body = f"month,channel,spend,reach,leads,customers,revenue\n2026-10,fb,{bad},{bad},10,2,{bad}\n2026-10,gg,100,50,5,1,70\n"
    report = read_export(body.encode(), "nan.csv").to_dict("en")
    json.dumps(report, allow_nan=False)
    assert report["totals"]["leads"] == 15 and report["totals"]["spend"] in (100, None)
