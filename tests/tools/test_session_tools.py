"""The LangChain tools: typed arguments, JSON results, errors as sentences, recorded artefacts."""

import json

import pytest

from assistant.contracts import TurnContext
from assistant.tools.context import ToolContext
from assistant.tools.recorder import Recorder
from assistant.tools.session_tools import TOOLS
from tests.engine.fakes import BoundTool, FakeSearch


@pytest.fixture
def kit():
    ctx, recorder = TurnContext(session_id="s"), Recorder()
    state = ToolContext(turn=ctx, search=FakeSearch(), recorder=recorder)
    tools = {tool.name: BoundTool(tool, state) for tool in TOOLS}
    return ctx, recorder, tools


def test_update_snapshot_records_only_what_was_said(kit):
    ctx, _, tools = kit
    result = json.loads(tools["update_snapshot"].invoke({"leads": 1500, "spend": 30e6,
                                                         "practices": {"crm": False}}))
    assert result["funnel"] == {"leads": 1500} and result["spend"] == 30e6
    assert ctx.snapshot["practices"] == {"crm": False} and "customers" not in ctx.snapshot["funnel"]



def test_update_snapshot_from_the_owners_words_keeps_each_figure_in_its_own_place(kit):
    """The reader decides where each figure goes; the tool does not write them again elsewhere."""
    ctx, _, tools = kit
    result = json.loads(tools["update_snapshot"].invoke({"from_text": (
        "tháng rồi 95 MQL, 30 SQL, chốt 8 hợp đồng; fanpage có 12 nghìn followers. à nhầm, chốt 9 hợp đồng")}))
    assert result["funnel"] == {"qualified": 30, "customers": 9}
    assert result["audience"] == {"followers": 12000} and "followers" not in result and "reach" not in result["funnel"]

def test_diagnose_returns_the_priority_and_records_the_artifacts(kit):
    ctx, recorder, tools = kit
    tools["update_snapshot"].invoke({"reach": 200000, "visits": 8000, "leads": 40, "spend": 5e7})
    brief = json.loads(tools["diagnose"].invoke({}))
    assert brief["bottleneck"]["stage"] == "visit_to_lead" and brief["pillar_priority"][0] == "conversion"
    assert brief["actions"][0]["cite"]
    assert [a.type for a in recorder.artifacts] == ["diagnosis", "chart"] and recorder.citations


def test_errors_come_back_as_sentences(kit):
    _, _, tools = kit
    assert tools["compute_kpis"].invoke({}).startswith("no files uploaded")
    assert tools["classify_kpi"].invoke({"name": "chỉ số bí ẩn xyz"}).startswith("unknown KPI")
    assert "error" in tools["update_snapshot"].invoke({"leads": "nhiều lắm"}).lower()


def test_search_and_smart_and_kpi_tools(kit):
    _, recorder, tools = kit
    passages = json.loads(tools["search_knowledge"].invoke({"query": "SLA", "k": 1}))
    assert passages[0]["cite"].startswith("Sáu silo") and recorder.citations[0].doc_id == "silos"
    smart = json.loads(tools["check_smart_goal"].invoke({"goal": "tăng doanh thu"}))
    assert smart["criteria"]["T"] is False
    assert json.loads(tools["classify_kpi"].invoke({"name": "ROAS"}))["level"] in ("output", "impact")


def test_drafts_are_kept_as_artifacts(kit):
    ctx, recorder, tools = kit
    tools["update_snapshot"].invoke({"leads": 1500, "customers": 12, "spend": 30e6})
    sla = tools["draft_sla"].invoke({})
    agenda = tools["draft_kickoff_agenda"].invoke({})
    assert "SLA" in sla and "kick-off" in agenda.lower()
    assert {a.type for a in recorder.artifacts} >= {"sla", "agenda"} and set(ctx.drafts) == {"sla", "agenda"}


def test_update_snapshot_reads_the_users_own_words(kit):
    ctx, _, tools = kit
    result = json.loads(tools["update_snapshot"].invoke(
        {"from_text": "Spa mình chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn"}))
    assert result["funnel"] == {"leads": 1500, "customers": 12} and result["spend"] == 30_000_000
    assert ctx.snapshot["business"]["industry"] == "health"


def test_the_chat_chart_and_kpi_tree_show_the_owners_counts(kit):
    ctx, recorder, tools = kit
    tools["update_snapshot"].invoke({"reach": 200000, "visits": 8000, "leads": 40, "spend": 5e7})
    tools["diagnose"].invoke({})
    svg = next(a.data["svg"] for a in recorder.artifacts if a.type == "chart")
    assert "200.000" in svg and "8.000" in svg


def test_the_module_level_tools_write_only_into_the_turn_they_are_given():
    first, second = TurnContext(session_id="a"), TurnContext(session_id="b")
    update = next(tool for tool in TOOLS if tool.name == "update_snapshot")
    BoundTool(update, ToolContext(turn=first)).invoke({"leads": 10})
    BoundTool(update, ToolContext(turn=second)).invoke({"leads": 20})
    assert first.snapshot["funnel"] == {"leads": 10} and second.snapshot["funnel"] == {"leads": 20}


def test_the_model_sees_the_arguments_but_never_the_runtime():
    schemas = {tool.name: tool.tool_call_schema.model_json_schema() for tool in TOOLS}
    assert all("runtime" not in s.get("properties", {}) for s in schemas.values())
    assert set(schemas["search_knowledge"]["properties"]) == {"query", "k"}
