"""Shapes the samples do not show: other delimiters, date formats, preambles, phones, currencies."""

import io
import zipfile

from assistant.kpi import read_export


def _xlsx(*sheets: list[list]) -> bytes:
    """A minimal workbook with inline strings, one sheet per argument, written by hand."""
    def cell(value, ref):
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    def sheet_xml(rows):
        body = "".join(f'<row r="{i}">' + "".join(cell(v, f"{chr(65 + j)}{i}") for j, v in enumerate(r) if v != "")
                       + "</row>" for i, r in enumerate(rows, 1))
        return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>'

    ids = range(1, len(sheets) + 1)
    files = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{PKG}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>' + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>' for i in ids) + "</Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} xmlns:r="{DOC}"><sheets>'
        + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in ids) + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="{DOC}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in ids) + "</Relationships>",
        **{f"xl/worksheets/sheet{i}.xml": sheet_xml(rows) for i, rows in zip(ids, sheets)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buffer.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_semicolon_vietnamese_numbers_and_day_first_dates():
    data = ("Tên chiến dịch;Ngày;Người tiếp cận;Số tiền đã chi tiêu (VND);Kết quả;Loại kết quả;Tần suất\n"
            "A;01/10/2026;1.234;1.500.000;12;Lượt bắt đầu cuộc trò chuyện qua tin nhắn;1,5\n"
            "B;15/11/2026;2.000;2.500.000;3;Khách hàng tiềm năng;1,2\n"
            "C;03/10/2026;100;10.000;--;;1,1\n").encode("utf-8")
    report = read_export(data, "meta.csv")
    assert report.totals == {"spend": 4_010_000, "reach": 3_334, "leads": 15}
    assert report.kpis["cost_per_message"] == 1_500_000 / 12
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-11-15"}
    assert [m["key"] for m in report.breakdowns["month"]] == ["2026-10", "2026-11"]


def test_counts_and_dong_with_one_separator_are_thousands_even_against_the_file_language():
    data = ("Mã đơn hàng,Ngày tạo,Số điện thoại,Tổng tiền,Trạng thái\n"
            'D1,2026-10-01,+84 942 551 075,"100,000",Hoàn thành\n'
            'D2,2026-10-05,0942551075,"200,000",Đã giao\n'
            'D3,2026-10-06,0911111111,"50,000",Đã hủy\n').encode("utf-8")
    report = read_export(data, "don.csv")
    assert report.totals == {"orders": 2, "revenue": 300_000, "customers": 1, "repeat_customers": 1}
    assert any("100,000" in w for w in report.warnings("en"))  # still worth a check by the user


def test_xlsx_with_a_title_row_above_the_header():
    data = _xlsx([["Báo cáo tháng 10"], [""], ["tháng", "kênh", "chi phí", "khách hàng"],
                  ["2026-10", "fb", 1_000_000, 3], ["2026-10", "zalo", 500_000, 2]])
    report = read_export(data, "mau.xlsx")
    assert report.detected_format == "template"
    assert report.totals == {"spend": 1_500_000, "customers": 5}
    assert {r["key"]: r["customers"] for r in report.breakdowns["channel"]} == {"fb": 3, "zalo": 2}


def test_usd_spend_keeps_its_cents():
    data = b'Campaign name,Amount spent (USD),Reach,Leads\nA,"1,234.50",100,2\nB,5.125,50,1\n'
    report = read_export(data, "meta.csv")
    assert report.currency == "USD"
    assert report.totals["spend"] == 1234.5 + 5.125


def test_google_ads_english_utf16_period_from_the_preamble():
    text = ("Campaign report\nOctober 1, 2026 - October 31, 2026\n"
            "Campaign status\tCampaign\tCurrency code\tImpr.\tClicks\tCost\tConversions\n"
            "Enabled\tBrand\tUSD\t1,000\t50\t25.50\t2.00\n"
            "Paused\tGeneric\tUSD\t3,000\t70\t74.50\t3.50\n"
            "Total: Account\t--\tUSD\t4,000\t120\t100.00\t5.50\n")
    report = read_export(text.encode("utf-16"), "google.csv")
    assert report.detected_format == "google_ads" and report.currency == "USD"
    assert report.totals == {"spend": 100.0, "impressions": 4000, "clicks": 120, "conversions": 5.5}
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-10-31"}


def test_ga4_second_table_is_left_out_and_said():
    text = ("# Traffic acquisition\n# Start date: 20261001\n# End date: 20261031\n"
            "Session default channel group,Sessions,Key events\nDirect,100,3\nEmail,50,2\n\n"
            "# Another table\nDate,Sessions\n20261001,999\n")
    report = read_export(text.encode(), "ga4.csv")
    assert report.totals == {"visits": 150, "conversions": 5}
    assert any("first" in w for w in report.warnings("en"))


def test_a_late_formatted_number_beyond_the_sampled_head_is_still_read(tmp_path):
    path = tmp_path / "big.csv"
    lines = ["month,channel,spend,leads"] + ["2026-10,facebook,1000,1"] * 20_000  # > the 64 kB head
    path.write_text("\n".join(lines + ["2026-11,zalo,1.500,--"]) + "\n", encoding="utf-8")
    report = read_export(path)
    assert report.rows == 20_001
    assert report.totals == {"spend": 20_000 * 1000 + 1500, "leads": 20_000}


def test_a_late_value_that_breaks_the_sampled_style_is_read_the_careful_way(tmp_path):
    path = tmp_path / "meta.csv"
    lines = ["Campaign name,Amount spent (VND),Reach"] + ['A,"1,234",10'] * 20_000
    path.write_text("\n".join(lines + ['B,"2,500.5",5']) + "\n", encoding="utf-8")
    report = read_export(path)
    assert report.totals == {"spend": 20_000 * 1234 + 2500.5, "reach": 200_005}
    assert {r["key"]: r["spend"] for r in report.breakdowns["campaign"]} == {"A": 24_680_000, "B": 2500.5}


def test_a_count_keeps_its_thousands_when_a_late_value_shows_the_other_style(tmp_path):
    path = tmp_path / "meta.csv"
    lines = ["Tên chiến dịch,Số tiền đã chi tiêu (VND),Người tiếp cận"] + ["A,100,1.234"] * 20_000
    path.write_text("\n".join(lines + ['B,100,"1,234,567"']) + "\n", encoding="utf-8")
    report = read_export(path)
    assert report.totals["reach"] == 20_000 * 1234 + 1_234_567


def test_shopee_style_orders_with_the_currency_in_the_header():
    data = ("Mã đơn hàng,Ngày đặt hàng,Trạng Thái Đơn Hàng,Tổng giá trị đơn hàng (VND),Người Mua,Số điện thoại\n"
            "2610A,2026-10-02 10:15,Hoàn thành,\"350.000\",an,0901234567\n"
            "2610B,2026-10-03 09:00,Đã hủy,\"120.000\",binh,0907654321\n"
            "2610C,2026-10-09 20:30,Hoàn thành,\"1.200.000\",an,+84901234567\n").encode("utf-8")
    report = read_export(data, "shopee.csv")
    assert report.detected_format == "orders" and report.currency == "VND"
    assert report.totals == {"orders": 2, "revenue": 1_550_000, "customers": 1, "repeat_customers": 1}
    assert report.to_dict()["period"] == {"start": "2026-10-02", "end": "2026-10-09"}


def test_the_sheet_with_the_data_is_found_behind_a_summary_sheet():
    summary = [["Tổng quan"], ["Doanh thu tháng", 1_550_000]]
    orders = [["Mã đơn hàng", "Tổng tiền", "Trạng thái"], ["D1", 350_000, "Hoàn thành"], ["D2", 1_200_000, "Hoàn thành"]]
    report = read_export(_xlsx(summary, orders), "book.xlsx")
    assert report.detected_format == "orders"
    assert report.totals["revenue"] == 1_550_000


def test_an_unknown_lifecycle_stage_is_named_not_counted():
    report = read_export(b"Record ID,Lifecycle Stage\n1,Lead\n2,Khach VIP\n3,customer\n4,Subscriber\n", "c.csv")
    assert report.totals == {"leads": 2, "qualified": 1, "customers": 1}
    assert any("Khach VIP" in w for w in report.warnings("vi"))


def test_messaging_results_count_when_only_a_leads_column_exists():
    data = ("Campaign name,Amount spent (VND),Results,Result indicator,Leads\n"
            "Chat,\"100,000\",40,actions:onsite_conversion.messaging_conversation_started_7d,\n"
            "Form,\"300,000\",6,actions:lead,6\n").encode()
    report = read_export(data, "meta.csv")
    assert report.totals["leads"] == 46
    assert report.kpis["cost_per_message"] == 100_000 / 40


def test_a_big_utf8_file_is_utf8_wherever_its_head_ends():
    from assistant.kpi.sniff import HEAD_BYTES, text_encoding

    for tail in ("ữab", "aữb", "abữ"):  # the 3-byte character near or across the end of the head
        head = (("x" * (HEAD_BYTES - 5)) + tail).encode("utf-8")[:HEAD_BYTES]
        assert len(head) == HEAD_BYTES and text_encoding(head) == "utf-8"


def test_header_only_workbook():
    import pytest

    from assistant.core.errors import UserFacingError

    with pytest.raises(UserFacingError) as info:
        read_export(_xlsx([["Mã đơn hàng", "Tổng tiền", "Trạng thái"]]), "trong.xlsx")
    assert info.value.key == "kpi.header_only" and "Tổng tiền" in info.value.message("vi")


def test_ga4_vietnamese_ui():
    text = ("# Thu hút lưu lượng truy cập\n# Ngày bắt đầu: 20261001\n# Ngày kết thúc: 20261031\n\n"
            "Nhóm kênh mặc định của phiên,Phiên,Tỷ lệ tương tác,Sự kiện chính,Tổng doanh thu\n"
            'Organic Search,"2.952","55,35%",69,"59.154.666"\n'
            'Direct,"1.773","41,57%",26,"22.469.538"\n'
            'Tổng,"4.725","50,18%",95,"81.624.204"\n')
    report = read_export(text.encode(), "ga4.csv")
    assert report.detected_format == "ga4"
    assert report.totals == {"visits": 2952 + 1773, "revenue": 59_154_666 + 22_469_538, "conversions": 95}
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-10-31"}


def test_hubspot_deals_vietnamese_ui():
    text = ("ID bản ghi,Tên giao dịch,Số tiền,Giai đoạn giao dịch,Ngày đóng\n"
            "1,A,\"50.000.000\",Đã chốt thành công,05/10/2026\n"
            "2,B,\"20.000.000\",Đã mất,06/10/2026\n"
            "3,C,\"30.000.000\",Đã chốt thành công,20/10/2026\n")
    report = read_export(text.encode(), "deals.csv")
    assert report.detected_format == "hubspot_deals"
    assert report.totals == {"qualified": 3, "customers": 2, "revenue": 80_000_000}
    assert report.to_dict()["period"] == {"start": "2026-10-05", "end": "2026-10-20"}
