"""An upload and the owner's typed words disagree: the owner's answer ("dùng số trong file" / "giữ số đã gõ")."""

from assistant.contracts import STAGES
from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, norm
from assistant.tools.actions import open_conflicts


def choice(message: str) -> str | None:
    """"file" when the owner picks the file's figures, "chat" when they keep what they typed, else None."""
    normalized = norm(message)
    if has_any(normalized, lx.words("use_file")):
        return "file"
    if has_any(normalized, lx.words("keep_typed")):
        return "chat"
    return None


def named_fields(message: str) -> set[str]:
    """The figures a message names ("dùng số trong file cho chi quảng cáo"); empty when it names none."""
    return {h.meaning for h in lx.scan(norm(message)) if h.group in ("stage", "money")}


def pending(snapshot: dict, picked: str) -> list[dict]:
    """The conflicts this choice would change: open ones, or ones settled the other way (a change of mind)."""
    return [c for c in snapshot.get("conflicts") or [] if c.get("kept") != picked]


def settle(snapshot: dict, picked: str, fields: set[str] | None = None) -> list[dict]:
    """Apply the owner's choice to the pending conflicts (those of `fields` when named); returns them."""
    settled = [c for c in pending(snapshot, picked) if not fields or c["field"] in fields]
    for conflict in settled:
        field, was = conflict["field"], conflict.get("kept")
        conflict["kept"] = picked
        holder = snapshot.setdefault("funnel", {}) if field in STAGES else snapshot
        if picked == "file":
            holder[field] = conflict["file_value"]
            snapshot.setdefault("sources", {})[field] = conflict["source"]
            (snapshot.get("figures") or {}).pop(field, None)
        elif was == "file":  # back to the typed figure
            holder[field] = conflict["typed"]
            snapshot.setdefault("sources", {})[field] = "chat"
    return settled


def typed_again(snapshot: dict, fields: set[str]) -> None:
    """A figure the owner types anew settles its conflict: their latest words win."""
    for conflict in open_conflicts(snapshot):
        if conflict["field"] in fields:
            conflict["kept"] = "chat"
