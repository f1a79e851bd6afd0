"""Uploads into the conversation: read an export once, fold its figures into the session's snapshot.

Each upload keeps what its file said (the KPI module's parts, as JSON), so a new upload reads only
itself and the session's snapshot is combined from what was kept.
"""

import math
from pathlib import Path

from assistant.contracts import MONEY_FIELDS
from assistant.conversation.isolation import InProcessReader


def read_upload(data: bytes, filename: str, limit_mb: float, reader=None) -> tuple[dict, list[dict]]:
    """The KPI report of one uploaded file as JSON, and its parts to keep (raises UserFacingError for bad files).

    `reader` (assistant/conversation/isolation.py) reads a stranger's file in a bounded worker process."""
    report = (reader or InProcessReader()).read(data, filename, limit_mb)
    return finite(report.to_dict()), finite([part.to_json() for part in report.parts])


def finite(value):
    """JSON with every NaN or infinity made unknown (None): a stored one would fail every later read."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def _report_of(upload: dict):
    """The kept parts of an upload as a report; an upload stored before parts were kept is read from its file."""
    from assistant.kpi import KpiReport, read_export
    from assistant.kpi.model import Part

    if upload.get("parts") is not None:
        return KpiReport([Part.from_json(p) for p in upload["parts"]])
    path = Path(upload["path"])
    return read_export(path.read_bytes(), filename=upload["filename"]) if path.is_file() else None


def combined_snapshot(uploads: list[dict]) -> dict | None:
    """One snapshot from every upload of the session (the KPI module combines the sources)."""
    from assistant.kpi import combine

    reports = [r for r in map(_report_of, uploads) if r is not None]
    if not reports:
        return None
    return combine(reports).snapshot.model_dump(mode="json", exclude_none=True)


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
