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


def test_the_agent_is_built_once_for_every_turn_and_session(offline, monkeypatch):
    import assistant.engine.agent as wiring

    built = []
    real = wiring.create_agent
    monkeypatch.setattr(wiring, "create_agent", lambda *a, **kw: built.append(a) or real(*a, **kw))
    llm = engine(offline, AIMessage(content="Một."), AIMessage(content="Hai."), AIMessage(content="Ba."))
    llm.respond(TurnContext(session_id="a"), "xin chào")
    list(llm.stream(TurnContext(session_id="b"), "xin chào"))
    reply = llm.respond(TurnContext(session_id="a"), "còn gì nữa?")
    assert reply.text == "Ba." and len(built) == 1


def test_each_turn_gets_its_own_sessions_system_prompt_from_the_one_agent(offline):
    model = scripted(AIMessage(content="A."), AIMessage(content="B."))
    llm = LlmEngine(get_settings(), offline, FakeSearch(), chat_model=model)
    shop = TurnContext(session_id="a", snapshot={"funnel": {"leads": 1500}},
                       uploads=[{"filename": "meta_ads_vi.csv", "report": {}}])
    clinic = TurnContext(session_id="b", lang="en", snapshot={"funnel": {"customers": 12}})
    llm.respond(shop, "xin chào")
    llm.respond(clinic, "hello")
    first, second = (messages[0].content for messages in model.received)
    assert '"leads": 1500' in first and "meta_ads_vi.csv" in first
    assert '"customers": 12' in second and "Answer in English" in second
    assert "1500" not in second and "meta_ads_vi.csv" not in second


def test_a_tool_writes_into_the_session_of_its_turn(offline):
    llm = engine(offline, call("update_snapshot", {"leads": 40}), AIMessage(content="Đã ghi."),
                 call("update_snapshot", {"leads": 900}), AIMessage(content="Noted."))
    shop, clinic = TurnContext(session_id="a"), TurnContext(session_id="b")
    llm.respond(shop, "40 tin nhắn")
    llm.respond(clinic, "900 leads")
    assert shop.snapshot["funnel"] == {"leads": 40} and clinic.snapshot["funnel"] == {"leads": 900}


def test_the_answer_and_the_stream_take_the_same_fallback(offline):
    answered = engine(offline, AIMessage(content="")).respond(TurnContext(session_id="s"), "bạn làm được gì?")
    *deltas, streamed = engine(offline, AIMessage(content="")).stream(TurnContext(session_id="s"), "bạn làm được gì?")
    assert answered == streamed and "".join(deltas) == answered.text
