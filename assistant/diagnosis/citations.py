"""Citations of the knowledge base: a file id + a heading hint, resolved against `knowledge/`."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.core.config import get_settings
from assistant.core.lang import strip_diacritics
from assistant.retrieval.citations import Citation

_HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*$", re.MULTILINE)


def _norm(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", strip_diacritics(value).lower()).split())


@lru_cache(maxsize=256)
def _read(path: str, mtime: float) -> tuple[str, tuple[str, ...]]:
    """(title, headings) of one knowledge file."""
    text = Path(path).read_text(encoding="utf-8")
    title = Path(path).stem
    if text.startswith("---"):
        front = yaml.safe_load(text.split("---", 2)[1]) or {}
        title = front.get("title") or title
    return title, tuple(_HEADING.findall(text))


def knowledge_file(doc_id: str, knowledge_dir: Path | None = None) -> Path:
    return Path(knowledge_dir or get_settings().knowledge_dir) / f"{doc_id}.md"


def resolve_heading(headings: tuple[str, ...], hint: str) -> str | None:
    """The first heading that contains every word of the hint (case and diacritics ignored)."""
    words = _norm(hint).split()
    for heading in headings:
        normalized = f" {_norm(heading)} "
        if all(f" {w} " in normalized for w in words):
            return heading
    return None


@lru_cache(maxsize=512)
def _cite(doc_id: str, hint: str, path: str, mtime: float) -> Citation:
    title, headings = _read(path, mtime)
    heading = resolve_heading(headings, hint) or (headings[0] if headings else "")
    return Citation(doc_id=doc_id, title=title, heading=heading, source=f"knowledge/{doc_id}.md")


def cite(doc_id: str, hint: str, knowledge_dir: Path | None = None) -> Citation:
    """A Citation to the heading of `doc_id` matching `hint`; the hint itself if the file is absent."""
    path = knowledge_file(doc_id, knowledge_dir)
    if not path.is_file():
        return Citation(doc_id=doc_id, title=doc_id, heading=hint, source=f"knowledge/{doc_id}.md")
    return _cite(doc_id, hint, str(path), path.stat().st_mtime).model_copy()
