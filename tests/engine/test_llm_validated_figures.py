"""The LLM path extracts, the tool validates: a scripted model's wrong reading is refused and it can retry."""

from langchain_core.messages import AIMessage, ToolMessage

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.llm import LlmEngine
from tests.engine.fakes import FakeSearch, call, scripted

SAID = "mục tiêu 60 học viên mới/tháng"


def test_a_target_put_as_an_actual_gets_an_error_the_model_acts_on_and_is_stored_right_on_retry(offline):
    model = scripted(
        call("update_snapshot", {"figures": [{"field": "customers", "value": 60, "unit": "count", "kind": "actual",
                                              "quote": SAID}]}),
        call("update_snapshot", {"figures": [{"field": "customers", "value": 60, "unit": "count", "kind": "target",
                                              "quote": SAID}]}, id="call_2"),
        AIMessage(content="Đã ghi mục tiêu 60 học viên."))
    llm = LlmEngine(get_settings(), offline, FakeSearch(), chat_model=model)
    ctx = TurnContext(session_id="s")
    reply = llm.respond(ctx, SAID)
    first_result = next(m for m in model.received[1] if isinstance(m, ToolMessage))
    assert first_result.content.startswith("error: nothing stored.") and "kind target" in first_result.content
    assert reply.engine == "llm"
    assert ctx.snapshot["funnel"] == {} and ctx.snapshot["target_customers"] == 60
    assert ctx.snapshot["figures"]["target_customers"]["kind"] == "target"
