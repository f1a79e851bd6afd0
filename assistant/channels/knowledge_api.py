"""`GET /api/knowledge/passage`: the knowledge passage a citation points at, for the widget to open in place."""

from fastapi import APIRouter, Depends, Query

from assistant.channels.deps import SettingsDep, get_workspace
from assistant.core.errors import UserFacingError
from assistant.retrieval.knowledge import load_knowledge

router = APIRouter(prefix="/api/knowledge", tags=["knowledge"], dependencies=[Depends(get_workspace)])
MAX_CHARS = 2400


def find_passage(documents, doc_id: str, heading: str = "") -> dict | None:
    """The chunks of one document under a heading (the heading itself, else its sub-headings, else the first)."""
    doc = next((d for d in documents if d.meta.id == doc_id), None)
    if doc is None or not doc.chunks:
        return None
    chunks = [c for c in doc.chunks if c.heading == heading] or \
             [c for c in doc.chunks if heading and (c.heading.startswith(heading) or heading.startswith(c.heading)
                                                    and c.heading)] or doc.chunks[:1]
    text = "\n\n".join(c.text for c in chunks)
    return {"doc_id": doc_id, "title": doc.meta.title, "heading": chunks[0].heading,
            "source": chunks[0].source, "text": text[:MAX_CHARS]}


@router.get("/passage")
def passage(settings: SettingsDep, doc_id: str = Query(max_length=100),
            heading: str = Query("", max_length=400)) -> dict:
    """The text of a cited knowledge section: `doc_id` and `heading` as in a reply's citation."""
    found = find_passage(load_knowledge(settings.knowledge_dir), doc_id, heading)
    if found is None:
        raise UserFacingError("channels.passage_not_found", status=404, doc_id=doc_id)
    return found
