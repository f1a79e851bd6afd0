"""What every drafting function returns: the same draft as Markdown, as HTML and as data."""

from typing import Any

from pydantic import BaseModel, Field

from assistant.retrieval.citations import Citation


class Draft(BaseModel):
    """A drafted artefact; `data` is JSON-able, for the chat's artefact card."""

    markdown: str
    html: str
    data: dict[str, Any]
    citations: list[Citation] = Field(default_factory=list)
