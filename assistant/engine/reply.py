"""What an engine returns for one turn, whichever engine answered (DESIGN.md, HTTP API)."""

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.retrieval.citations import Citation

ArtifactType = Literal["diagnosis", "kpis", "agenda", "sla", "report", "chart", "kpi_tree", "smart"]


class Artifact(BaseModel):
    type: ArtifactType
    data: Any


class Reply(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list)
    lang: str = "vi"
    engine: Literal["offline", "llm"] = "offline"
    notice: str | None = None  # e.g. "the model timed out; the offline engine answered"
