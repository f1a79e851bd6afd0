import pytest

from assistant.drafting.kpi_tree import build_kpi_tree


@pytest.mark.parametrize("pillar", ["strategy", "traffic", "conversion", "measurement"])
def test_every_pillar_has_three_levels(pillar, diagnosis, snapshot):
    draft = build_kpi_tree(pillar, diagnosis, "en", snapshot=snapshot)
    assert [level["level"] for level in draft.data["levels"]] == ["impact", "output", "input"]
    assert all(level["nodes"] for level in draft.data["levels"])
    md = draft.markdown
    assert md.index("Impact KPIs") < md.index("Output KPIs") < md.index("Input KPIs")


def test_no_pillar_means_the_first_one_and_the_bottleneck_is_flagged(diagnosis, snapshot):
    data = build_kpi_tree(None, diagnosis, "vi", snapshot=snapshot).data
    assert data["pillar"] == "conversion"
    flagged = [n for level in data["levels"] for n in level["nodes"] if n["bottleneck"]]
    assert len(flagged) == 1
    assert flagged[0]["name"] == "Tỷ lệ lead → khách hàng" and flagged[0]["value"] == 0.03


def test_the_bottleneck_kpi_shows_even_outside_its_pillar(diagnosis, snapshot):
    data = build_kpi_tree("strategy", diagnosis, "en", snapshot=snapshot).data
    output = data["levels"][1]["nodes"]
    assert output[0]["bottleneck"] and output[0]["benchmark"] == 0.1


def test_values_come_from_the_data(diagnosis, snapshot):
    draft = build_kpi_tree("traffic", diagnosis, "vi", snapshot=snapshot, kpis={"ctr": 0.021})
    nodes = {n["id"]: n for level in draft.data["levels"] for n in level["nodes"]}
    assert nodes["cpl"]["value"] == 75_000  # 30m spend / 400 leads
    assert nodes["ctr"]["value"] == 0.021  # the export's own CTR wins over visits / reach
    assert "Chi phí mỗi lead (CPL): 75.000 VND" in draft.markdown
    assert "chưa đo" in draft.markdown  # unknown is said, not shown as zero


def test_every_node_is_a_kpi_of_the_one_catalogue():
    """The tree names KPIs by the catalogue's ids: no third set of ids beside the reader's and the classifier's."""
    from assistant.drafting.kpi_tree import BOTTLENECK_KPI, TREES
    from assistant.kpi.catalog import entries

    named = {kpi for levels in TREES.values() for level in levels for kpi in level} | set(BOTTLENECK_KPI.values())
    assert named - set(entries()) == set()
