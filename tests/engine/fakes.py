"""Test doubles shared by the engine, tools and conversation tests."""

from dataclasses import dataclass

from langchain.tools import ToolRuntime
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.tools import BaseTool
from pydantic import Field

from assistant.retrieval.search import Hit
from assistant.tools.context import ToolContext


class ToolCallingFake(GenericFakeChatModel):
    """GenericFakeChatModel that accepts tools; its scripted AIMessages may carry tool calls.

    `received` keeps the messages of every call, so a test can read the prompt the model got."""

    received: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools, **kw):
        return self.bind(tools=[getattr(t, "name", t) for t in tools])

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.received.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def scripted(*messages: AIMessage) -> ToolCallingFake:
    return ToolCallingFake(messages=iter(messages), disable_streaming=True)


def call(name: str, args: dict | None = None, id: str = "call_1") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args or {}, "id": id, "type": "tool_call"}])


@dataclass
class BoundTool:
    """A tool called outside the agent, with the runtime context the agent would inject."""

    tool: BaseTool
    state: ToolContext

    def invoke(self, args: dict) -> str:
        runtime = ToolRuntime(state={}, context=self.state, config={}, stream_writer=lambda _: None,
                              tool_call_id="test", store=None)
        return self.tool.invoke({**args, "runtime": runtime})


class FakeSearch:
    """Returns fixed knowledge chunks; records the queries."""

    def __init__(self, hits: list[Hit] | None = None):
        self.queries: list[str] = []
        self.hits = hits if hits is not None else [SLA_HIT, FUNNEL_HIT]

    def search(self, query: str, k: int = 5, mode: str = "hybrid", lang: str | None = None) -> list[Hit]:
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
