"""Campaign and channel efficiency: cost per result, shares, and the flags a consultant acts on."""

import pytest

from assistant.kpi import combine, read_export
from assistant.kpi.campaigns import efficiency, efficiency_table, named

ROWS = [
    {"key": "Tin nhắn - Áo dài", "spend": 20_000_000, "leads": 1000},
    {"key": "Form - Váy", "spend": 12_000_000, "leads": 300},
    {"key": "Traffic - Web", "spend": 15_900_000, "leads": 0},
    {"key": "Không chi", "spend": 0, "leads": 0},
]


def test_cost_per_result_and_shares_hand_computed():
    table = {r.key: r for r in efficiency_table(ROWS)}
    assert table["Tin nhắn - Áo dài"].cost_per_result == pytest.approx(20_000)
    assert table["Form - Váy"].cost_per_result == pytest.approx(40_000)
    assert table["Traffic - Web"].cost_per_result is None
    assert table["Traffic - Web"].spend_share == pytest.approx(15.9 / 47.9)
    assert table["Traffic - Web"].result_share == 0
    assert table["Tin nhắn - Áo dài"].result_share == pytest.approx(1000 / 1300)


def test_flags_name_no_result_best_and_worst():
    table = {r.key: r.flags for r in efficiency_table(ROWS)}
    assert table["Traffic - Web"] == ["no_result"]
    assert table["Không chi"] == []  # spending nothing is not wasting money
    assert table["Tin nhắn - Áo dài"] == ["most_efficient"]
    assert table["Form - Váy"] == ["least_efficient"]
    assert named({"campaign": [r.to_dict() for r in efficiency_table(ROWS)]}) == {
        "cut": ["Traffic - Web"], "cut_spend": 15_900_000, "best": "Tin nhắn - Áo dài", "worst": "Form - Váy"}


def test_sorted_by_spend_and_one_campaign_over_two_files_is_one_row():
    rows = efficiency_table([{"key": "A", "spend": 1, "leads": 1}, {"key": "B", "spend": 5, "leads": 1},
                             {"key": "A", "spend": 9, "leads": 1}])
    assert [(r.key, r.spend, r.results) for r in rows] == [("A", 10, 2), ("B", 5, 1)]


def test_a_single_campaign_has_no_best_or_worst():
    assert efficiency_table([{"key": "A", "spend": 5, "results": 2}])[0].flags == []


def test_channels_of_two_ad_platforms_from_their_files(samples):
    report = combine([read_export(samples / n) for n in ("meta_ads_vi.csv", "google_ads_vi.csv")])
    table = efficiency(report.breakdowns)
    assert {r["key"] for r in table["channel"]} == {"meta_ads_vi.csv", "google_ads_vi.csv"}
    assert len(table["campaign"]) == 5
    assert sum(r["spend_share"] for r in table["campaign"]) == pytest.approx(1)


def test_nothing_to_tabulate_is_empty_not_an_error():
    assert efficiency(None) == {"campaign": [], "channel": []}
    assert efficiency_table([{"key": "", "spend": 3}]) == []
