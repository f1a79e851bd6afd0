"""The LangChain tools: few, flat arguments, JSON results, errors as sentences, recorded artefacts and ids."""

import json

import pytest

from assistant.contracts import TurnContext
from assistant.tools.context import ToolContext
from assistant.tools.recorder import Recorder
from assistant.tools.session_tools import TOOLS
from tests.engine.fakes import BoundTool, FakeSearch

OWNER = "tháng rồi tiếp cận 200 nghìn người, 8.000 lượt vào web, 40 lead, chạy ads 50 triệu"


@pytest.fixture
def kit():
    ctx, recorder = TurnContext(session_id="s"), Recorder()
    state = ToolContext(turn=ctx, search=FakeSearch(), recorder=recorder)
    tools = {tool.name: BoundTool(tool, state) for tool in TOOLS}
    return ctx, recorder, tools


def test_update_snapshot_old_flat_fields_need_and_match_the_quote(kit):
    ctx, _, tools = kit
    refused = tools["update_snapshot"].invoke({"leads": 1500, "spend": 30e6})
    assert refused.startswith("error: nothing stored.") and "quote" in refused and ctx.snapshot["funnel"] == {}
    wrong = tools["update_snapshot"].invoke({"leads": 1500, "quote": "1.200 tin nhắn"})
    assert "does not contain 1500" in wrong and ctx.snapshot["funnel"] == {}
    result = json.loads(tools["update_snapshot"].invoke({"leads": 1500, "quote": "1.500 tin nhắn",
                                                         "practices": {"crm": False}}))
    assert result["stored"] == [{"field": "leads", "value": 1500}]
    assert ctx.snapshot["funnel"] == {"leads": 1500} and ctx.snapshot["practices"] == {"crm": False}


def test_update_snapshot_diagnoses_once_two_counts_are_known_and_gives_citation_ids(kit):
    ctx, recorder, tools = kit
    for field, value, quote in (("reach", 200000, "tiếp cận 200 nghìn người"), ("visits", 8000, "8.000 lượt vào web"),
                                ("leads", 40, "40 lead")):
        result = json.loads(tools["update_snapshot"].invoke({"field": field, "value": value, "quote": quote}))
    assert result["diagnosis"]["bottleneck"]["stage"] == "visit_to_lead"
    assert result["diagnosis"]["pillar_priority"][0] == "conversion"
    ids = [i for a in result["diagnosis"]["actions"] for i in a["cite"]]
    assert ids and all(1 <= i <= len(recorder.citations) for i in ids)
    assert [a.type for a in recorder.artifacts] == ["diagnosis", "chart"]
    svg = recorder.artifacts[1].data["svg"]
    assert "200.000" in svg and "8.000" in svg


def test_errors_come_back_as_sentences(kit):
    _, _, tools = kit
    assert "error" in tools["update_snapshot"].invoke({"leads": "nhiều lắm", "quote": "nhiều lắm"}).lower()
    assert tools["update_snapshot"].invoke({"value": 12, "quote": "12 đơn"}).startswith("error: nothing stored.")


def test_search_gives_numbered_ids_and_smart_checks_a_goal(kit):
    _, recorder, tools = kit
    passages = json.loads(tools["search_knowledge"].invoke({"query": "SLA"}))
    assert [p["id"] for p in passages] == [1, 2] and recorder.citations[0].doc_id == "silos"
    assert json.loads(tools["search_knowledge"].invoke({"query": "SLA"}))[0]["id"] == 1  # same source, same id
    smart = json.loads(tools["check_smart_goal"].invoke({"goal": "tăng doanh thu"}))
    assert smart["criteria"]["T"] is False


def test_drafts_are_kept_as_artifacts(kit):
    ctx, recorder, tools = kit
    tools["update_snapshot"].invoke({"leads": 1500, "quote": "1.500 tin nhắn"})
    sla = tools["make_draft"].invoke({"kind": "sla"})
    agenda = tools["make_draft"].invoke({"kind": "agenda"})
    assert "SLA" in sla and "kick-off" in agenda.lower()
    assert {a.type for a in recorder.artifacts} >= {"sla", "agenda"} and set(ctx.drafts) == {"sla", "agenda"}
    assert "error" in tools["make_draft"].invoke({"kind": "poem"})


def test_the_module_level_tools_write_only_into_the_turn_they_are_given():
    first, second = TurnContext(session_id="a"), TurnContext(session_id="b")
    update = next(tool for tool in TOOLS if tool.name == "update_snapshot")
    BoundTool(update, ToolContext(turn=first)).invoke({"leads": 10, "quote": "10 tin nhắn"})
    BoundTool(update, ToolContext(turn=second)).invoke({"leads": 20, "quote": "20 tin nhắn"})
    assert first.snapshot["funnel"] == {"leads": 10} and second.snapshot["funnel"] == {"leads": 20}


def test_few_tools_with_flat_arguments_and_no_runtime():
    schemas = {tool.name: tool.tool_call_schema.model_json_schema() for tool in TOOLS}
    assert set(schemas) == {"update_snapshot", "search_knowledge", "make_draft", "check_smart_goal", "what_if"}
    assert all("runtime" not in s.get("properties", {}) for s in schemas.values())
    flat = {name: p for s in schemas.values() for name, p in s.get("properties", {}).items()}
    assert all(p.get("type") != "array" and "$ref" not in p for name, p in flat.items() if name != "practices")
    assert set(schemas["search_knowledge"]["properties"]) == {"query"}


def test_what_if_gives_the_planning_numbers_for_a_rate_or_a_budget(kit):
    ctx, _, tools = kit
    ctx.snapshot.update(funnel={"leads": 400, "customers": 20}, spend=30e6, aov=500_000)
    rate = json.loads(tools["what_if"].invoke({"stage": "lead_to_customer", "rate": 0.1}))
    assert rate["customers_before"] == 20 and rate["customers_after"] == 40 and rate["cac_after"] == 750_000
    budget = json.loads(tools["what_if"].invoke({"budget": 50e6}))
    assert round(budget["customers"]) == 33 and "diminishing_returns" in budget["caveats"]
    assert tools["what_if"].invoke({}).startswith("error:")
