"""Uploads into the conversation: read an export, fold its figures into the session's snapshot."""

from pathlib import Path

from assistant.contracts import MONEY_FIELDS


def read_upload(data: bytes, filename: str) -> dict:
    """The KPI report of one uploaded file as JSON (raises UserFacingError for bad files)."""
    from assistant.kpi import read_export

    return read_export(data, filename=filename).to_dict()


def combined_snapshot(uploads: list[dict]) -> dict | None:
    """One snapshot from every upload of the session (the KPI module combines the sources)."""
    from assistant.kpi import combine, read_export

    reports = [read_export(Path(u["path"]).read_bytes(), filename=u["filename"])
               for u in uploads if Path(u["path"]).is_file()]
    if not reports:
        return None
    return combine(reports).to_dict()["snapshot"]


def merge_snapshot(current: dict, incoming: dict, source: str | None = None) -> dict:
    """Figures of `incoming` override those of `current`; unknown (None) never erases a figure."""
    merged = {**current, "funnel": dict(current.get("funnel") or {}),
              "sources": dict(current.get("sources") or {}), "business": dict(current.get("business") or {})}
    for stage, value in (incoming.get("funnel") or {}).items():
        if value is not None:
            merged["funnel"][stage] = value
            merged["sources"][stage] = source or (incoming.get("sources") or {}).get(stage, "upload")
    for name in MONEY_FIELDS:
        if incoming.get(name) is not None:
            merged[name] = incoming[name]
            merged["sources"][name] = source or (incoming.get("sources") or {}).get(name, "upload")
    for key in ("currency", "period"):
        if incoming.get(key):
            merged[key] = incoming[key]
    merged["business"].update({k: v for k, v in (incoming.get("business") or {}).items() if v})
    return merged


def snapshot_from_uploads(current: dict, uploads: list[dict]) -> dict:
    """The session's snapshot with every uploaded figure folded in."""
    incoming = combined_snapshot(uploads)
    return merge_snapshot(current, incoming) if incoming else current
