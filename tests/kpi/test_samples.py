"""Every sample export with its exact totals; expectations are computed here by hand (csv module)."""

from collections import Counter

import pytest

from assistant.kpi import read_export


def _int(text: str) -> int:
    return int(text.replace(",", "").replace(".", "")) if text.strip() else 0


def test_meta_ads_vietnamese_messaging(samples, by_hand):
    data = by_hand(samples / "meta_ads_vi.csv")
    report = read_export(samples / "meta_ads_vi.csv")
    assert report.detected_format == "meta_ads" and report.currency == "VND" and report.rows == len(data)
    assert report.totals == {
        "spend": sum(_int(r["Số tiền đã chi tiêu (VND)"]) for r in data),
        "impressions": sum(_int(r["Lượt hiển thị"]) for r in data),
        "reach": sum(_int(r["Người tiếp cận"]) for r in data),
        "clicks": sum(_int(r["Lượt click vào liên kết"]) for r in data),
        "leads": sum(_int(r["Lượt bắt đầu cuộc trò chuyện qua tin nhắn"]) for r in data),
    }
    assert report.message_leads  # messaging campaign: CPL is the cost per message
    assert report.kpis["cpl"] == pytest.approx(report.totals["spend"] / report.totals["leads"], rel=1e-6)
    assert report.kpis["cost_per_message"] == report.kpis["cpl"]
    campaigns = {r["key"]: r["spend"] for r in report.breakdowns["campaign"]}
    assert campaigns == {c: sum(_int(r["Số tiền đã chi tiêu (VND)"]) for r in data if r["Tên chiến dịch"] == c)
                         for c in {r["Tên chiến dịch"] for r in data}}


def test_meta_ads_english_lead_forms(samples, by_hand):
    data = by_hand(samples / "meta_ads_en.csv")
    report = read_export(samples / "meta_ads_en.csv")
    assert report.totals["spend"] == sum(_int(r["Amount spent (VND)"]) for r in data)
    assert report.totals["reach"] == sum(_int(r["Reach"]) for r in data)
    assert report.totals["leads"] == sum(_int(r["Leads"]) for r in data)
    assert not report.message_leads and report.kpis["cost_per_message"] is None
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-10-31"}


def test_google_ads_utf16_with_preamble_and_total_row(samples, by_hand):
    data = by_hand(samples / "google_ads_vi.csv", encoding="utf-16", delimiter="\t", skip=2)
    campaigns = [r for r in data if not r["Trạng thái chiến dịch"].startswith("Tổng")]
    report = read_export(samples / "google_ads_vi.csv")
    assert report.detected_format == "google_ads" and report.rows == len(campaigns) == 3
    assert report.totals["spend"] == sum(_int(r["Chi phí"]) for r in campaigns) == 19_773_273
    assert report.totals["clicks"] == sum(_int(r["Lượt nhấp"]) for r in campaigns)
    assert report.totals["impressions"] == sum(_int(r["Số lượt hiển thị"]) for r in campaigns)
    conversions = sum(float(r["Lượt chuyển đổi"].replace(",", ".")) for r in campaigns)
    assert report.totals["conversions"] == pytest.approx(conversions)
    assert report.snapshot.funnel.visits == report.totals["clicks"]
    assert report.kpis["visit_to_lead"] == pytest.approx(conversions / report.totals["clicks"], rel=1e-5)
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert any("Tổng" in w for w in report.warnings("vi"))


def test_ga4_comments_and_grand_total(samples, by_hand):
    lines = [l for l in (samples / "ga4_traffic_acquisition.csv").read_text().splitlines() if not l.startswith("#")]
    data = [r for r in by_hand(samples / "ga4_traffic_acquisition.csv", skip=len(lines) and 7)
            if r["Session default channel group"] != "Grand total"]
    report = read_export(samples / "ga4_traffic_acquisition.csv")
    assert report.detected_format == "ga4" and report.rows == len(data) == 7
    assert report.totals["visits"] == sum(int(r["Sessions"]) for r in data)
    assert report.totals["revenue"] == sum(int(r["Total revenue"]) for r in data)
    assert report.totals["conversions"] == sum(int(r["Key events"]) for r in data)
    assert len(report.breakdowns["channel"]) == 7
    assert report.to_dict()["period"] == {"start": "2026-10-01", "end": "2026-10-31"}


def test_hubspot_contacts_lifecycle_stages(samples, by_hand):
    stages = Counter(r["Lifecycle Stage"] for r in by_hand(samples / "hubspot_contacts.csv"))
    report = read_export(samples / "hubspot_contacts.csv")
    qualified = stages["Marketing Qualified Lead"] + stages["Sales Qualified Lead"] + stages["Opportunity"]
    assert report.totals == {
        "leads": stages["Lead"] + qualified + stages["Customer"],  # a later stage went through "lead"
        "qualified": qualified + stages["Customer"],
        "customers": stages["Customer"],
    }
    assert report.snapshot.funnel.known() == {k: float(v) for k, v in report.totals.items()}


def test_hubspot_deals_won_deals_are_customers_and_revenue(samples, by_hand):
    data = by_hand(samples / "hubspot_deals.csv")
    won = [r for r in data if r["Deal Stage"] == "Closed won"]
    report = read_export(samples / "hubspot_deals.csv")
    assert report.totals == {"qualified": len(data), "customers": len(won),
                             "revenue": sum(int(r["Amount"]) for r in won)}
    assert report.kpis["aov"] == sum(int(r["Amount"]) for r in won) / len(won)


def test_orders_xlsx_completed_orders_customers_and_repeats(samples):
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(samples / "orders_vi.xlsx")).get_sheet_by_index(0).to_python()
    header, body = sheet[0], sheet[1:]
    col = {h: i for i, h in enumerate(header)}
    done = [r for r in body if r[col["Trạng thái"]] == "Hoàn thành"]
    per_phone = Counter(str(r[col["Số điện thoại"]]) for r in done)
    report = read_export(samples / "orders_vi.xlsx")
    assert report.detected_format == "orders" and report.rows == len(body)
    assert report.totals == {
        "orders": len(done), "revenue": sum(r[col["Tổng tiền"]] for r in done),
        "customers": len(per_phone), "repeat_customers": sum(1 for n in per_phone.values() if n >= 2),
    }
    assert report.kpis["aov"] == pytest.approx(report.totals["revenue"] / len(done))
    assert report.kpis["repeat_rate"] == pytest.approx(report.totals["repeat_customers"] / len(per_phone))
    statuses = sorted({r[col["Trạng thái"]] for r in body} - {"Hoàn thành"})
    assert any(str(len(body) - len(done)) in w and ", ".join(statuses) in w for w in report.warnings("en"))


def test_funnel_template(samples, by_hand):
    data = by_hand(samples / "funnel_template.csv")
    report = read_export(samples / "funnel_template.csv")
    fields = ("spend", "reach", "visits", "leads", "qualified", "customers", "revenue")
    assert report.totals == {f: sum(int(r[f]) for r in data) for f in fields}
    months = {r["key"]: r["leads"] for r in report.breakdowns["month"]}
    assert months == {m: sum(int(r["leads"]) for r in data if r["month"] == m) for m in {r["month"] for r in data}}
    assert report.to_dict()["period"] == {"start": "2026-08-01", "end": "2026-10-31"}


def test_bytes_and_path_give_the_same_report(samples):
    path = samples / "google_ads_vi.csv"
    assert read_export(path.read_bytes(), "g.csv").totals == read_export(path).totals


def test_other_column_order_extra_columns_and_english_total_row(tmp_path):
    path = tmp_path / "meta.csv"
    path.write_text(
        "Campaign name,Extra,Reach,Amount spent (USD),Results,Result indicator\n"
        "Chat A,x,\"1,000\",12.50,10,actions:onsite_conversion.messaging_conversation_started_7d\n"
        "Form B,y,500,7.50,--,actions:lead\n"
        "Total,,\"1,500\",20.00,10,\n",
        encoding="utf-8",
    )
    report = read_export(path)
    assert report.currency == "USD"
    assert report.totals == {"spend": 20.0, "reach": 1500, "leads": 10}
    assert report.kpis["cost_per_message"] == 1.25
