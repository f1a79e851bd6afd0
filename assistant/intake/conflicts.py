"""An upload and the owner's typed words disagree ("dùng số trong file" / "giữ số đã gõ"), or two files
do ("dùng số của file hubspot_deals"): the owner's answer."""

import re

from assistant.contracts import STAGES
from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, norm, words


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


def _file_words(source: str) -> set[str]:
    """The words naming the file(s) of a source: "hubspot_deals.csv: Deal Stage" -> {"hubspot", "deals"}."""
    found: set[str] = set()
    for one in source.split("; "):
        stem = re.sub(r"\.[a-z0-9]{1,5}$", "", norm(one.partition(": ")[0]))
        found |= {w for w in words(stem) if len(w) >= 3 and not w.isdigit()}
    return found


def between_files(snapshot: dict, message: str) -> list[tuple[dict, str]]:
    """The owner's choices between two files that disagree: (conflict, "other" | "used") for each open
    conflict whose file the message names with a word of choosing ("dùng số hubspot deals")."""
    normalized = norm(message)
    if not has_any(normalized, lx.words("pick_file")):
        return []
    said = set(words(normalized))
    picks = []
    for conflict in snapshot.get("conflicts") or []:
        if conflict.get("kind") != "files" or conflict.get("kept"):
            continue
        used, other = _file_words(conflict["source"]), _file_words(conflict["other_source"])
        if said & (other - used):
            picks.append((conflict, "other"))
        elif said & (used - other):
            picks.append((conflict, "used"))
    return picks


def settle_files(snapshot: dict, picks: list[tuple[dict, str]]) -> list[dict]:
    """Apply the owner's choices between files; returns the settled conflicts (with the value now used)."""
    for conflict, picked in picks:
        conflict["kept"] = picked
        if picked == "other":
            field = conflict["field"]
            holder = snapshot.setdefault("funnel", {}) if field in STAGES else snapshot
            holder[field] = conflict["other"]
            snapshot.setdefault("sources", {})[field] = conflict["other_source"]
    return [c for c, _ in picks]


def pending(snapshot: dict, picked: str) -> list[dict]:
    """The conflicts this choice would change: open ones, or ones settled the other way (a change of mind)."""
    return [c for c in snapshot.get("conflicts") or [] if c.get("kept") != picked and c.get("kind") != "files"]


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


def open_conflicts(snapshot: dict) -> list[dict]:
    """Figures on which an upload and the owner's typed words (or two files) disagree, not yet settled."""
    return [c for c in snapshot.get("conflicts") or [] if not c.get("kept")]


def typed_again(snapshot: dict, fields: set[str]) -> None:
    """A figure the owner types anew settles its conflict: their latest words win."""
    for conflict in open_conflicts(snapshot):
        if conflict["field"] in fields:
            conflict["kept"] = "chat"
