"""Each failure measured in issue 12, as the consultant met it, read right now."""

import pytest

from assistant.core.errors import UserFacingError
from assistant.kpi import combine, read_export

META_HEADER = "Bắt đầu báo cáo,Kết thúc báo cáo,Tên chiến dịch,Ngày,Loại kết quả,Kết quả,Người tiếp cận,Số tiền đã chi tiêu (VND)\n"
META_ROWS = [
    ("Tin nhắn - Váy", "2026-11-01", "Lượt bắt đầu cuộc trò chuyện qua tin nhắn", 40, 10_000, 30_000_000),
    ("Tin nhắn - Váy", "2026-11-02", "Lượt bắt đầu cuộc trò chuyện qua tin nhắn", 35, 9_000, 27_880_000),
    ("Nhận diện - Thương hiệu", "2026-11-01", "Người tiếp cận", 50_000, 50_000, 10_000_000),
]


def _meta(month: str = "11", summary: bool = True) -> bytes:
    rows = [r for r in META_ROWS]
    lines = [f"2026-{month}-01,2026-{month}-30,{c},{d.replace('-11-', f'-{month}-')},{k},{n},{reach},{spend}"
             for c, d, k, n, reach, spend in rows]
    if summary:  # Ads Manager's summary row: campaign and day blank, the account's totals
        lines.insert(0, f"2026-{month}-01,2026-{month}-30,,,,,{sum(r[4] for r in rows)},{sum(r[5] for r in rows)}")
    return (META_HEADER + "\n".join(lines) + "\n").encode("utf-8")


def test_the_meta_summary_row_is_dropped_and_said():
    report = read_export(_meta(), "meta.csv")
    assert report.totals["spend"] == 67_880_000  # 135,76 tr with the summary row counted
    assert report.rows == 3
    assert any("tổng hợp" in w for w in report.warnings("vi"))


def test_an_awareness_campaigns_result_is_not_a_lead_and_results_are_broken_down_by_type():
    report = read_export(_meta(), "meta.csv")
    assert report.totals["leads"] == 75  # the 50,000 reached people are not leads
    by_type = {r["key"]: r["results"] for r in report.breakdowns["result_type"]}
    assert by_type == {"Lượt bắt đầu cuộc trò chuyện qua tin nhắn": 75, "Người tiếp cận": 50_000}


ITEMS = ("Mã đơn hàng,Ngày đặt hàng,Trạng Thái Đơn Hàng,Tên sản phẩm,Số lượng,Tổng giá trị đơn hàng (VND),Người Mua,Số điện thoại\n"
         "D1,2026-10-02,Hoàn thành,Váy,1,500000,linh.ng,84******567\n"
         "D1,2026-10-02,Hoàn thành,Áo,2,500000,linh.ng,84******567\n"
         "D2,2026-10-03,Đã hủy,Quần,1,250000,tuan.tr,84******678\n"
         "D3,2026-10-09,Hoàn thành,Váy,3,900000,linh.ng,84******567\n"
         "D3,2026-10-09,Hoàn thành,Khăn,1,900000,linh.ng,84******567\n"
         "D4,2026-10-10,Trả hàng/Hoàn tiền,Áo,1,300000,mai.le,84******111\n"
         ",,,,,,,\n")


def test_an_order_item_export_counts_each_order_and_its_total_once():
    report = read_export(ITEMS.encode("utf-8"), "shopee.csv")
    assert report.totals == {"orders": 2, "revenue": 1_400_000, "customers": 1, "repeat_customers": 1}
    assert report.kpis["orders_placed"] == 4
    assert report.kpis["cancel_rate"] == 0.25 and report.kpis["return_rate"] == pytest.approx(1 / 3, abs=1e-6)
    assert {r["key"]: r["quantity"] for r in report.breakdowns["product"]} == {"Váy": 4, "Áo": 2, "Khăn": 1}


def test_a_blank_trailing_row_is_no_order():
    report = read_export(ITEMS.encode("utf-8"), "shopee.csv")
    assert any(w.startswith("2 đơn chưa hoàn thành") for w in report.warnings("vi"))  # D2 and D4, not 3


def test_masked_phones_do_not_merge_buyers_the_buyer_id_tells_apart():
    data = ("Mã đơn hàng,Trạng Thái Đơn Hàng,Tổng giá trị đơn hàng (VND),Người Mua,Số điện thoại\n"
            "E1,Hoàn thành,100000,an.nguyen,84******999\nE2,Hoàn thành,100000,binh.tran,84******999\n")
    assert read_export(data.encode(), "s.csv").totals["customers"] == 2


DEALS = ("Record ID,Deal Name,Amount,Deal Stage,Pipeline,Close Date\n"
         "1,A,100000000,Closed won,Sales,2026-11-03\n2,B,50000000,Closed lost,Sales,2026-11-04\n"
         "3,C,200000000,Contract sent,Sales,2026-11-20\n4,D,70000000,Closed lost,Renewals,2026-11-21\n"
         "5,E,30000000,Appointment scheduled,Renewals,2026-11-25\n")


def test_open_deals_are_neither_won_nor_lost_and_the_open_pipeline_is_shown():
    report = read_export(DEALS.encode(), "deals.csv")
    assert report.kpis["win_rate"] == pytest.approx(1 / 3, abs=1e-6)  # won / (won + lost)
    assert report.kpis["qualified_to_customer"] == pytest.approx(1 / 3, abs=1e-6)
    assert report.snapshot.funnel.qualified == 3
    assert report.kpis["open_deals"] == 2 and report.kpis["open_pipeline_value"] == 230_000_000
    assert {r["key"]: r["qualified"] for r in report.breakdowns["pipeline"]} == {"Sales": 3, "Renewals": 2}
    assert {r["key"]: r["amount"] for r in report.breakdowns["deal_stage"]}["Contract sent"] == 200_000_000


def test_contacts_by_lifecycle_stage():
    report = read_export(b"Record ID,Lifecycle Stage\n1,Lead\n2,Lead\n3,customer\n4,Subscriber\n", "c.csv")
    assert {r["key"]: r["leads"] for r in report.breakdowns["lifecycle"]} == {"Lead": 2, "customer": 1, "Subscriber": 0}


def test_files_of_different_months_are_not_summed():
    report = combine([read_export(_meta("10", False), "thang10.csv"), read_export(_meta("11", False), "thang11.csv")])
    assert report.totals["spend"] == 67_880_000
    assert report.to_dict()["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    table = {r["key"]: r["totals"]["spend"] for r in report.breakdowns["period"]}
    assert table == {"2026-10": 67_880_000, "2026-11": 67_880_000}
    assert any("thang10.csv" in w for w in report.warnings("en"))


def test_spend_and_sales_of_different_periods_are_said_to_differ():
    deals = DEALS.replace("2026-11-03", "2026-09-03")
    report = combine([read_export(_meta("11", False), "meta.csv"), read_export(deals.encode(), "deals.csv")])
    assert report.totals["revenue"] == 100_000_000  # the deals span covers November: kept, and said
    assert any("2026-09 → 2026-11" in w and "2026-11" in w for w in report.warnings("en"))


ORDERS_VND = ("Mã đơn hàng,Ngày tạo,Tổng tiền,Trạng thái,Nguồn đơn,Số điện thoại\n"
              "O1,2026-11-02,1000000,Hoàn thành,Facebook,0901000001\nO2,2026-11-03,2000000,Hoàn thành,Website,0901000002\n"
              "O3,2026-11-05,3000000,Hoàn thành,Zalo,0901000003\nO4,2026-11-06,500000,Hoàn thành,facebook,0901000004\n")
META_USD = ("Campaign name,Day,Amount spent (USD),Reach,Results,Result indicator\n"
            "Chat,2026-11-01,100.00,5000,20,actions:onsite_conversion.messaging_conversation_started_7d\n"
            "Chat,2026-11-02,50.00,3000,10,actions:onsite_conversion.messaging_conversation_started_7d\n")


def test_a_usd_ad_account_and_vnd_orders_are_refused_naming_the_file():
    with pytest.raises(UserFacingError) as info:
        combine([read_export(META_USD.encode(), "meta_usd.csv"), read_export(ORDERS_VND.encode(), "orders.csv")])
    assert info.value.key == "kpi.mixed_currencies" and "meta_usd.csv" in info.value.message("vi")


def test_a_usd_ad_account_is_converted_at_the_given_rate_and_said():
    report = combine([read_export(META_USD.encode(), "meta_usd.csv"), read_export(ORDERS_VND.encode(), "orders.csv")],
                     rates={"USD": 25_000})
    assert report.currency == "VND" and report.totals["spend"] == 150 * 25_000
    assert report.kpis["roas"] == pytest.approx(6_500_000 / 3_750_000, abs=1e-6)
    assert any("25.000" in w and "USD" in w for w in report.warnings("vi"))


def test_orders_by_source_are_set_against_their_own_channel():
    meta = META_USD.replace("(USD)", "(VND)").replace("100.00", "2000000").replace("50.00", "1000000")
    report = combine([read_export(meta.encode(), "meta.csv"), read_export(ORDERS_VND.encode(), "orders.csv")])
    assert report.snapshot.funnel.customers == 2  # Facebook's customers only; Website and Zalo apart
    assert report.kpis["cac"] == 1_500_000
    rows = {r["key"]: r for r in report.breakdowns["attribution"]}
    assert rows["meta_ads"]["customers"] == 2 and rows["meta_ads"]["leads"] == 30
    assert rows["other"]["customers"] == 2 and rows["other"]["revenue"] == 5_000_000


def test_ltv_is_labelled_on_revenue_without_a_margin_and_the_repeat_rate_has_its_window(capsys):
    from assistant.cli.kpi_cmd import format_report

    report = read_export(ITEMS.encode("utf-8"), "shopee.csv")
    out = format_report(report, "en")
    assert "LTV : CAC (on revenue)" in out or "Lifetime value (LTV, estimate, on revenue)" in out
    assert "Repeat rate (within 9 days)" in out
    assert report.kpis["repeat_window_days"] == 9
    with_margin = combine([report], gross_margin=0.4)
    assert "on revenue" not in format_report(with_margin, "en")


@pytest.mark.parametrize("given, expected", [(["USD=25400"], {"USD": 25400}), (["usd=25,400"], {"USD": 25400}),
                                             (["USD=25.400"], {"USD": 25400}), (["EUR=27000.5"], {"EUR": 27000.5})])
def test_exchange_rates_read_in_either_number_style(given, expected):
    from assistant.kpi.money import parse_rates

    assert parse_rates(given) == expected


@pytest.mark.parametrize("bad", ["USD", "USD=", "USD=abc", "=25400", "USD=-3"])
def test_a_malformed_exchange_rate_is_a_clear_error(bad):
    from assistant.kpi.money import parse_rates

    with pytest.raises(UserFacingError) as info:
        parse_rates([bad])
    assert info.value.key == "kpi.bad_rate"
