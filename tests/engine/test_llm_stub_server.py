"""The LLM engine through the real `openai` client against a local OpenAI-compatible stub."""

import time

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.llm import LlmEngine
from tests.channels.fakes import LocalServer
from tests.engine.fakes import FakeSearch
from tests.engine.openai_stub import OpenAIStub, tool_answer


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


FIGURES = "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn"


def test_wire_format_budget_tools_and_facts_last(stub, llm):
    stub.enqueue_calls(("update_snapshot", {"field": "reach", "value": 400000, "quote": "tiếp cận 400 nghìn người"}))
    stub.enqueue_text("Dạ, em đã ghi nhận: tiếp cận 400 nghìn người, 1.500 tin nhắn, 12 đơn.")
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, FIGURES + ", tiếp cận 400 nghìn người")
    assert reply.engine == "llm" and ctx.snapshot["funnel"]["reach"] == 400000
    first = stub.requests[0]
    assert first["model"] == "stub-model" and first["max_tokens"] == 600 and first["temperature"] == 0.2
    assert {t["function"]["name"] for t in first["tools"]} == {
        "update_snapshot", "search_knowledge", "make_draft", "check_smart_goal", "what_if"}
    system, owner = first["messages"][0], first["messages"][-1]
    assert system["role"] == "system" and "1.500" not in system["content"] and "<facts>" in system["content"]
    assert owner["role"] == "user" and owner["content"].startswith(FIGURES) and '"value":1500' in owner["content"]
    tool_result = stub.requests[1]["messages"][-1]
    assert tool_result["role"] == "tool" and '"stored":[{"field":"reach"' in tool_result["content"]


def test_a_slow_model_times_out_its_request_is_cancelled_and_the_offline_engine_answers(stub, impatient):
    stub.cancelled = 0
    stub.enqueue_text("too late", delay=3)
    reply = impatient.respond(TurnContext(session_id="s"), "xin chào")
    assert reply.engine == "offline" and reply.notice
    assert "GrowthDoc" in reply.text and "too late" not in reply.text
    deadline = time.monotonic() + 3
    while not stub.cancelled and time.monotonic() < deadline:  # the server notices the closed connection
        time.sleep(0.05)
    assert stub.cancelled == 1


def test_the_whole_turn_has_one_deadline(stub, offline, monkeypatch):
    """Three requests that each fit the per-request timeout still end at the turn's deadline."""
    monkeypatch.setenv("GROWTHDOC_LLM_TURN_DEADLINE_S", "2")
    llm = engine_for(stub, offline, monkeypatch, timeout_s=10)
    for i in range(3):
        stub.queue.append(dict(tool_answer(("search_knowledge", {"query": f"SLA {i}"})), delay=0.9))
    stub.enqueue_text("Dạ, SLA là thỏa thuận [1].")
    reply = llm.respond(TurnContext(session_id="s"), "SLA là gì?")
    assert reply.engine == "offline" and reply.notice and len(stub.requests) <= 3


@pytest.mark.parametrize("body, status", [("{not json", 200), ('{"error": {"message": "boom"}}', 500),
                                           ('{"id": "x", "choices": []}', 200)])
def test_malformed_or_failed_model_output_falls_back(stub, llm, body, status):
    stub.enqueue_raw(body, status)
    reply = llm.respond(TurnContext(session_id="s"), "bạn làm được gì?")
    assert reply.engine == "offline" and reply.notice and "Chẩn đoán marketing" in reply.text


def test_malformed_tool_arguments_are_asked_again_once(stub, llm):
    stub.enqueue_calls(("update_snapshot", '{"field": "customers", "value": 12, "quote": "chốt 12'))
    stub.enqueue_calls(("update_snapshot", {"field": "reach", "value": 400000, "quote": "tiếp cận 400 nghìn"}))
    stub.enqueue_text("Dạ, em đã ghi tiếp cận 400 nghìn người.")
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, FIGURES + ", tiếp cận 400 nghìn")
    assert reply.engine == "llm" and ctx.snapshot["funnel"]["reach"] == 400000
    asked = stub.requests[1]["messages"][-1]
    assert asked["role"] == "user" and "update_snapshot" in asked["content"] and "JSON" in asked["content"]


def test_parallel_tool_calls_over_the_wire(stub, llm):
    stub.enqueue_calls(("update_snapshot", {"field": "qualified", "value": 95, "quote": "95 bạn đến học thử"}),
                       ("update_snapshot", {"field": "customers", "value": 30, "quote": "30 bạn đóng học phí"}))
    stub.enqueue_text("Dạ, 95 bạn học thử và 30 bạn đóng học phí.")
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "có 95 bạn đến học thử, 30 bạn đóng học phí")
    assert reply.engine == "llm" and ctx.snapshot["funnel"]["qualified"] == 95 and ctx.snapshot["funnel"]["customers"] == 30
    results = [m for m in stub.requests[1]["messages"] if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in results] == ["call_1", "call_2"]


def test_english_turn_gets_the_english_system_prompt(stub, llm):
    stub.enqueue_text("Hello! Tell me your numbers.")
    ctx = TurnContext(session_id="s", lang="en")
    llm.respond(ctx, "hello there, can you help with my marketing?")
    assert "Answer in English" in stub.requests[0]["messages"][0]["content"]


def test_a_checked_reply_streams_after_the_check_and_equals_the_reply(stub, llm):
    stub.enqueue_text("Your bottleneck is lead to customer; fix conversion first.")
    parts = list(llm.stream(TurnContext(session_id="s", lang="en"), "hello, what can you do?"))
    reply, deltas = parts[-1], parts[:-1]
    assert len(deltas) > 1 and "".join(deltas) == reply.text
    assert reply.text.endswith("Your bottleneck is lead to customer; fix conversion first.") and reply.engine == "llm"


def test_a_stream_that_times_out_falls_back_with_the_notice(stub, impatient):
    stub.enqueue_text("too late", delay=3)
    parts = list(impatient.stream(TurnContext(session_id="s"), "xin chào"))
    reply = parts[-1]
    assert reply.engine == "offline" and reply.text.startswith(reply.notice) and "".join(parts[:-1]) == reply.text


def test_the_models_tokens_are_counted_for_metrics(stub, llm):
    from assistant.core.metrics import LLM_TOKENS

    before = LLM_TOKENS._value.get()
    stub.enqueue_text("Dạ, em đã ghi nhận: 1.500 tin nhắn, 12 đơn.")
    llm.respond(TurnContext(session_id="s"), FIGURES)
    assert llm.last_turn["tokens"] > 0 and LLM_TOKENS._value.get() - before == llm.last_turn["tokens"]
