"""A big Meta export is summed while it is read without grouping by every ad set: same figures, same
summary row dropped, and an ad set named in the first column still marks its total rows."""

from assistant.kpi import read_export

HEADER = "Bắt đầu báo cáo,Kết thúc báo cáo,Tên chiến dịch,Tên nhóm quảng cáo,Ngày,Loại kết quả,Kết quả,Số tiền đã chi tiêu (VND)\n"
MESSAGES = "Lượt bắt đầu cuộc trò chuyện qua tin nhắn"


def _rows(summary: bool) -> str:
    lines = [f"2026-11-01,2026-11-30,Tin nhắn - Váy,Nhóm {n},2026-11-{1 + n % 28:02d},{MESSAGES},{n % 7},{1_000 * n}"
             for n in range(1, 401)]
    if summary:  # Ads Manager's summary row: campaign, ad set and day blank, the account's totals
        lines.insert(0, f"2026-11-01,2026-11-30,,,,,{sum(n % 7 for n in range(1, 401))},{1_000 * sum(range(1, 401))}")
    return "\n".join(lines) + "\n"


def test_a_summary_row_is_dropped_though_ad_sets_are_not_grouped_by():
    report = read_export((HEADER + _rows(summary=True)).encode("utf-8"), "meta.csv")
    assert report.rows == 400
    assert report.totals["spend"] == 1_000 * sum(range(1, 401))
    assert report.totals["leads"] == sum(n % 7 for n in range(1, 401))
    assert any("tổng hợp" in w for w in report.warnings("vi"))


def test_an_ad_set_row_whose_name_says_total_is_still_left_out_when_ad_sets_come_first():
    header = "Tên nhóm quảng cáo,Tên chiến dịch,Ngày,Loại kết quả,Kết quả,Số tiền đã chi tiêu (VND)\n"
    rows = [f"Nhóm {n},Tin nhắn - Váy,2026-11-0{n},{MESSAGES},{n},{1_000_000 * n}" for n in range(1, 4)]
    rows.append("Tổng,,,,6,6000000")
    report = read_export((header + "\n".join(rows) + "\n").encode("utf-8"), "meta.csv")
    assert report.totals["spend"] == 6_000_000  # not 12,000,000: the total row counted once more
