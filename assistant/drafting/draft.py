"""What every drafting function returns: the same draft as Markdown, as HTML and as data."""

from typing import Any

from pydantic import BaseModel, Field

from assistant.contracts import Citation
from assistant.core.templates import render
from assistant.drafting.markup import to_html


class Draft(BaseModel):
    """A drafted artefact; `data` is JSON-able, for the chat's artefact card."""

    markdown: str
    html: str
    data: dict[str, Any]
    citations: list[Citation] = Field(default_factory=list)


def finish(template: str, key: str, data: dict, citations: list[Citation], lang: str) -> Draft:
    """Render `data` through the Markdown template (as `key`), with its citations, as a Draft."""
    data["citations"] = [{**c.model_dump(), "label": c.label} for c in citations]
    markdown = render(template, lang, **{key: data})
    return Draft(markdown=markdown, html=to_html(markdown), data=data, citations=citations)
