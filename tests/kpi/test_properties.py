"""Any bytes or any text in: a report or a clear error out, never another exception (Hypothesis)."""

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.errors import UserFacingError
from assistant.diagnosis.numbers import find_amounts as diagnosis_amounts
from assistant.diagnosis.numbers import parse_amount
from assistant.intake.amounts import find_amounts as intake_amounts
from assistant.kpi import read_export
from tests.kpi.hostile import column_name, orders_rows, sheet_xml, workbook

BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = ["Ngày", "Tên chiến dịch", "Số tiền đã chi tiêu (VND)", "Người tiếp cận", "Kết quả", "month", "channel",
           "spend", "leads", "customers", "revenue", "Mã đơn hàng", "Tổng tiền", "Trạng thái", "Clicks", "Cost"]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "9" * 40, "1.234.567", "1,234.5", "11,11%", "--", '"', "\x00"]),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _read(data: bytes, name: str) -> None:
    """A report that JSON can hold, or a UserFacingError with a message in both languages."""
    try:
        report = read_export(data, name)
    except UserFacingError as err:
        assert err.message("vi") and err.message("en")
        return
    json.dumps(report.to_dict("en"), allow_nan=False)


@BOUNDED
@given(st.binary(max_size=4096))
def test_any_bytes_as_a_csv(data):
    _read(data, "any.csv")


@BOUNDED
@given(st.binary(max_size=4096))
def test_any_bytes_after_a_zip_signature(data):
    _read(b"PK\x03\x04" + data, "any.xlsx")


@BOUNDED
@given(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=12),
       st.sampled_from([",", ";", "\t", "|"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_any_table_of_known_headers(headers, rows, delimiter, encoding):
    lines = [delimiter.join(headers)] + [delimiter.join(row) for row in rows]
    _read("\n".join(lines).encode(encoding, "surrogatepass"), "table.csv")


@BOUNDED
@given(st.lists(st.tuples(st.integers(0, 40) | st.integers(511, 16383), st.integers(1, 5000) | st.integers(1048570, 9999999),
                          CELLS | st.floats()), max_size=30))
def test_any_cells_anywhere_in_a_workbook(cells):
    """Near the table, or past a cap: an allowed grid stays small enough for the test process."""
    extra = "".join(f"<row>{_cell(column_name(c) + str(r), v)}</row>" for c, r, v in cells)
    _read(workbook(sheet_xml(orders_rows(2)).replace("</sheetData>", extra + "</sheetData>")), "cells.xlsx")


def _cell(ref: str, value) -> str:
    if isinstance(value, float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{_xml(value)}</t></is></c>'


def _xml(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n" or " " <= ch < "\ud800").replace("&", "&amp;").replace("<", "&lt;")


@BOUNDED
@given(st.text(max_size=200))
def test_the_number_parsers_read_any_text(text):
    for amounts in (diagnosis_amounts(text), intake_amounts(text)):
        assert all(isinstance(a.value, float | int) for a in amounts)
    parse_amount(text)


@BOUNDED
@given(st.from_regex(r"\A(?:khoảng |tầm )?[0-9]{1,30}(?:[.,][0-9]{1,30})*(?: ?(?:tỷ|triệu|tr|k|nghìn|%|đ|usd))?\Z"))
def test_numbers_written_the_vietnamese_way_stay_finite(text):
    for amount in diagnosis_amounts(text) + intake_amounts(text):
        assert math.isfinite(amount.value)
