"""Several files of one business -> one snapshot, each figure from the right file, with its source."""

import pytest

from assistant.contracts import Snapshot
from assistant.core.errors import UserFacingError
from assistant.kpi import combine, read_export


def test_meta_ads_and_hubspot_deals_make_one_funnel(samples, by_hand):
    ads = by_hand(samples / "meta_ads_vi.csv")
    deals = by_hand(samples / "hubspot_deals.csv")
    won = [d for d in deals if d["Deal Stage"] == "Closed won"]
    closed = [d for d in deals if d["Deal Stage"] in ("Closed won", "Closed lost")]
    report = combine([read_export(samples / "meta_ads_vi.csv"), read_export(samples / "hubspot_deals.csv")])
    snapshot = report.snapshot
    assert isinstance(snapshot, Snapshot)
    assert snapshot.funnel.reach == sum(int(r["Người tiếp cận"]) for r in ads)
    assert snapshot.funnel.leads == sum(int(r["Lượt bắt đầu cuộc trò chuyện qua tin nhắn"]) for r in ads)
    # issue 12: open deals are neither won nor lost, so the funnel's qualified count (the base of the
    # close rate) is the closed deals; it was len(deals), which counted every open deal as lost
    assert snapshot.funnel.qualified == len(closed)
    assert snapshot.funnel.customers == len(won)
    assert snapshot.spend == sum(int(r["Số tiền đã chi tiêu (VND)"]) for r in ads)
    assert snapshot.revenue == sum(int(r["Amount"]) for r in won)
    assert snapshot.sources["reach"].startswith("meta_ads_vi.csv")
    assert snapshot.sources["customers"].startswith("hubspot_deals.csv")
    assert snapshot.sources["revenue"].startswith("hubspot_deals.csv")
    assert report.kpis["cac"] == pytest.approx(snapshot.spend / len(won))
    assert report.kpis["roas"] == pytest.approx(snapshot.revenue / snapshot.spend)
    assert report.detected_format == "meta_ads+hubspot_deals"
    assert report.rows == len(ads) + len(deals)


def test_two_ad_platforms_add_up_but_crm_leads_win(samples):
    meta, google = read_export(samples / "meta_ads_en.csv"), read_export(samples / "google_ads_vi.csv")
    contacts = read_export(samples / "hubspot_contacts.csv")
    report = combine([meta, google, contacts])
    assert report.totals["spend"] == meta.totals["spend"] + google.totals["spend"]
    assert report.snapshot.funnel.leads == contacts.totals["leads"]
    assert report.snapshot.funnel.visits == google.totals["clicks"]


def test_the_gross_margin_gives_break_even_roas(samples):
    report = combine([read_export(samples / "funnel_template.csv")], gross_margin=0.4)
    assert report.kpis["break_even_roas"] == 2.5
    assert report.snapshot.gross_margin == 0.4


def test_nothing_to_combine():
    with pytest.raises(UserFacingError):
        combine([])


def test_the_same_export_twice_counts_once(samples):
    path = samples / "meta_ads_vi.csv"
    once = read_export(path)
    twice = combine([once, read_export(path.read_bytes(), "copy.csv")])
    assert twice.totals == once.totals and twice.rows == once.rows
    assert any("copy.csv" in w for w in twice.warnings("en"))


def _customers_part(fmt, family, name, customers):
    from assistant.kpi.model import Part

    return Part(filename=name, format_id=fmt, label=fmt, family=family, rows=1, currency="VND", start=None,
                end=None, totals={}, funnel={"customers": customers}, sources={}, breakdowns={}, notes=[])


def test_two_kinds_of_file_that_count_customers_differently_are_reported_with_both_values():
    from assistant.kpi import KpiReport

    report = KpiReport([_customers_part("orders", "orders", "don.csv", 100),
                        _customers_part("hubspot_deals", "deals", "deals.csv", 120)])
    assert report.funnel["customers"] == 100  # orders are trusted first
    assert report.disagreements == [{"field": "customers", "value": 100, "source": "don.csv", "other": 120,
                                     "other_source": "deals.csv"}]
    assert "Hai tệp đếm khách mua khác nhau: don.csv ghi 100, deals.csv ghi 120" in " ".join(report.warnings("vi"))
    assert "Two files count customers differently: don.csv says 100, deals.csv says 120" in " ".join(report.warnings("en"))
    conflict = report.snapshot.conflicts[0]
    assert (conflict["kind"], conflict["field"], conflict["other"], conflict["kept"]) == ("files", "customers", 120, None)


def test_files_within_five_percent_agree_and_figures_of_a_different_nature_are_not_compared():
    from assistant.kpi import KpiReport

    close = KpiReport([_customers_part("orders", "orders", "don.csv", 100),
                       _customers_part("hubspot_deals", "deals", "deals.csv", 104)])
    assert close.disagreements == [] and not any("Hai tệp" in w for w in close.warnings("vi"))
    # ad clicks are no sessions: Google Ads and GA4 visits differ by nature and are not asked about
    ads = _customers_part("google_ads", "ads", "gads.csv", None)
    ga4 = _customers_part("ga4", "analytics", "ga4.csv", None)
    ads.funnel, ga4.funnel = {"visits": 4000}, {"visits": 21000}
    assert KpiReport([ads, ga4]).disagreements == []


def test_a_reports_warnings_are_kept_as_keys_and_worded_in_the_readers_language(samples):
    import json

    from assistant.kpi import combine, read_export
    from assistant.kpi.model import worded_warnings

    names = ["meta_ads_vi.csv", "hubspot_contacts.csv", "hubspot_deals.csv", "ga4_traffic_acquisition.csv"]
    report = combine([read_export((samples / n).read_bytes(), filename=n) for n in names])
    kept = json.loads(json.dumps(report.kept()))  # stored as JSON with the upload
    assert kept["notes"] and worded_warnings(kept, "vi") == report.warnings("vi")
    assert worded_warnings(kept, "en") == report.warnings("en") != report.warnings("vi")
    assert worded_warnings({"warnings": ["cũ"]}, "en") == ["cũ"]  # an upload kept before keys were kept
