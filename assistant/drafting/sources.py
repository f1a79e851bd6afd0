"""Citations of the knowledge files the drafts rest on (title and heading read from the file)."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.core.config import get_settings
from assistant.drafting.labels import say
from assistant.retrieval.citations import Citation

STEP_DOCS = {
    1: "step-1-business-problem", 2: "step-2-customer-journey", 3: "step-3-strategy-positioning",
    4: "step-4-traffic-system", 5: "step-5-conversion-sales", 6: "step-6-crm-automation-ai",
    7: "step-7-measure-optimise",
}
_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")


def _read(doc_id: str, knowledge_dir: Path) -> tuple[dict, list[tuple[int, str]]]:
    """Front matter and (level, text) headings of one knowledge file; empty when it is absent."""
    path = knowledge_dir / f"{doc_id}.md"
    if not path.is_file():
        return {}, []
    return _parse(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _parse(path: Path, mtime_ns: int) -> tuple[dict, list[tuple[int, str]]]:
    """Parsed once per file version (the mtime is part of the cache key)."""
    body = path.read_text(encoding="utf-8")
    meta: dict = {}
    if body.startswith("---"):
        _, front, body = body.split("---", 2)
        meta = yaml.safe_load(front) or {}
    headings = [(len(m.group(1)), m.group(2)) for m in map(_HEADING.match, body.splitlines()) if m]
    return meta, headings


def _heading_path(headings: list[tuple[int, str]], pattern: str) -> str | None:
    """'Parent › Child' for the first heading matching the pattern."""
    parent = ""
    for level, heading in headings:
        if level == 2:
            parent = heading
        if re.search(pattern, heading, re.IGNORECASE):
            return heading if level == 2 or not parent else f"{parent} › {heading}"
    return None


def cite(doc_id: str, heading: str = "", lang: str = "vi", knowledge_dir: Path | None = None) -> Citation:
    """A citation of `knowledge/<doc_id>.md`, at the heading that matches `heading` (a word match)."""
    meta, headings = _read(doc_id, knowledge_dir or get_settings().knowledge_dir)
    pattern = rf"\b{re.escape(heading)}\b" if heading else ""
    found = _heading_path(headings, pattern) if heading else ""
    return Citation(
        doc_id=doc_id,
        title=meta.get("title") or say("drafting.doc_title", lang, doc_id=doc_id),
        heading=found or heading,
        source=f"knowledge/{doc_id}.md",
    )
