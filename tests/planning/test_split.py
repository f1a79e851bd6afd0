"""A budget across channels by cost per customer."""

import pytest

from assistant.planning import Performance, channels_of, split_budget


def test_cheaper_customers_get_the_larger_share():
    split = split_budget([Performance(name="facebook", spend=20e6, customers=40),   # 500k
                          Performance(name="tiktok", spend=10e6, customers=10)],    # 1M
                         budget=30e6)
    by = {s.name: s for s in split.shares}
    assert by["facebook"].budget == pytest.approx(20e6)
    assert by["tiktok"].budget == pytest.approx(10e6)
    assert split.expected_customers == pytest.approx(50)
    assert split.unallocated == 0


def test_scaling_is_capped_and_the_rest_flows_to_the_others():
    split = split_budget([Performance(name="zalo", spend=2e6, customers=10),        # 200k
                          Performance(name="facebook", spend=30e6, customers=30)],  # 1M
                         budget=50e6)
    by = {s.name: s for s in split.shares}
    assert by["zalo"].budget == pytest.approx(4e6)          # 2 x its spend at most
    assert by["facebook"].budget == pytest.approx(46e6)
    assert by["facebook"].status == "scale"
    assert "diminishing_returns" in split.caveats


def test_what_no_channel_can_absorb_is_left_unallocated():
    split = split_budget([Performance(name="zalo", spend=2e6, customers=10)], budget=10e6)
    assert split.allocated == pytest.approx(4e6) and split.unallocated == pytest.approx(6e6)
    assert "capped" in split.caveats


def test_a_channel_with_zero_results_gets_nothing_and_is_flagged():
    split = split_budget([Performance(name="google", spend=5e6, customers=0),
                          Performance(name="facebook", spend=20e6, customers=20)], budget=20e6)
    by = {s.name: s for s in split.shares}
    assert by["google"].budget == 0 and by["google"].status == "no_results"
    assert by["facebook"].budget == pytest.approx(20e6) and by["facebook"].status == "keep"
    assert "zero_results" in split.caveats


def test_a_channel_above_break_even_is_cut():
    split = split_budget([Performance(name="tiktok", spend=10e6, customers=5),
                          Performance(name="facebook", spend=10e6, customers=50)],
                         budget=20e6, break_even_cpa=1e6)
    by = {s.name: s for s in split.shares}
    assert by["tiktok"].status == "over_break_even" and by["tiktok"].budget == 0


def test_channels_come_from_the_snapshot_and_unknown_results_are_named():
    perfs = channels_of({"funnel": {}, "channels": {"facebook": {"spend": 1e7, "customers": 8},
                                                     "tiktok": {"spend": 5e6}}})
    split = split_budget(perfs, 10e6)
    assert split.missing == ["tiktok.customers"]
    assert [s.name for s in split.shares if s.budget > 0] == ["facebook"]


def test_no_channels_at_all():
    split = split_budget([], 10e6)
    assert split.missing == ["channels"] and split.expected_customers is None
