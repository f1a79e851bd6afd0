"""update_snapshot's typed figures: the model extracts (one figure a call), the tool checks it against the quoted words."""

import json

import pytest

from assistant.contracts import TurnContext
from assistant.tools.context import ToolContext
from assistant.tools.session_tools import TOOLS
from tests.engine.fakes import BoundTool


@pytest.fixture
def update():
    ctx = TurnContext(session_id="s")
    tool = next(t for t in TOOLS if t.name == "update_snapshot")
    return ctx, BoundTool(tool, ToolContext(turn=ctx))


def fig(field, value, quote, unit="count", kind="actual", **more):
    return {"field": field, "value": value, "unit": unit, "kind": kind, "quote": quote, **more}


def each(tool, *figures) -> list[str]:
    return [tool.invoke(f) for f in figures]


def test_figures_that_their_quotes_say_are_stored_with_their_record(update):
    ctx, tool = update
    each(tool, fig("leads", 1800, "1.800 khách nhắn hỏi niềng răng"),
         fig("qualified", 420, "420 khách đặt lịch khám"),
         fig("spend", 1200, "$1,200 ad spend", unit="money", currency="USD"),
         fig("customers", 60, "mục tiêu 60 học viên mới/tháng", kind="target"),
         fig("spend", 50e6, "tháng sau e có 50 triệu ngân sách", unit="money", currency="VND", kind="plan"))
    result = ctx.snapshot
    assert result["funnel"] == {"leads": 1800, "qualified": 420}
    assert result["spend"] == 30e6 and result["figures"]["spend"]["original"] == {"value": 1200, "currency": "USD",
                                                                                   "rate": 25000.0}
    assert result["target_customers"] == 60 and result["planned_budget"] == 50e6
    assert result["figures"]["qualified"]["quote"] == "420 khách đặt lịch khám"
    assert result["sources"]["leads"] == "chat"


def test_a_target_given_as_an_actual_is_refused_and_nothing_is_stored(update):
    ctx, tool = update
    answer = tool.invoke(fig("customers", 60, "mục tiêu 60 học viên mới/tháng"))
    assert answer.startswith("error: nothing stored.")
    assert "read as target_customers (kind target), not customers" in answer and "call again" in answer
    assert ctx.snapshot["funnel"] == {} and "target_customers" not in ctx.snapshot


def test_a_number_missing_from_its_quote_or_a_wrong_unit_is_refused(update):
    ctx, tool = update
    missing = tool.invoke(fig("customers", 120, "chốt có 12 đơn"))
    assert "does not contain 120" in missing and ctx.snapshot["funnel"] == {}
    unit = tool.invoke(fig("spend", 30e6, "chạy ads hết 30 triệu"))
    assert "spend is a money figure, not count" in unit and ctx.snapshot.get("spend") is None


def test_a_plan_given_as_spend_is_refused(update):
    ctx, tool = update
    answer = tool.invoke(fig("spend", 50e6, "tháng sau e có 50 triệu ngân sách", unit="money"))
    assert "read as planned_budget (kind plan), not spend" in answer and ctx.snapshot.get("spend") is None


def test_a_figure_the_reader_cannot_place_is_the_models_reading(update):
    """The model may understand words the reader does not; the number must still be in the quote."""
    ctx, tool = update
    json.loads(tool.invoke(fig("qualified", 14, "14 bạn qua vòng phỏng vấn thử")))
    assert ctx.snapshot["funnel"] == {"qualified": 14}


def test_a_cost_per_lead_no_ad_account_gives_is_held_in_doubt_not_diagnosed(update):
    ctx, tool = update
    tool.invoke(fig("customers", 20, "chốt được 20 đơn"))
    tool.invoke(fig("leads", 1400, "1.400 tin nhắn"))  # two counts: a diagnosis would follow
    ctx.diagnosis = None
    answer = json.loads(tool.invoke(fig("spend", 30_000, "tháng rồi đổ 30 nghìn vô ads", unit="money", currency="VND")))
    assert answer["doubt"]["value"] == pytest.approx(30_000 / 1400, abs=0.01)
    assert "diagnosis" not in answer and ctx.diagnosis is None
    assert ctx.snapshot["figures"]["spend"]["doubt"]["kind"] == "cost_per_lead"


def test_a_plausible_spend_is_diagnosed_at_once(update):
    _, tool = update
    each(tool, fig("customers", 20, "chốt được 20 đơn"), fig("leads", 1400, "1.400 tin nhắn"))
    answer = json.loads(tool.invoke(fig("spend", 30e6, "tháng rồi đổ 30 triệu vô ads", unit="money", currency="VND")))
    assert "doubt" not in answer and answer["diagnosis"]["pillar_priority"]
