"""The LLM engine with scripted tool-calling fakes that behave like real small models (no network).

Each bad habit a real model showed (issue 17) is scripted here and must be caught: without the
deterministic core, the checks or the agent's guard these tests fail.
"""

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.llm import LlmEngine
from tests.engine.fakes import FakeSearch, call, scripted

FIGURES = "Shop thời trang, tháng rồi chạy ads hết 30 triệu, 1.500 tin nhắn, chốt 12 đơn"  # a verdict at once
COUNTS = "Shop thời trang, tháng rồi chạy ads hết 30 triệu, được 1.500 tin nhắn"  # one count: an intake turn, the core asks


def engine(offline, *script, rounds=4):
    settings = get_settings().model_copy(update={"llm_max_tool_rounds": rounds})
    model = scripted(*script)
    llm = LlmEngine(settings, offline, FakeSearch(), chat_model=model)
    llm.model = model
    return llm


def last_prompt(llm) -> str:
    """The owner's message of the model's last request, with the facts and any correction after it."""
    return next(m.content for m in reversed(llm.model.received[-1]) if isinstance(m, HumanMessage))


def test_a_model_that_ignores_the_tools_still_gets_the_figures_into_the_snapshot_and_shows_them(offline):
    llm = engine(offline, AIMessage(content="Dạ em đã ghi nhận, anh/chị cho em hỏi thêm về khách hàng mục tiêu nhé."))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, COUNTS)
    assert reply.engine == "llm" and reply.notice is None
    assert ctx.snapshot["funnel"] == {"leads": 1500} and ctx.snapshot["spend"] == 30e6
    assert "1.500" in reply.text and "30 triệu" in reply.text  # said back, whatever the model wrote
    facts = last_prompt(llm)
    assert facts.startswith(COUNTS) and '"field":"leads","value":1500' in facts


def test_the_diagnosis_and_its_sources_reach_the_model_as_facts_with_ids(offline):
    llm = engine(offline, AIMessage(content="Dạ."),
                 AIMessage(content="Điểm nghẽn là tầng lead → khách mua, chỉ 0,8%; nên sửa trụ cột chuyển đổi trước [1]."))
    ctx = TurnContext(session_id="s")
    llm.respond(ctx, COUNTS)
    reply = llm.respond(ctx, "chốt được 12 đơn")
    assert reply.engine == "llm" and ctx.diagnosis["pillar_priority"][0] == "conversion"
    facts = last_prompt(llm)
    assert '"diagnosis":' in facts and '"sources":[{"id":1' in facts
    assert reply.citations and any(a.type == "diagnosis" for a in reply.artifacts)


def test_an_invented_figure_gets_one_corrective_retry_naming_it(offline):
    llm = engine(offline, AIMessage(content="Tỷ lệ chốt của anh/chị là 12%, CTR 125%, khá tốt."),
                 AIMessage(content="Em đã ghi nhận 30 triệu và 1.500 tin nhắn."))
    reply = llm.respond(TurnContext(session_id="s"), COUNTS)
    assert reply.engine == "llm" and "12%" not in reply.text and "30 triệu và 1.500 tin nhắn" in reply.text
    correction = last_prompt(llm)
    assert "12%" in correction and "125%" in correction and "không có trong facts" in correction
    assert llm.last_turn["violations"] == ["numbers"] and llm.last_turn["retries"] == 1


def test_a_model_that_keeps_inventing_gives_way_to_the_offline_answer_with_a_notice(offline):
    invented = AIMessage(content="Anh/chị nên tăng ngân sách lên 80 triệu để đạt 300 đơn.")
    llm = engine(offline, invented, invented)
    reply = llm.respond(TurnContext(session_id="s"), FIGURES)
    assert reply.engine == "offline" and reply.notice and "kiểm tra số liệu" in reply.notice
    assert "80 triệu" not in reply.text and "1.500" in reply.text


def test_an_answer_in_the_wrong_language_is_refused(offline):
    llm = engine(offline, AIMessage(content="Certainly! Below is a detailed SLA between marketing and sales."),
                 AIMessage(content="Dạ, em soạn SLA marketing–sales cho anh/chị ngay."))
    reply = llm.respond(TurnContext(session_id="s"), "soạn giúp em SLA marketing sales")
    assert reply.engine == "llm" and reply.text.startswith("Dạ") and "Certainly" not in reply.text
    assert "tiếng Việt" in last_prompt(llm)


def test_the_same_reply_to_a_different_question_is_refused(offline):
    same = "Dạ, em chào anh/chị, em là GrowthDoc."
    llm = engine(offline, AIMessage(content=same), AIMessage(content=same), AIMessage(content=same))
    ctx = TurnContext(session_id="s")
    first = llm.respond(ctx, "xin chào")
    ctx.history += [{"role": "user", "text": "xin chào"}, {"role": "assistant", "text": first.text}]
    second = llm.respond(ctx, "cảm ơn em nhé")
    assert first.engine == "llm" and second.engine == "offline" and second.notice
    assert "repeat" in llm.last_turn["violations"]


def test_a_citation_label_copied_from_anywhere_is_refused_a_real_id_is_kept(offline):
    llm = engine(offline, call("search_knowledge", {"query": "SLA là gì"}),
                 AIMessage(content="SLA quy định thời gian phản hồi lead [Sáu silo nội bộ › Silo 6]."),
                 call("search_knowledge", {"query": "SLA là gì"}, id="c2"),
                 AIMessage(content="SLA là thỏa thuận về tiêu chí lead và thời gian phản hồi [1]."))
    reply = llm.respond(TurnContext(session_id="s"), "SLA là gì?")
    assert reply.engine == "llm" and reply.text.endswith("[1].")
    assert "[Sáu silo nội bộ › Silo 6]" in last_prompt(llm)  # named in the correction
    assert reply.citations[0].doc_id == "silos"


def test_a_tool_call_written_as_text_is_run_and_never_shown(offline):
    text_call = ('<tool_call>\n{"name": "update_snapshot", "arguments": {"field": "qualified", "value": 14, '
                 '"quote": "14 bạn qua vòng phỏng vấn thử"}}\n</tool_call>')
    llm = engine(offline, AIMessage(content=text_call), AIMessage(content="Dạ, em đã ghi 14 bạn qua vòng thử."))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "tháng này có 14 bạn qua vòng phỏng vấn thử")
    assert reply.engine == "llm" and "tool_call" not in reply.text and "{" not in reply.text
    assert ctx.snapshot["funnel"]["qualified"] == 14


def test_parallel_tool_calls_each_store_their_figure(offline):
    both = AIMessage(content="", tool_calls=[
        {"name": "update_snapshot", "args": {"field": "qualified", "value": 95, "quote": "95 bạn đến học thử"},
         "id": "a", "type": "tool_call"},
        {"name": "update_snapshot", "args": {"field": "customers", "value": 30, "quote": "30 bạn đóng học phí"},
         "id": "b", "type": "tool_call"}])
    llm = engine(offline, both, AIMessage(content="Dạ, 95 bạn học thử và 30 bạn đóng học phí."))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "có 95 bạn đến học thử, 30 bạn đóng học phí")
    assert reply.engine == "llm" and ctx.snapshot["funnel"]["qualified"] == 95
    assert ctx.snapshot["funnel"]["customers"] == 30


def test_a_tool_loop_is_cut_and_the_model_must_answer(offline):
    again = [call("search_knowledge", {"query": "SLA"}, id=f"c{i}") for i in range(2)]
    llm = engine(offline, *again, AIMessage(content="SLA là thỏa thuận giữa marketing và sales [1]."), rounds=4)
    reply = llm.respond(TurnContext(session_id="s"), "SLA là gì?")
    assert reply.engine == "llm" and reply.text.endswith("[1].")
    final_request = llm.model.received[-1]
    assert isinstance(final_request[-1], HumanMessage) and "trả lời" in final_request[-1].content


def test_a_refused_figure_tells_the_model_why_and_a_right_retry_is_stored(offline):
    said = "mục tiêu 60 học viên mới/tháng"
    llm = engine(offline,
                 call("update_snapshot", {"field": "customers", "value": 60, "kind": "actual", "quote": said}),
                 call("update_snapshot", {"field": "customers", "value": 60, "kind": "target", "quote": said}, id="c2"),
                 AIMessage(content="Dạ, em ghi mục tiêu 60 học viên mỗi tháng."))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, "trung tâm anh có " + said)
    refused = next(m for m in llm.model.received[1] if isinstance(m, ToolMessage))
    assert refused.content.startswith("error: nothing stored.") and "kind target" in refused.content
    assert reply.engine == "llm" and ctx.snapshot["funnel"].get("customers") is None
    assert ctx.snapshot["target_customers"] == 60


def test_an_empty_answer_then_an_error_falls_back_with_the_notice_and_the_stream_matches(offline):
    llm = engine(offline, AIMessage(content=""))
    parts = list(llm.stream(TurnContext(session_id="s"), "bạn làm được gì?"))
    reply, deltas = parts[-1], parts[:-1]
    assert reply.engine == "offline" and reply.notice and "".join(deltas) == reply.text
    assert "Chẩn đoán marketing" in reply.text


def test_the_agent_is_built_once_and_the_system_prompt_is_the_same_for_every_turn(offline, monkeypatch):
    import assistant.engine.agent as wiring

    built = []
    real = wiring.create_agent
    monkeypatch.setattr(wiring, "create_agent", lambda *a, **kw: built.append(a) or real(*a, **kw))
    llm = engine(offline, AIMessage(content="Dạ vâng ạ."), AIMessage(content="Dạ, em chào anh chị."))
    shop = TurnContext(session_id="a", snapshot={"funnel": {"leads": 1500}})
    llm.respond(shop, "xin chào")
    llm.respond(TurnContext(session_id="b"), COUNTS)
    first, second = (messages[0].content for messages in llm.model.received)
    assert len(built) == 1 and first == second  # the changing facts come after the conversation
    assert "figures" in first and "conflicts" in first and "1500" not in first


def test_generic_advice_without_the_answers_sources_is_refused(offline):
    generic = AIMessage(content="Anh/chị nên tập trung vào chiến lược nội bộ và tối ưu hệ thống marketing.")
    llm = engine(offline, AIMessage(content="Dạ."), generic, generic)
    ctx = TurnContext(session_id="s")
    llm.respond(ctx, COUNTS)
    reply = llm.respond(ctx, "cứ chẩn đoán đi")
    assert reply.engine == "offline" and reply.notice and "uncited" in llm.last_turn["violations"]
    assert reply.citations and "[1]" in reply.text  # the offline diagnosis, with its sources


def test_a_conflict_answer_reaches_the_snapshot_whatever_the_model_does(offline):
    from assistant.intake.conflicts import choice

    llm = engine(offline, AIMessage(content="Dạ vâng."))
    ctx = TurnContext(session_id="s")
    offline.respond(ctx, "tháng rồi chạy ads hết 45 triệu, chốt 30 đơn")
    ctx.snapshot["conflicts"] = [{"field": "spend", "unit": "money", "typed": 45e6, "file_value": 26228466,
                                  "source": "meta.csv: Spend", "kept": None}]
    assert choice("giữ số đã gõ") == "chat"
    llm.respond(ctx, "giữ số đã gõ")
    assert ctx.snapshot["conflicts"][0]["kept"] == "chat" and ctx.snapshot["spend"] == 45e6


def test_invented_advice_in_place_of_the_cores_question_is_refused(offline):
    generic = AIMessage(content="Anh/chị nên tập trung vào chiến lược nội bộ và tối ưu hệ thống marketing.")
    llm = engine(offline, generic, generic)
    reply = llm.respond(TurnContext(session_id="s"), FIGURES)
    assert reply.engine == "offline" and "uncited" in llm.last_turn["violations"]
    assert "chiến lược nội bộ" not in reply.text and "?" in reply.text  # the core's next question instead


def test_a_model_that_keeps_calling_after_being_told_to_answer_ends_on_the_offline_answer(offline):
    loop = [call("search_knowledge", {"query": "silo"}, id=f"c{i}") for i in range(12)]
    llm = engine(offline, *loop, rounds=2)
    reply = llm.respond(TurnContext(session_id="s"), "SLA là gì?")
    assert reply.engine == "offline" and reply.notice and llm.last_turn["fallback"] == "Ungrounded"


def test_a_reply_that_drops_the_cores_question_gets_it_back(offline):
    llm = engine(offline, AIMessage(content="Got it, thanks for the figures."))
    ctx = TurnContext(session_id="s", lang="en")
    reply = llm.respond(ctx, "Last month we spent 30 million on ads and got 1,500 messages")
    assert reply.engine == "llm" and "Got it, thanks for the figures." in reply.text
    assert reply.text.rstrip().endswith("?")  # the intake's next question, as the core wrote it


def test_a_failed_turn_keeps_the_cores_reading_and_drops_the_models_writes(offline):
    said = "14 bạn qua vòng phỏng vấn thử"  # words the core cannot place; the model's call can
    llm = engine(offline, call("update_snapshot", {"field": "qualified", "value": 14, "quote": said}))
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, FIGURES + ", " + said)  # the script ends after the call: the model fails
    assert reply.engine == "offline" and reply.notice
    assert ctx.snapshot["funnel"]["leads"] == 1500 and ctx.snapshot["spend"] == 30e6  # the core's reading stays
    assert "qualified" not in ctx.snapshot["funnel"]  # the failed turn's tool write is gone


def test_the_models_what_if_numbers_are_traceable_to_the_tool(offline):
    llm = engine(offline, call("what_if", {"stage": "lead_to_customer", "rate": 0.02}),
                 AIMessage(content="Nếu tỷ lệ chốt lên 2%, anh/chị có khoảng 30 khách mua thay vì 12."))
    ctx = TurnContext(session_id="s")
    offline.respond(ctx, FIGURES)  # the verdict first
    reply = llm.respond(ctx, "nếu tỷ lệ chốt lên 2% thì sao?")
    assert reply.engine == "llm" and "30 khách mua" in reply.text and not llm.last_turn["violations"]


def test_a_reply_that_drops_the_diagnosis_and_its_sources_is_refused(offline):
    plan = AIMessage(content="Certainly! Below is a detailed plan: first, define your goals; second, run more ads.")
    llm = engine(offline, AIMessage(content="Noted."), plan, plan)
    ctx = TurnContext(session_id="s", lang="en")
    llm.respond(ctx, "Last month we spent 30 million on ads and got 1,500 messages")
    reply = llm.respond(ctx, "go ahead and diagnose")
    assert reply.engine == "offline" and "uncited" in llm.last_turn["violations"]
    assert "Certainly" not in reply.text and reply.citations
