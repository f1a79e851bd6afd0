"""Upload file names as a stranger sends them, made safe once: for the disk, the database and replies."""

import unicodedata

MAX_NAME_BYTES = 180  # the kept file is `<dataset id>_<name>`; most file systems stop at 255 bytes
MAX_SUFFIX_BYTES = 16
FALLBACK = "upload"


def _visible(ch: str) -> bool:
    """Not a control, format (bidi overrides), surrogate or unassigned character."""
    return unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Cn")


def _cut(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, never half a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def upload_name(raw: str | None) -> str:
    """The base name only, controls and separators gone, at most MAX_NAME_BYTES; else 'upload'."""
    name = "".join(ch for ch in unicodedata.normalize("NFC", raw or "") if _visible(ch))
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".").strip()
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        suffix = dot + suffix if dot and len(suffix.encode("utf-8")) < MAX_SUFFIX_BYTES else ""
        name = _cut(stem if suffix else name, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip() + suffix
    return name or FALLBACK
