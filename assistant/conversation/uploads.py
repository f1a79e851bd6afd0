"""Uploads into the conversation: read an export once, fold its figures into the session's snapshot.

Each upload keeps what its file said (the KPI module's parts, as JSON), so a new upload reads only
itself and the session's snapshot is combined from what was kept.
"""

import math
from pathlib import Path

from assistant.contracts import MONEY_FIELDS, STAGES
from assistant.conversation.isolation import InProcessReader


def read_upload(data: bytes, filename: str, limit_mb: float, reader=None) -> tuple[dict, list[dict]]:
    """The KPI report of one uploaded file as JSON, and its parts to keep (raises UserFacingError for bad files).

    `reader` (assistant/conversation/isolation.py) reads a stranger's file in a bounded worker process."""
    report = (reader or InProcessReader()).read(data, filename, limit_mb)
    return finite(report.kept()), finite([part.to_json() for part in report.parts])


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


def combined_snapshot(uploads: list[dict], rates: dict[str, float] | None = None) -> dict | None:
    """One snapshot from every upload of the session (the KPI module combines the sources, converting
    other currencies at `rates` or refusing them by name)."""
    from assistant.kpi import combine

    reports = [r for r in map(_report_of, uploads) if r is not None]
    if not reports:
        return None
    return combine(reports, rates=rates).snapshot.model_dump(mode="json", exclude_none=True)


TOLERANCE = 0.01  # figures within 1 % are the same figure (an export rounds, an owner rounds)


def _differ(a: float, b: float) -> bool:
    return abs(a - b) > TOLERANCE * max(abs(a), abs(b))


def merge_snapshot(current: dict, incoming: dict, source: str | None = None) -> dict:
    """Figures of `incoming` (the files) fill and update `current`; a figure the owner typed stays.

    Unknown (None) never erases a figure. Where a file disagrees with a typed figure, the typed one
    is kept and the disagreement recorded in `conflicts` for the owner to settle; once they kept
    their figure, the same file value is not asked about again.
    """
    merged = {**current, "funnel": dict(current.get("funnel") or {}),
              "sources": dict(current.get("sources") or {}), "business": dict(current.get("business") or {})}
    conflicts = [dict(c) for c in current.get("conflicts") or []]
    between = {c["field"]: c for c in incoming.get("conflicts") or [] if c.get("kind") == "files"}
    for name, holder in [(s, "funnel") for s in STAGES] + [(m, None) for m in MONEY_FIELDS]:
        value = (incoming.get(holder) or {}).get(name) if holder else incoming.get(name)
        if value is None:
            continue
        place = merged[holder] if holder else merged
        said = source or (incoming.get("sources") or {}).get(name, "upload")
        if merged["sources"].get(name) == "chat" and place.get(name) is not None:
            if _differ(place[name], value):
                conflicts = _conflict(conflicts, name, place[name], value, said)
            continue
        if name in between:
            conflicts, value, said = _between_files(conflicts, between[name], value, said)
        else:  # the files agree now: an earlier question about them is moot
            conflicts = [c for c in conflicts if not (c["field"] == name and c.get("kind") == "files")]
        place[name] = value
        merged["sources"][name] = said
    if conflicts:
        merged["conflicts"] = conflicts
    for key in ("currency", "period"):
        if incoming.get(key):
            merged[key] = incoming[key]
    merged["business"].update({k: v for k, v in (incoming.get("business") or {}).items() if v})
    return merged


def _conflict(conflicts: list[dict], name: str, typed: float, file_value: float, said: str) -> list[dict]:
    """The conflicts with this field's disagreement recorded (open), unless the owner already kept this typed figure."""
    held = next((c for c in conflicts if c["field"] == name), None)
    if held and held.get("kept") == "chat" and not _differ(held["file_value"], file_value) \
            and not _differ(held["typed"], typed):
        return conflicts
    unit = "percent" if name == "gross_margin" else "money" if name in MONEY_FIELDS else "count"
    fresh = {"field": name, "unit": unit, "typed": typed, "file_value": file_value, "source": said, "kept": None}
    return [c for c in conflicts if c["field"] != name] + [fresh]


def _between_files(conflicts: list[dict], fresh: dict, value: float, said: str) -> tuple[list[dict], float, str]:
    """Two files disagree on a figure: the owner's earlier choice between the same two values holds
    (the other file's figure when they picked it); otherwise the question is (re)opened."""
    held = next((c for c in conflicts if c["field"] == fresh["field"] and c.get("kind") == "files"), None)
    if held and held.get("kept") and not _differ(held["value"], fresh["value"]) \
            and not _differ(held["other"], fresh["other"]):
        if held["kept"] == "other":
            return conflicts, held["other"], held["other_source"]
        return conflicts, value, said
    return [c for c in conflicts if c["field"] != fresh["field"]] + [dict(fresh)], value, said


def snapshot_from_uploads(current: dict, uploads: list[dict], rates: dict[str, float] | None = None) -> dict:
    """The session's snapshot with every uploaded figure folded in."""
    incoming = combined_snapshot(uploads, rates)
    return merge_snapshot(current, incoming) if incoming else current
