"""Test doubles shared by the engine, tools and conversation tests."""

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.retrieval.search import Hit


class ToolCallingFake(GenericFakeChatModel):
    """GenericFakeChatModel that accepts tools; its scripted AIMessages may carry tool calls."""

    def bind_tools(self, tools, **kw):
        return self.bind(tools=[getattr(t, "name", t) for t in tools])


def scripted(*messages: AIMessage) -> ToolCallingFake:
    return ToolCallingFake(messages=iter(messages), disable_streaming=True)


def call(name: str, args: dict | None = None, id: str = "call_1") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args or {}, "id": id, "type": "tool_call"}])


class FakeSearch:
    """Returns fixed knowledge chunks; records the queries."""

    def __init__(self, hits: list[Hit] | None = None):
        self.queries: list[str] = []
        self.hits = hits if hits is not None else [SLA_HIT, FUNNEL_HIT]

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        self.queries.append(query)
        return self.hits[:k]


SLA_HIT = Hit(
    text="## SLA marketing–sales\nSLA là thỏa thuận giữa marketing và sales về tiêu chí lead đủ điều kiện. "
         "Sales cam kết phản hồi lead trong tối đa 24–48 giờ. Hai bên họp định kỳ để phản hồi chất lượng lead.",
    title="Sáu silo nội bộ", source="knowledge/silos.md", heading="Silo 6 › SLA marketing–sales",
    score=0.9, citation="Sáu silo nội bộ › Silo 6 › SLA marketing–sales", doc_id="silos")
FUNNEL_HIT = Hit(
    text="Phễu chuyển đổi gồm các tầng từ tiếp cận đến mua hàng. Mỗi tầng có tỷ lệ chuyển đổi riêng.",
    title="Trụ cột chuyển đổi", source="knowledge/pillar-conversion.md", heading="Phễu",
    score=0.5, citation="Trụ cột chuyển đổi › Phễu", doc_id="pillar-conversion")
