"""The LLM engine through the real `openai` client against a local OpenAI-compatible stub."""

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.llm import LlmEngine
from tests.channels.fakes import LocalServer
from tests.engine.fakes import FakeSearch
from tests.engine.openai_stub import OpenAIStub


@pytest.fixture(scope="module")
def stub():
    stub = OpenAIStub()
    with LocalServer(stub.app) as server:
        stub.url = server.url
        yield stub


def engine_for(stub, offline, monkeypatch, timeout_s: float) -> LlmEngine:
    stub.queue.clear()
    stub.requests.clear()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{stub.url}/v1")
    monkeypatch.setenv("GROWTHDOC_MODEL", "stub-model")
    monkeypatch.setenv("GROWTHDOC_LLM_TIMEOUT_S", str(timeout_s))
    get_settings.cache_clear()
    return LlmEngine(get_settings(), offline, FakeSearch())


@pytest.fixture
def llm(stub, offline, monkeypatch):
    """A generous timeout: a loaded machine must not turn a good answer into a fallback."""
    return engine_for(stub, offline, monkeypatch, timeout_s=10)


@pytest.fixture
def impatient(stub, offline, monkeypatch):
    """A one-second timeout, against a stub that answers after three."""
    return engine_for(stub, offline, monkeypatch, timeout_s=1)


def test_wire_format_tool_calls_and_final_answer(stub, llm):
    stub.enqueue_tool("update_snapshot", {"leads": 1500, "customers": 12, "spend": 30000000})
    stub.enqueue_tool("diagnose", {}, call_id="call_2")
    stub.enqueue_text("Điểm nghẽn: lead → khách mua. Sửa trụ cột chuyển đổi trước.")
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn")
    assert reply.engine == "llm" and reply.text.startswith("Điểm nghẽn")
    first = stub.requests[0]
    assert first["model"] == "stub-model"
    assert first["messages"][0]["role"] == "system" and "GrowthDoc" in first["messages"][0]["content"]
    assert first["messages"][-1] == {"role": "user", "content": "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn"}
    assert {t["function"]["name"] for t in first["tools"]} == {
        "search_knowledge", "compute_kpis", "update_snapshot", "diagnose", "draft_kickoff_agenda",
        "draft_sla", "check_smart_goal", "classify_kpi"}
    tool_result = stub.requests[2]["messages"][-1]
    assert tool_result["role"] == "tool" and tool_result["tool_call_id"] == "call_2"
    assert '"pillar_priority": ["conversion"' in tool_result["content"]
    assert reply.artifacts[0].type == "diagnosis"


def test_a_slow_model_times_out_and_the_offline_engine_answers(stub, impatient):
    stub.enqueue_text("too late", delay=3)
    reply = impatient.respond(TurnContext(session_id="s"), "xin chào")
    assert reply.engine == "offline" and reply.notice
    assert "GrowthDoc" in reply.text and "too late" not in reply.text


@pytest.mark.parametrize("body, status", [("{not json", 200), ('{"error": {"message": "boom"}}', 500),
                                           ('{"id": "x", "choices": []}', 200)])
def test_malformed_or_failed_model_output_falls_back(stub, llm, body, status):
    stub.enqueue_raw(body, status)
    reply = llm.respond(TurnContext(session_id="s"), "bạn làm được gì?")
    assert reply.engine == "offline" and reply.notice and "Chẩn đoán marketing" in reply.text


def test_english_turn_gets_the_english_system_prompt(stub, llm):
    stub.enqueue_text("Hello! Tell me your numbers.")
    ctx = TurnContext(session_id="s", lang="en")
    llm.respond(ctx, "hello there, can you help with my marketing?")
    assert "Answer in English" in stub.requests[0]["messages"][0]["content"]


def test_streaming_over_the_wire_gives_token_deltas_after_the_tool_round(stub, llm):
    stub.enqueue_tool("update_snapshot", {"leads": 800, "customers": 25, "spend": 20000000})
    stub.enqueue_text("Your bottleneck is lead to customer; fix conversion first.")
    parts = list(llm.stream(TurnContext(session_id="s", lang="en"), "800 messages, 25 orders, 20 million"))
    reply, deltas = parts[-1], parts[:-1]
    assert all(r.get("stream") for r in stub.requests)
    assert len(deltas) > 5 and "".join(deltas) == reply.text == "Your bottleneck is lead to customer; fix conversion first."
    assert reply.engine == "llm"


def test_a_stream_that_times_out_falls_back_with_the_notice(stub, impatient):
    stub.enqueue_text("too late", delay=3)
    parts = list(impatient.stream(TurnContext(session_id="s"), "xin chào"))
    reply = parts[-1]
    assert reply.engine == "offline" and reply.text.startswith(reply.notice) and "".join(parts[:-1]) == reply.text
