"""The LLM engine's agent logic with a scripted tool-calling fake model (no network)."""

from langchain_core.messages import AIMessage

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.llm import LlmEngine
from tests.engine.fakes import FakeSearch, call, scripted


def engine(offline, *script, rounds=4, monkeypatch=None):
    settings = get_settings().model_copy(update={"llm_max_tool_rounds": rounds})
    return LlmEngine(settings, offline, FakeSearch(), chat_model=scripted(*script))


def test_tools_fill_the_snapshot_diagnose_and_the_reply_carries_their_artifacts(offline):
    llm = engine(offline,
                 call("update_snapshot", {"leads": 1500, "customers": 12, "spend": 30_000_000,
                                          "practices": {"target_customer_defined": True}}),
                 call("diagnose", id="call_2"),
                 AIMessage(content="Điểm nghẽn ở tầng lead → khách mua; sửa trụ cột chuyển đổi trước."))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn")
    assert reply.engine == "llm" and reply.notice is None
    assert ctx.snapshot["funnel"] == {"leads": 1500, "customers": 12}
    assert ctx.diagnosis["pillar_priority"][0] == "conversion"
    assert [a.type for a in reply.artifacts] == ["diagnosis", "chart"] and reply.citations


def test_search_knowledge_citations_reach_the_reply(offline):
    llm = engine(offline, call("search_knowledge", {"query": "SLA là gì"}),
                 AIMessage(content="SLA quy định thời gian phản hồi lead [Sáu silo nội bộ › Silo 6]."))
    reply = llm.respond(TurnContext(session_id="s"), "SLA là gì?")
    assert [c.doc_id for c in reply.citations] == ["silos", "pillar-conversion"]


def test_a_tool_error_is_a_sentence_for_the_model_not_a_crash(offline):
    llm = engine(offline, call("compute_kpis"), AIMessage(content="Anh/chị chưa tải file nào lên."))
    reply = llm.respond(TurnContext(session_id="s"), "CPL của tôi?")
    assert reply.engine == "llm" and "chưa tải file" in reply.text


def test_empty_final_message_falls_back_to_the_offline_engine_with_a_notice(offline):
    llm = engine(offline, AIMessage(content=""))
    reply = llm.respond(TurnContext(session_id="s"), "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn")
    assert reply.engine == "offline" and reply.notice and reply.text.startswith(reply.notice)
    assert "1.500" in reply.text  # the offline engine read the figures itself


def test_too_many_tool_rounds_fall_back_and_leave_no_half_done_state(offline):
    loop = [call("update_snapshot", {"leads": 999 + i}, id=f"c{i}") for i in range(6)]
    llm = engine(offline, *loop, rounds=2)
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "xin chào")
    assert reply.notice and reply.engine == "offline"
    assert ctx.snapshot["funnel"] == {}  # the failed agent turn's writes were rolled back


def test_streaming_yields_the_models_text_then_a_reply_equal_to_the_deltas(offline):
    llm = engine(offline, call("diagnose"), AIMessage(content="Trụ cột cần sửa trước: đo lường."))
    parts = list(llm.stream(TurnContext(session_id="s"), "chẩn đoán giúp tôi"))
    reply, deltas = parts[-1], parts[:-1]
    assert reply.engine == "llm" and "".join(deltas) == reply.text == "Trụ cột cần sửa trước: đo lường."
    assert reply.artifacts[0].type == "diagnosis"


def test_a_stream_that_ends_badly_continues_with_the_offline_answer(offline):
    llm = engine(offline, AIMessage(content=""))
    parts = list(llm.stream(TurnContext(session_id="s"), "bạn làm được gì?"))
    reply, deltas = parts[-1], parts[:-1]
    assert reply.engine == "offline" and reply.notice and "".join(deltas) == reply.text
    assert "Chẩn đoán marketing" in reply.text
