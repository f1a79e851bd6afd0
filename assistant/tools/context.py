"""What the tools see of one turn: LangChain hands it to each tool as `runtime.context`."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.contracts import TurnContext
from assistant.tools.recorder import Recorder


@dataclass
class ToolContext:
    """The agent's `context_schema`: the session's state, the search, this turn's recorder and deadline."""

    turn: TurnContext
    search: Any = None  # a KnowledgeSearch, or None when the index is missing
    recorder: Recorder = field(default_factory=Recorder)
    knowledge_dir: Path | None = None
    deadline: float | None = None  # time.monotonic() by which the whole turn must be done
    request_timeout_s: float = 30.0  # one model request at most (the deadline may cut it shorter)
    max_tool_rounds: int = 4
